#!/usr/bin/env node
'use strict';
// End-to-end local run on real data: prepare MNIST channels, train with the SageMaker contract
// (paths overridden with SM_* variables), start `serve` as a child process, classify held-out
// digits over HTTP, stop the server with SIGTERM. Exits 0 only if accuracy >= 0.90.
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { prepareMnist } = require('./prepare-mnist');

const ROOT = path.join(__dirname, '..');
const WORK = path.join(ROOT, '.local', 'demo');
const ENTRYPOINT = path.join(ROOT, 'bin', 'entrypoint');
const THRESHOLD = 0.9;
const CONCURRENCY = 8;

const log = (/** @type {string} */ line) => console.log(`demo: ${line}`);

/**
 * @param {string} command train|serve
 * @param {NodeJS.ProcessEnv} env
 */
function start(command, env) {
  const child = spawn(process.execPath, [ENTRYPOINT, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  readline.createInterface({ input: child.stdout }).on('line', (l) => console.log(`  ${command}| ${l}`));
  readline.createInterface({ input: child.stderr }).on('line', (l) => console.error(`  ${command}| ${l}`));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

/** @param {import('node:child_process').ChildProcess} child */
function waitForPort(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (/** @type {Buffer} */ c) => {
      out += c.toString();
      const m = /listening on port (\d+)/.exec(out);
      if (m) { child.stdout?.off('data', onData); resolve(Number(m[1])); }
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => reject(new Error('server exited before listening')));
  });
}

/** @param {string} base */
async function waitUntilReady(base, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${base}/ping`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`/ping not 200 after ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const started = Date.now();
  fs.rmSync(WORK, { recursive: true, force: true });
  const data = path.join(WORK, 'data');
  const files = prepareMnist({ outDir: data });
  log(`prepared real MNIST digits in ${data} (train/validation/test channels + holdout.csv)`);

  const config = path.join(WORK, 'input', 'config');
  fs.mkdirSync(config, { recursive: true });
  // Strings, as SageMaker passes them.
  fs.writeFileSync(path.join(config, 'hyperparameters.json'),
    JSON.stringify({ hidden_units: '128', epochs: '12', batch_size: '64', learning_rate: '0.001', early_stopping_patience: '3' }));
  const smEnv = {
    SM_INPUT_CONFIG_DIR: config,
    SM_CHANNEL_TRAIN: path.join(data, 'train'),
    SM_CHANNEL_VALIDATION: path.join(data, 'validation'),
    SM_CHANNEL_TEST: path.join(data, 'test'),
    SM_MODEL_DIR: path.join(WORK, 'model'),
    SM_OUTPUT_DIR: path.join(WORK, 'output'),
    SM_OUTPUT_DATA_DIR: path.join(WORK, 'output', 'data'),
  };
  log('training (node bin/entrypoint train) ...');
  const train = start('train', smEnv);
  const trainCode = await train.exited;
  if (trainCode !== 0) throw new Error(`train exited with ${trainCode}`);

  log('starting server (node bin/entrypoint serve) ...');
  const serve = start('serve', { SM_MODEL_DIR: smEnv.SM_MODEL_DIR, PORT: '0', HOST: '127.0.0.1' });
  try {
    const port = await waitForPort(serve.child);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(base);
    const rows = fs.readFileSync(files.holdout, 'utf8').split('\n').filter(Boolean).map((line) => {
      const [label, ...pixels] = line.split(',');
      return { label: Number(label), pixels: pixels.map(Number) };
    });
    log(`sending ${rows.length} held-out digits to ${base}/invocations (JSON and CSV, concurrency ${CONCURRENCY})`);
    let next = 0;
    let correct = 0;
    let done = 0;
    const worker = async () => {
      while (next < rows.length) {
        const i = next++;
        const csv = i % 2 === 1;
        const res = await fetch(`${base}/invocations`, {
          method: 'POST',
          headers: { 'content-type': csv ? 'text/csv' : 'application/json' },
          body: csv ? rows[i].pixels.join(',') : JSON.stringify({ instances: [rows[i].pixels] }),
        });
        if (res.status !== 200) throw new Error(`digit ${i}: HTTP ${res.status} ${await res.text()}`);
        const { predictions } = /** @type {{ predictions: { class: number }[] }} */ (await res.json());
        if (predictions[0].class === rows[i].label) correct += 1;
        done += 1;
        if (done % 250 === 0) log(`${done}/${rows.length} classified, running accuracy=${(correct / done).toFixed(4)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const accuracy = correct / rows.length;
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    const batches = /predict_batch_size_count (\d+)/.exec(metrics)?.[1];
    log(`${rows.length} requests served in ${batches} predict calls (micro-batching)`);
    serve.child.kill('SIGTERM');
    const serveCode = await serve.exited;
    if (serveCode !== 0) throw new Error(`serve exited with ${serveCode} after SIGTERM`);
    log(`server drained and exited 0; total ${((Date.now() - started) / 1000).toFixed(1)}s`);
    console.log(`demo: accuracy=${accuracy.toFixed(4)} on ${rows.length} held-out digits`);
    return accuracy >= THRESHOLD ? 0 : 1;
  } finally {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(`demo: failed: ${e.message}`);
  process.exit(1);
});
