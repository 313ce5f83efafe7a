'use strict';
// Adversarial cases for the model server: values that are finite in JSON but not in float32, bodies
// that are legal but large, slow and vanishing clients. Each one used to answer wrong or hurt the server.
const net = require('node:net');
const { createInferenceServer } = require('../src/server');
const { request } = require('./helpers');

/** 3 features, 2 classes; p1 = sigmoid(sum), computed in float32 like a real tensor. */
function model({ busyMsPerRow = 0, delayMs = 0 } = {}) {
  const calls = [];
  return {
    calls,
    featureCount: 3,
    classCount: 2,
    predict: async (features, rows) => {
      calls.push(rows);
      const until = Date.now() + busyMsPerRow * rows;
      while (Date.now() < until) { /* a synchronous predict, like tfjs on the cpu/wasm backend */ }
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const probabilities = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const z = Math.fround(features[3 * r] + features[3 * r + 1] + features[3 * r + 2]);
        // exp overflows for huge inputs exactly as float32 softmax does: Infinity/Infinity = NaN
        const e1 = Math.fround(Math.exp(z));
        probabilities[2 * r] = 1 / (1 + e1);
        probabilities[2 * r + 1] = e1 / (1 + e1);
      }
      return { probabilities, classCount: 2 };
    },
  };
}

const json = (body, headers = {}) => ({
  method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
});
const csv = (body) => ({ method: 'POST', path: '/invocations', headers: { 'content-type': 'text/csv' }, body });

/** @param {object} options @param {object} m */
async function start(options = {}, m = model()) {
  const app = createInferenceServer({ log: () => {}, ...options });
  app.setModel(m);
  const port = await app.listen(0, '127.0.0.1');
  return { app, port, m };
}

const metrics = async (port) => (await request(port, { path: '/metrics' })).text;

describe('the server never answers 200 with a wrong or null prediction', () => {
  let s;
  beforeEach(async () => { s = await start(); });
  afterEach(async () => { await s.app.drain(); });

  test.each([
    ['JSON 1e39 (finite double, Infinity in float32)', json([1e39, 0, 0])],
    ['JSON -1.7e308', json({ instances: [[0, -1.7e308, 0]] })],
    ['CSV 1e39', csv('1e39,0,0')],
    ['CSV hex 0x10', csv('0x10,0,0')],
    ['CSV binary 0b1', csv('0b1,0,0')],
  ])('%s -> 400 not_numeric', async (_, req) => {
    const res = await request(s.port, req);
    expect(res.status).toBe(400);
    expect(res.json().code).toBe('not_numeric');
  });

  test('an input the model overflows on (float32-finite) is 422, never 200 with null probabilities', async () => {
    const res = await request(s.port, json([[0, 0, 0], [3e38, 3e38, 0]]));
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ code: 'prediction_not_finite', error: expect.stringContaining('row 1:') });
    expect(res.text).not.toContain('null');
    expect((await request(s.port, json([0, 0, 0]))).json().predictions[0].probabilities).toEqual([0.5, 0.5]);
  });

  test('Content-Encoding other than identity is 415, an Accept without JSON is 406 (we would answer JSON)', async () => {
    const gz = await request(s.port, json([0, 0, 0], { 'content-encoding': 'gzip' }));
    expect(gz.status).toBe(415);
    expect(gz.json().code).toBe('unsupported_content_encoding');
    const accept = await request(s.port, json([0, 0, 0], { accept: 'text/csv' }));
    expect(accept.status).toBe(406);
    expect(accept.json().code).toBe('not_acceptable');
    for (const ok of ['application/json', '*/*', 'text/csv, application/json;q=0.5', 'application/*']) {
      expect((await request(s.port, json([0, 0, 0], { accept: ok }))).status).toBe(200);
    }
    expect((await request(s.port, json([0, 0, 0], { accept: 'application/json;q=0' }))).status).toBe(406);
  });
});

describe('one legal large request does not block /ping or grow tensor memory', () => {
  test('predict runs in pieces of maxBatchSize rows; /ping answers within 500 ms meanwhile (the whole request takes ~1.5 s)', async () => {
    const s = await start({ maxBatchSize: 32, maxRowsPerRequest: 5000 }, model({ busyMsPerRow: 0.5 }));
    try {
      const rows = Array.from({ length: 3000 }, (_, i) => [i % 7, 0, -3]);
      const big = request(s.port, json(rows)); // ~1.5 s of predict work in total
      while (s.m.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
      const t0 = Date.now();
      const ping = await request(s.port, { path: '/ping' });
      const pingMs = Date.now() - t0;
      const res = await big;
      expect(ping.status).toBe(200);
      expect(pingMs).toBeLessThan(500);
      expect(res.status).toBe(200);
      const { predictions } = res.json();
      expect(predictions).toHaveLength(3000);
      expect(predictions[6].class).toBe(1);
      expect(predictions[0].class).toBe(0);
      expect(Math.max(...s.m.calls)).toBeLessThanOrEqual(32);
    } finally {
      await s.app.drain();
    }
  });

  test('more rows than MAX_ROWS_PER_REQUEST is 413 before any predict', async () => {
    const s = await start({ maxRowsPerRequest: 100 });
    try {
      const res = await request(s.port, csv('1,2,3\n'.repeat(101)));
      expect(res.status).toBe(413);
      expect(res.json().code).toBe('too_many_rows');
      expect(s.m.calls).toEqual([]);
      expect((await request(s.port, csv('1,2,3\n'.repeat(100)))).status).toBe(200);
    } finally {
      await s.app.drain();
    }
  });
});

/** Open a raw socket, write `text`, and resolve with what the server sent and how long until it closed. */
function rawClient(port, text) {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (c) => { received += c; });
    socket.on('close', () => resolve({ received, ms: Date.now() - started }));
    socket.on('error', () => {});
  });
}

describe('slow clients cannot hold a socket', () => {
  let s;
  beforeEach(async () => { s = await start({ requestTimeoutMs: 300 }); });
  afterEach(async () => { await s.app.drain(); });

  test('headers that never finish: the server closes the connection', async () => {
    const r = await rawClient(s.port, 'POST /invocations HTTP/1.1\r\nHost: x\r\n');
    expect(r.ms).toBeLessThan(3000);
    expect(r.received).toMatch(/^HTTP\/1\.1 408/);
  });

  test('a body that never finishes: 408 and closed, and /metrics shows no 5xx', async () => {
    const r = await rawClient(s.port,
      'POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\n1,2,');
    expect(r.ms).toBeLessThan(3000);
    expect(r.received).toMatch(/^HTTP\/1\.1 408/);
    expect(await metrics(s.port)).not.toMatch(/status="5\d\d"/);
  });
});

describe('client disconnects are not server errors', () => {
  test('a client that hangs up mid-body is counted as 499, not 500', async () => {
    const s = await start();
    try {
      await new Promise((resolve) => {
        const socket = net.connect(s.port, '127.0.0.1', () => {
          socket.write('POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\n1,2,');
          setTimeout(() => { socket.destroy(); resolve(); }, 50);
        });
      });
      let text = '';
      for (let i = 0; i < 50 && !text.includes('status="499"'); i++) {
        await new Promise((r) => setTimeout(r, 10));
        text = await metrics(s.port);
      }
      expect(text).toContain('http_requests_total{path="/invocations",method="POST",status="499"} 1');
      expect(text).toContain('http_request_errors_total{code="client_closed_request"} 1');
      expect(text).not.toMatch(/status="5\d\d"/);
    } finally {
      await s.app.drain();
    }
  });

  test('a client that hangs up while its rows are predicted is counted as 499, not 200 or 500', async () => {
    const s = await start({}, model({ delayMs: 150 }));
    try {
      await new Promise((resolve) => {
        const socket = net.connect(s.port, '127.0.0.1', () => {
          const body = '1,2,3\n';
          socket.write(`POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
          setTimeout(() => { socket.destroy(); resolve(); }, 40);
        });
      });
      await new Promise((r) => setTimeout(r, 250));
      const text = await metrics(s.port);
      expect(text).toContain('status="499"} 1');
      expect(text).not.toMatch(/status="(5\d\d|200)"/);
    } finally {
      await s.app.drain();
    }
  });
});
