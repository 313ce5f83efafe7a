'use strict';
// The SageMaker training contract: read hyperparameters and channels from /opt/ml/input, train,
// evaluate on the test channel, write the model to /opt/ml/model and the evaluation to
// /opt/ml/output/data. One stable log line per epoch feeds SageMaker's metric regexes.
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const { resolvePaths } = require('./paths');
const { initBackend } = require('./backend');
const { parseHyperparameters } = require('./hyperparameters');
const { loadChannel, dataVersion, permutation, seededRandom, subset } = require('./data');
const { buildModel, predictProbabilities, argmaxRows } = require('./model');
const { fileSystemHandler } = require('./model-io');
const { classificationReport, epochLine, testLine } = require('./metrics');
const { writeFailure } = require('./failure-file');

/**
 * @typedef {import('./data').Dataset} Dataset
 * @typedef {(line: string) => void} Log
 */

/**
 * Read hyperparameters.json; a missing file means "all defaults" (handy locally; SageMaker always writes one).
 * @param {string} file
 * @param {Log} log
 */
function readHyperparameters(file, log) {
  if (!fs.existsSync(file)) {
    log(`no ${file}; using default hyperparameters`);
    return parseHyperparameters({});
  }
  let raw;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${/** @type {Error} */ (e).message}`);
  }
  return parseHyperparameters(raw);
}

/**
 * Load train (required) and validation/test (when their directory exists) and check they agree.
 * @param {Record<string, string>} dirs
 * @param {Log} log
 * @returns {Record<string, Dataset>}
 */
function loadChannels(dirs, log) {
  /** @type {Record<string, Dataset>} */
  const out = { train: loadChannel(dirs.train, 'train') };
  for (const name of ['validation', 'test']) {
    if (fs.existsSync(dirs[name])) out[name] = loadChannel(dirs[name], name);
  }
  for (const [name, ds] of Object.entries(out)) {
    log(`channel ${name}: rows=${ds.rows} features=${ds.featureCount} files=${ds.files.length}`);
    if (ds.featureCount !== out.train.featureCount) {
      throw new Error(`channel "${name}" has ${ds.featureCount} features but train has ${out.train.featureCount}`);
    }
  }
  return out;
}

/** @param {Int32Array} labels */
function maxLabel(labels) {
  let m = -1;
  for (const l of labels) if (l > m) m = l;
  return m;
}

/**
 * Train, evaluate and write artifacts. Throws on any failure (the caller writes the failure file).
 * @param {{ env?: NodeJS.ProcessEnv, log?: Log }} [options]
 */
async function runTraining(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => console.log(line));
  const started = Date.now();
  const paths = resolvePaths(env);
  const hp = readHyperparameters(paths.hyperparametersFile, log);
  log(`hyperparameters ${JSON.stringify(hp)}`);
  const channels = loadChannels(paths.channels, log);
  const version = dataVersion(channels);
  const classCount = Math.max(...Object.values(channels).map((d) => maxLabel(d.labels))) + 1;
  if (classCount < 2) throw new Error('labels must cover at least 2 classes (0 and 1)');
  const backend = await initBackend({ requested: env.TFJS_BACKEND, log });

  // Hold out the validation split (seeded) only when no validation channel was given.
  let train = channels.train;
  /** @type {Dataset|undefined} */
  let validation = channels.validation;
  if (!validation && hp.validation_split > 0) {
    const order = permutation(train.rows, seededRandom(hp.seed));
    const valRows = Math.ceil(train.rows * hp.validation_split);
    if (valRows >= train.rows) throw new Error(`validation_split=${hp.validation_split} leaves no training rows`);
    validation = subset(train, order.subarray(train.rows - valRows));
    train = subset(train, order.subarray(0, train.rows - valRows));
  }

  const model = buildModel({
    featureCount: train.featureCount, classCount, hiddenUnits: hp.hidden_units, learningRate: hp.learning_rate, seed: hp.seed,
  });
  const fit = await fitWithEarlyStopping(model, train, validation, hp, log);

  const evalSet = channels.test ?? validation;
  const evalName = channels.test ? 'test' : 'validation';
  /** @type {import('./metrics').ClassificationReport|undefined} */
  let report;
  if (evalSet) {
    const { probabilities } = await predictProbabilities(model, evalSet.features, evalSet.rows);
    report = classificationReport(evalSet.labels, argmaxRows(probabilities, classCount), classCount);
    if (evalName === 'test') log(testLine(report));
    else log(`no test channel: evaluated on validation data accuracy=${report.accuracy.toFixed(6)}`);
  }

  await model.save(fileSystemHandler(paths.modelDir));
  const summary = report && {
    dataset: evalName, rows: report.rows, accuracy: report.accuracy,
    macro_precision: report.macro_precision, macro_recall: report.macro_recall, macro_f1: report.macro_f1,
  };
  const metadata = {
    framework: `tensorflow.js ${tf.version.tfjs}`,
    backend: backend.name,
    feature_count: train.featureCount,
    class_count: classCount,
    hyperparameters: hp,
    data_version: version,
    data_files: Object.fromEntries(Object.entries(channels).map(([k, d]) => [k, d.files])),
    rows: { train: train.rows, validation: validation?.rows ?? 0, test: channels.test?.rows ?? 0 },
    training: fit,
    evaluation: summary ?? null,
    training_seconds: (Date.now() - started) / 1000,
  };
  writeJson(path.join(paths.modelDir, 'metadata.json'), metadata);
  if (report) {
    writeJson(path.join(paths.outputDataDir, 'evaluation.json'), {
      ...summary, per_class: report.per_class, confusion_matrix: report.confusion_matrix, data_version: version,
    });
  }
  model.dispose();
  log(`model written to ${paths.modelDir} in ${metadata.training_seconds.toFixed(1)}s`);
  return metadata;
}

/**
 * One model.fit call (the fastest path) with callbacks for the per-epoch log line and early stopping
 * on val_loss (loss without validation) that restores the best weights. tfjs shuffles with
 * Math.random and takes no seed, so Math.random is a seeded PRNG for the duration of fit.
 * @param {import('@tensorflow/tfjs').LayersModel} model
 * @param {Dataset} train
 * @param {Dataset|undefined} validation
 * @param {import('./hyperparameters').Hyperparameters} hp
 * @param {Log} log
 */
async function fitWithEarlyStopping(model, train, validation, hp, log) {
  const xs = tf.tensor2d(train.features, [train.rows, train.featureCount]);
  const ys = tf.tensor1d(Float32Array.from(train.labels));
  const valData = validation && /** @type {[import('@tensorflow/tfjs').Tensor, import('@tensorflow/tfjs').Tensor]} */ ([
    tf.tensor2d(validation.features, [validation.rows, validation.featureCount]),
    tf.tensor1d(Float32Array.from(validation.labels)),
  ]);
  const monitor = validation ? 'val_loss' : 'loss';
  let best = { epoch: 0, value: Infinity };
  /** @type {import('@tensorflow/tfjs').Tensor[]|undefined} */
  let bestWeights;
  let epochsRun = 0;
  /** @type {Record<string, number>} */
  let last = {};
  const mathRandom = Math.random;
  Math.random = seededRandom(hp.seed + 7);
  const fitStarted = process.hrtime.bigint();
  try {
    await model.fit(xs, ys, {
      epochs: hp.epochs, batchSize: hp.batch_size, shuffle: true, verbose: 0, validationData: valData,
      callbacks: {
        onEpochEnd: async (index, logs = {}) => {
          const epoch = index + 1;
          last = {
            loss: logs.loss, accuracy: logs.acc ?? logs.accuracy,
            val_loss: logs.val_loss ?? NaN, val_accuracy: logs.val_acc ?? logs.val_accuracy ?? NaN,
          };
          log(epochLine(epoch, /** @type {{ loss: number, accuracy: number }} */ (last)));
          epochsRun = epoch;
          if (last[monitor] < best.value) {
            best = { epoch, value: last[monitor] };
            tf.dispose(bestWeights ?? []);
            bestWeights = model.getWeights().map((w) => w.clone());
          } else if (hp.early_stopping_patience > 0 && epoch - best.epoch >= hp.early_stopping_patience) {
            log(`early stopping at epoch ${epoch}: ${monitor} has not improved since epoch ${best.epoch}`);
            model.stopTraining = true;
          }
        },
      },
    });
    if (bestWeights && best.epoch !== epochsRun) {
      model.setWeights(bestWeights);
      log(`restored weights of epoch ${best.epoch} (${monitor}=${best.value.toFixed(6)})`);
    }
  } finally {
    Math.random = mathRandom;
    tf.dispose([xs, ys, ...(valData ?? []), ...(bestWeights ?? [])]);
  }
  const fitSeconds = Number(process.hrtime.bigint() - fitStarted) / 1e9;
  return {
    epochs_run: epochsRun, best_epoch: best.epoch, monitor, best_value: best.value, last_epoch: last,
    fit_seconds: fitSeconds, samples_per_second: (train.rows * epochsRun) / fitSeconds,
  };
}

/** @param {string} file @param {unknown} value */
function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

module.exports = { runTraining, writeFailure, readHyperparameters };
