#!/usr/bin/env node
'use strict';
// Training throughput of the reference container's trainer vs a plain tfjs `model.fit` script:
// same MNIST data, same architecture, same backend, same epochs/batch size. Runs alternate
// (ours, plain, ours, ...) in one process and the median samples/s of each is reported.
// Usage: node bench/container-train-bench.js [runs=5] [epochs=5]   (TFJS_BACKEND picks the backend; default wasm)
const fs = require('node:fs');
const path = require('node:path');
const container = path.join(__dirname, '..', 'container');
const tf = require(require.resolve('@tensorflow/tfjs', { paths: [container] }));
const { initBackend } = require(path.join(container, 'src', 'backend'));
const { runTraining } = require(path.join(container, 'src', 'train'));
const { loadChannel } = require(path.join(container, 'src', 'data'));
const { prepareMnist } = require(path.join(container, 'scripts', 'prepare-mnist'));

const runs = Number(process.argv[2] ?? 5);
const epochs = Number(process.argv[3] ?? 5);
const HP = { hidden_units: 128, batch_size: 64, learning_rate: 0.001 };
const work = path.join(container, '.local', 'bench-train');

/** Plain tfjs: build, compile, one model.fit call with tfjs' own shuffling. */
async function plainFit(train, validation) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [train.featureCount], units: HP.hidden_units, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(HP.learning_rate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(train.features, [train.rows, train.featureCount]);
  const ys = tf.tensor1d(Float32Array.from(train.labels));
  const xv = tf.tensor2d(validation.features, [validation.rows, validation.featureCount]);
  const yv = tf.tensor1d(Float32Array.from(validation.labels));
  const started = process.hrtime.bigint();
  await model.fit(xs, ys, { epochs, batchSize: HP.batch_size, validationData: [xv, yv], shuffle: true, verbose: 0 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  tf.dispose([xs, ys, xv, yv]);
  model.dispose();
  return (train.rows * epochs) / seconds;
}

async function ours(env) {
  const meta = await runTraining({ env, log: () => {} });
  return meta.training.samples_per_second;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const files = prepareMnist({ outDir: path.join(work, 'data') });
  fs.mkdirSync(path.join(work, 'config'), { recursive: true });
  fs.writeFileSync(path.join(work, 'config', 'hyperparameters.json'), JSON.stringify({
    hidden_units: String(HP.hidden_units), batch_size: String(HP.batch_size), learning_rate: String(HP.learning_rate),
    epochs: String(epochs), early_stopping_patience: '0',
  }));
  const env = {
    TFJS_BACKEND: process.env.TFJS_BACKEND || 'wasm',
    SM_INPUT_CONFIG_DIR: path.join(work, 'config'),
    SM_CHANNEL_TRAIN: path.dirname(files.train),
    SM_CHANNEL_VALIDATION: path.dirname(files.validation),
    SM_CHANNEL_TEST: path.join(work, 'no-test'),
    SM_MODEL_DIR: path.join(work, 'model'),
    SM_OUTPUT_DIR: path.join(work, 'output'),
  };
  const backend = await initBackend({ requested: env.TFJS_BACKEND, log: () => {} });
  const train = loadChannel(env.SM_CHANNEL_TRAIN, 'train');
  const validation = loadChannel(env.SM_CHANNEL_VALIDATION, 'validation');
  console.log(`train bench: backend=${backend.name} rows=${train.rows} epochs=${epochs} batch_size=${HP.batch_size} runs=${runs}`);
  await plainFit(train, validation); // warm-up (wasm compile, kernel caches)
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours(env));
    b.push(await plainFit(train, validation));
    console.log(`run ${i + 1}: ours=${a[i].toFixed(0)} samples/s plain=${b[i].toFixed(0)} samples/s`);
  }
  const ratio = median(a) / median(b);
  console.log(`median: ours=${median(a).toFixed(0)} samples/s plain model.fit=${median(b).toFixed(0)} samples/s ratio=${ratio.toFixed(3)} (target >= 0.95)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
