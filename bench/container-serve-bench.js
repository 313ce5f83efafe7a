#!/usr/bin/env node
'use strict';
// Serving throughput and latency of the reference container's server (micro-batching) vs a bare
// node:http server calling predict once per request (bench/container-serve-baseline.js), same
// model and backend, at concurrency 1, 16 and 64, with autocannon on loopback. Each server runs
// in its own child process; autocannon runs in this process.
// Usage: node bench/container-serve-bench.js [durationSeconds=10] [rounds=2]   (TFJS_BACKEND picks the backend; default wasm)
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const container = path.join(__dirname, '..', 'container');
const autocannon = require(require.resolve('autocannon', { paths: [container] }));
const { runTraining } = require(path.join(container, 'src', 'train'));
const { prepareMnist } = require(path.join(container, 'scripts', 'prepare-mnist'));

const duration = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 2);
const CONCURRENCY = [1, 16, 64];
const work = path.join(container, '.local', 'bench-serve');
const backend = process.env.TFJS_BACKEND || 'wasm';

/** @param {string[]} args @param {Record<string, string>} env */
async function startServer(name, args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, TFJS_BACKEND: backend, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (l) => { const m = /listening on port (\d+)/.exec(l); if (m) resolve(Number(m[1])); });
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}`)));
  });
  for (;;) { // wait for the model (our /ping is 503 until loaded; the baseline listens after loading)
    const ok = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.status === 200 || name === 'baseline', () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** @param {number} port @param {number} connections @param {string} body @param {number} seconds */
function load(port, connections, body, seconds) {
  return autocannon({
    url: `http://127.0.0.1:${port}/invocations`, method: 'POST', connections, duration: seconds,
    headers: { 'content-type': 'application/json' }, body,
  });
}

async function main() {
  const files = prepareMnist({ outDir: path.join(work, 'data') });
  fs.mkdirSync(path.join(work, 'config'), { recursive: true });
  fs.writeFileSync(path.join(work, 'config', 'hyperparameters.json'), JSON.stringify({ epochs: '3' }));
  const modelDir = path.join(work, 'model');
  await runTraining({ log: () => {}, env: {
    TFJS_BACKEND: backend, SM_INPUT_CONFIG_DIR: path.join(work, 'config'), SM_CHANNEL_TRAIN: path.dirname(files.train),
    SM_CHANNEL_VALIDATION: path.dirname(files.validation), SM_CHANNEL_TEST: path.dirname(files.test),
    SM_MODEL_DIR: modelDir, SM_OUTPUT_DIR: path.join(work, 'output'),
  } });
  const digit = fs.readFileSync(files.holdout, 'utf8').split('\n')[0].split(',').slice(1).map(Number);
  const body = JSON.stringify({ instances: [digit] });
  const servers = {
    ours: [path.join(container, 'bin', 'entrypoint'), 'serve'],
    baseline: [path.join(__dirname, 'container-serve-baseline.js')],
  };
  /** @type {Record<string, Record<number, { rps: number, p50: number, p99: number }[]>>} */
  const results = { ours: {}, baseline: {} };
  console.log(`serve bench: backend=${backend} body=1 MNIST digit (${body.length} bytes JSON) ${rounds} rounds x ${duration}s per point`);
  /** @type {Record<string, Awaited<ReturnType<typeof startServer>>>} */
  const running = {};
  for (const [name, args] of Object.entries(servers)) {
    running[name] = await startServer(name, args, { SM_MODEL_DIR: modelDir });
    await load(running[name].port, 64, body, 5); // warm-up: JIT and wasm kernels
  }
  // Interleave the servers at each point so background load on the machine hits both alike.
  for (const c of CONCURRENCY) {
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(servers)) {
        const r = await load(running[name].port, c, body, duration);
        if (r.non2xx || r.errors) throw new Error(`${name} c=${c}: non2xx=${r.non2xx} errors=${r.errors}`);
        (results[name][c] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
        console.log(`${name} c=${c} round ${round + 1}: ${r.requests.average.toFixed(0)} req/s p50=${r.latency.p50} ms p99=${r.latency.p99} ms`);
      }
    }
  }
  const metrics = await fetch(`http://127.0.0.1:${running.ours.port}/metrics`).then((r) => r.text());
  const count = Number(/predict_batch_size_count (\d+)/.exec(metrics)?.[1]);
  const sum = Number(/predict_batch_size_sum (\d+)/.exec(metrics)?.[1]);
  console.log(`ours: ${sum} rows in ${count} predict calls (mean ${(sum / count).toFixed(2)} rows per predict)`);
  for (const server of Object.values(running)) await server.stop();
  const mean = (xs, key) => xs.reduce((a, x) => a + x[key], 0) / xs.length;
  console.log('\n| concurrency | ours req/s | baseline req/s | ratio | ours p50 / p99 (ms) | baseline p50 / p99 (ms) |');
  console.log('|---|---|---|---|---|---|');
  for (const c of CONCURRENCY) {
    const [o, b] = [results.ours[c], results.baseline[c]];
    const f = (xs) => `${mean(xs, 'p50').toFixed(1)} / ${mean(xs, 'p99').toFixed(1)}`;
    console.log(`| ${c} | ${mean(o, 'rps').toFixed(0)} | ${mean(b, 'rps').toFixed(0)} | ${(mean(o, 'rps') / mean(b, 'rps')).toFixed(2)}x | ${f(o)} | ${f(b)} |`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
