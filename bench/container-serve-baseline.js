#!/usr/bin/env node
'use strict';
// Baseline for bench/container-serve-bench.js: the simplest correct server — bare node:http,
// JSON body in, one `model.predict` per request, same response shape. No batching, no metrics.
// Usage: SM_MODEL_DIR=<dir> PORT=0 node bench/container-serve-baseline.js
const http = require('node:http');
const path = require('node:path');
const container = path.join(__dirname, '..', 'container');
const tf = require(require.resolve('@tensorflow/tfjs', { paths: [container] }));
const { initBackend } = require(path.join(container, 'src', 'backend'));
const { loadModel } = require(path.join(container, 'src', 'model-io'));

async function main() {
  await initBackend({ log: (l) => console.log(`baseline: ${l}`) });
  const model = await loadModel(process.env.SM_MODEL_DIR ?? '/opt/ml/model');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString());
        const rows = parsed.instances ?? parsed;
        const out = tf.tidy(() => model.predict(tf.tensor2d(rows)));
        const p = await out.data();
        const k = out.shape[1];
        out.dispose();
        const predictions = [];
        for (let r = 0; r < p.length / k; r++) {
          const probs = Array.from(p.subarray(r * k, (r + 1) * k), (v) => Math.round(v * 1e6) / 1e6);
          predictions.push({ class: probs.indexOf(Math.max(...probs)), probabilities: probs });
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ predictions }));
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: String(e) }));
      }
    });
  });
  server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
    console.log(`baseline: listening on port ${server.address().port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((e) => { console.error(e); process.exit(1); });
