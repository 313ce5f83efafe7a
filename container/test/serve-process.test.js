'use strict';
// The real `serve` entry point as a child process: model loaded from SM_MODEL_DIR, real SIGTERM.
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { initBackend } = require('../src/backend');
const { buildModel } = require('../src/model');
const { fileSystemHandler } = require('../src/model-io');
const { tempDir, request } = require('./helpers');

describe('bin/serve process', () => {
  let dir;
  let child;
  let port;
  let output = '';
  let exited;
  beforeAll(async () => {
    dir = tempDir();
    await initBackend({ requested: 'cpu', log: () => {} });
    await buildModel({ featureCount: 4, classCount: 3, hiddenUnits: 8, learningRate: 0.01, seed: 1 }).save(fileSystemHandler(dir));
    child = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'entrypoint'), 'serve'], {
      env: { ...process.env, SM_MODEL_DIR: dir, PORT: '0', HOST: '127.0.0.1', SAGEMAKER_BIND_TO_PORT: '' },
    });
    exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port in: ${output}`)), 15000);
      child.stdout.on('data', () => {
        const m = /listening on port (\d+)/.exec(output);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
    });
    for (let i = 0; i < 200 && (await request(port, { path: '/ping' })).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('logs the backend, serves the saved model, and on SIGTERM finishes the in-flight request and exits 0', async () => {
    expect(output).toMatch(/serve: backend=(tensorflow|wasm|cpu)/);
    expect(output).toContain('features=4 classes=3');
    const ok = await request(port, { method: 'POST', path: '/invocations', headers: { 'content-type': 'text/csv' }, body: '1,2,3,4' });
    expect(ok.status).toBe(200);
    expect(ok.json().predictions[0].probabilities).toHaveLength(3);

    // Start a request whose body is only half sent, then SIGTERM the server.
    const body = '[0.1, 0.2, 0.3, 0.4]';
    const pending = new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/invocations', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 8));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(8)), 150);
      }, 50);
    });
    const res = /** @type {{ status: number, text: string }} */ (await pending);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).predictions).toHaveLength(1);
    await expect(exited).resolves.toEqual({ code: 0, signal: null });
    expect(output).toContain('serve: SIGTERM: draining in-flight requests');
    expect(output).toContain('serve: drained; exiting');
  });
});
