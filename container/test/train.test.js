'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { runTraining } = require('../src/train');
const { loadModel } = require('../src/model-io');
const { predictProbabilities, argmaxRows } = require('../src/model');
const { loadChannel } = require('../src/data');
const { prepareMnist } = require('../scripts/prepare-mnist');
const { tempDir, write } = require('./helpers');

const EPOCH_LINE = /^epoch=(\d+) loss=(\d+\.\d{6}) accuracy=(\d+\.\d{6}) val_loss=(\d+\.\d{6}) val_accuracy=(\d+\.\d{6})$/;
const TEST_LINE = /^test_accuracy=(\d\.\d{6}) test_macro_precision=(\d\.\d{6}) test_macro_recall=(\d\.\d{6}) test_macro_f1=(\d\.\d{6})$/;

/** SM_* overrides for a job rooted at dir. */
function smEnv(dir, channels) {
  return {
    TFJS_BACKEND: 'wasm',
    SM_INPUT_CONFIG_DIR: path.join(dir, 'config'),
    SM_CHANNEL_TRAIN: channels.train,
    SM_CHANNEL_VALIDATION: channels.validation ?? path.join(dir, 'no-validation'),
    SM_CHANNEL_TEST: channels.test ?? path.join(dir, 'no-test'),
    SM_MODEL_DIR: path.join(dir, 'model'),
    SM_OUTPUT_DIR: path.join(dir, 'output'),
    SM_OUTPUT_DATA_DIR: path.join(dir, 'output', 'data'),
  };
}

/** @param {string} dir @param {Record<string, string>} hp */
async function train(dir, channels, hp) {
  write(path.join(dir, 'config', 'hyperparameters.json'), JSON.stringify(hp));
  const lines = [];
  const metadata = await runTraining({ env: smEnv(dir, channels), log: (l) => lines.push(l) });
  return { lines, metadata };
}

describe('train on real MNIST digits', () => {
  let dir;
  let data;
  let result;
  beforeAll(async () => {
    dir = tempDir();
    data = prepareMnist({ outDir: path.join(dir, 'data'), counts: { train: 150, validation: 20, test: 50, holdout: 50 }, seed: 3 });
    result = await train(dir, {
      train: path.dirname(data.train), validation: path.dirname(data.validation), test: path.dirname(data.test),
    }, { hidden_units: '64', epochs: '6', batch_size: '64', learning_rate: '0.003', early_stopping_patience: '0' });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('logs exactly one stable epoch line per epoch and one test line', () => {
    const epochs = result.lines.filter((l) => l.startsWith('epoch='));
    expect(epochs).toHaveLength(6);
    epochs.forEach((l, i) => expect(l).toMatch(EPOCH_LINE) && expect(EPOCH_LINE.exec(l)?.[1]).toBe(String(i + 1)));
    const first = Number(EPOCH_LINE.exec(epochs[0])?.[2]);
    const last = Number(EPOCH_LINE.exec(epochs[5])?.[2]);
    expect(last).toBeLessThan(first / 2);
    expect(result.lines.filter((l) => TEST_LINE.test(l))).toHaveLength(1);
  });

  test('held-out digits the trainer never saw are classified with accuracy > 0.85', async () => {
    const model = await loadModel(path.join(dir, 'model'));
    const holdout = path.join(dir, 'holdout-channel');
    write(path.join(holdout, 'h.csv'), fs.readFileSync(data.holdout, 'utf8'));
    const ds = loadChannel(holdout, 'holdout');
    const { probabilities } = await predictProbabilities(model, ds.features, ds.rows);
    const predicted = argmaxRows(probabilities, 10);
    const accuracy = predicted.filter((p, i) => p === ds.labels[i]).length / ds.rows;
    expect(ds.rows).toBe(500);
    expect(accuracy).toBeGreaterThan(0.85);
  });

  test('writes model, metadata.json (data version, backend, shapes) and evaluation.json', () => {
    expect(fs.readdirSync(path.join(dir, 'model')).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'model', 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({
      backend: 'wasm', feature_count: 784, class_count: 10,
      rows: { train: 1500, validation: 200, test: 500 },
      hyperparameters: { hidden_units: 64, epochs: 6, batch_size: 64, learning_rate: 0.003, seed: 42 },
      training: { epochs_run: 6 },
    });
    expect(meta.data_version).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.data_files.train[0]).toMatchObject({ path: 'train.csv', bytes: fs.statSync(data.train).size });
    const evaluation = JSON.parse(fs.readFileSync(path.join(dir, 'output', 'data', 'evaluation.json'), 'utf8'));
    expect(evaluation.dataset).toBe('test');
    expect(evaluation.data_version).toBe(meta.data_version);
    const cm = evaluation.confusion_matrix;
    const total = cm.flat().reduce((a, b) => a + b, 0);
    const diagonal = cm.reduce((a, row, i) => a + row[i], 0);
    expect(total).toBe(500);
    expect(evaluation.accuracy).toBeCloseTo(diagonal / total, 12);
    const logged = Number(TEST_LINE.exec(result.lines.find((l) => TEST_LINE.test(l)))?.[1]);
    expect(logged).toBeCloseTo(evaluation.accuracy, 6);
    expect(evaluation.accuracy).toBeGreaterThan(0.85);
  });
});

describe('train on small synthetic data', () => {
  let dir;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** rows of [label, x0, x1] where the label is the index of the hot feature (or its opposite). */
  const rows = (n, flip) => Array.from({ length: n }, (_, i) => {
    const hot = i % 2;
    return `${flip ? 1 - hot : hot},${hot === 0 ? 1 : 0},${hot}`;
  }).join('\n');

  test('the same seed gives the same training run (deterministic shuffle and init)', async () => {
    write(path.join(dir, 'train', 'a.csv'), rows(64));
    const hp = { epochs: '3', hidden_units: '4', batch_size: '8', seed: '5' };
    const a = await train(path.join(dir, 'a'), { train: path.join(dir, 'train') }, hp);
    const b = await train(path.join(dir, 'b'), { train: path.join(dir, 'train') }, hp);
    const epochs = (r) => r.lines.filter((l) => l.startsWith('epoch='));
    expect(epochs(a)).toHaveLength(3);
    expect(epochs(b)).toEqual(epochs(a));
    const c = await train(path.join(dir, 'c'), { train: path.join(dir, 'train') }, { ...hp, seed: '6' });
    expect(epochs(c)).not.toEqual(epochs(a));
  });

  test('validation_split holds out rows when there is no validation channel; no test channel evaluates on validation', async () => {
    write(path.join(dir, 'train', 'a.csv'), rows(100));
    const { lines, metadata } = await train(dir, { train: path.join(dir, 'train') }, { epochs: '1', validation_split: '0.2' });
    expect(metadata.rows).toEqual({ train: 80, validation: 20, test: 0 });
    expect(lines.some((l) => l.startsWith('test_accuracy='))).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/^no test channel: evaluated on validation data accuracy=/));
    const evaluation = JSON.parse(fs.readFileSync(path.join(dir, 'output', 'data', 'evaluation.json'), 'utf8'));
    expect(evaluation).toMatchObject({ dataset: 'validation', rows: 20 });
  });

  test('early stopping stops after `patience` epochs without val_loss improvement and restores the best weights', async () => {
    // validation labels are the opposite of train labels: the better the fit, the worse val_loss.
    write(path.join(dir, 'train', 'a.csv'), rows(64));
    write(path.join(dir, 'validation', 'a.csv'), rows(16, true));
    const { lines, metadata } = await train(dir, { train: path.join(dir, 'train'), validation: path.join(dir, 'validation') },
      { epochs: '30', early_stopping_patience: '2', learning_rate: '0.05', hidden_units: '8', batch_size: '8' });
    expect(metadata.training).toMatchObject({ epochs_run: 3, best_epoch: 1, monitor: 'val_loss' });
    expect(lines).toContain('early stopping at epoch 3: val_loss has not improved since epoch 1');
    expect(lines.filter((l) => l.startsWith('epoch='))).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/^restored weights of epoch 1 /));
  });

  test('inconsistent channels are rejected', async () => {
    write(path.join(dir, 'train', 'a.csv'), rows(10));
    write(path.join(dir, 'test', 'a.csv'), '0,1,2,3\n');
    await expect(train(dir, { train: path.join(dir, 'train'), test: path.join(dir, 'test') }, {}))
      .rejects.toThrow('channel "test" has 3 features but train has 2');
  });
});

describe('bin/train failure contract', () => {
  let dir;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** @param {Record<string, string>} env */
  const run = (env) => spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'train')], {
    env: { ...process.env, ...smEnv(dir, { train: path.join(dir, 'train') }), ...env }, encoding: 'utf8',
  });

  test('bad hyperparameters: failure file names the problem, exit code is non-zero', () => {
    write(path.join(dir, 'config', 'hyperparameters.json'), '{"epochs": "many", "dropout": "0.5"}');
    const r = run({});
    expect(r.status).toBe(1);
    const reason = fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8');
    expect(reason).toContain('epochs="many": must be an integer');
    expect(reason).toContain('unknown hyperparameter "dropout"');
    expect(r.stderr).toContain('train: failed: invalid hyperparameters');
    expect(fs.existsSync(path.join(dir, 'model', 'model.json'))).toBe(false);
  });

  test('missing train channel: failure file says which directory', () => {
    const r = run({});
    expect(r.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8'))
      .toBe(`channel "train": directory ${path.join(dir, 'train')} does not exist\n`);
  });

  test('a label far outside the class range fails with the file and line (it used to exhaust memory silently)', () => {
    write(path.join(dir, 'train', 'a.csv'), '0,1,2\n1,2,3\n99999999,1,1\n');
    const r = run({});
    expect(r.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8'))
      .toBe('channel "train" a.csv:3: label 99999999 is out of range: labels are class indexes 0..999\n');
  });

  test('a worker that runs out of memory still leaves a failure file with the reason', () => {
    write(path.join(dir, 'train', 'a.csv'), '0,1,2\n1,2,3\n');
    write(path.join(dir, 'output', 'failure'), 'stale reason from an earlier run\n');
    const r = run({ NODE_OPTIONS: '--max-old-space-size=16' });
    expect(r.status).toBe(134);
    expect(fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8'))
      .toBe('training process aborted (SIGABRT), most likely the JavaScript heap ran out of memory\n');
  });

  test('a worker killed by the OOM killer (SIGKILL) leaves a failure file; SIGTERM is reported as a stop', async () => {
    write(path.join(dir, 'train', 'a.csv'), '0,1,2\n1,2,3\n'.repeat(50));
    write(path.join(dir, 'config', 'hyperparameters.json'), '{"epochs": "1000", "early_stopping_patience": "0"}');
    const runAsync = (onLine) => new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'train')], {
        env: { ...process.env, ...smEnv(dir, { train: path.join(dir, 'train') }) },
      });
      let out = '';
      const feed = (c) => { out += c; onLine(out, child); };
      child.stdout.on('data', feed);
      child.stderr.on('data', feed);
      child.on('exit', (code) => resolve({ code, out }));
    });
    let killed = false;
    const oom = await runAsync((out) => {
      const pid = /worker pid (\d+)/.exec(out)?.[1];
      if (pid && !killed && out.includes('epoch=1 ')) { killed = true; process.kill(Number(pid), 'SIGKILL'); }
    });
    expect(oom.code).toBe(137);
    expect(fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8')).toContain('killed (SIGKILL), most likely out of memory');
    let stopped = false;
    const term = await runAsync((out, child) => {
      if (!stopped && out.includes('epoch=1 ')) { stopped = true; child.kill('SIGTERM'); }
    });
    expect(term.code).toBe(143);
    expect(fs.readFileSync(path.join(dir, 'output', 'failure'), 'utf8')).toBe('training stopped by SIGTERM\n');
  });
});

