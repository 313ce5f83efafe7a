'use strict';
const http = require('node:http');
const os = require('node:os');
const { createInferenceServer } = require('../src/server');
const { request } = require('./helpers');

/**
 * Fake 3-feature, 2-class model: p(class 1) = sigmoid(sum of features). Optional gate to hold
 * predict calls open (for drain tests) and a delay to let requests pile up (for batching tests).
 */
function fakeModel({ delayMs = 0 } = {}) {
  const calls = [];
  let gate = Promise.resolve();
  const model = {
    featureCount: 3,
    classCount: 2,
    predict: async (features, rows) => {
      calls.push(rows);
      await gate;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const probabilities = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const p1 = 1 / (1 + Math.exp(-(features[3 * r] + features[3 * r + 1] + features[3 * r + 2])));
        probabilities[2 * r] = 1 - p1;
        probabilities[2 * r + 1] = p1;
      }
      return { probabilities, classCount: 2 };
    },
  };
  return { model, calls, hold: () => { let release; gate = new Promise((r) => { release = r; }); return () => release(); } };
}

const json = (body) => ({ method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const csv = (body) => ({ method: 'POST', path: '/invocations', headers: { 'content-type': 'text/csv' }, body });

describe('inference server (SageMaker hosting contract)', () => {
  let app;
  let port;
  let fake;
  beforeEach(async () => {
    fake = fakeModel();
    app = createInferenceServer({ maxBodyBytes: 200, log: () => {} });
    port = await app.listen(0, '127.0.0.1');
  });
  afterEach(async () => { await app.drain(); });

  test('/ping is 503 until the model is loaded, then 200; /invocations is 503 before too', async () => {
    expect((await request(port, { path: '/ping' })).status).toBe(503);
    const early = await request(port, json([1, 2, 3]));
    expect(early.status).toBe(503);
    expect(early.json()).toEqual({ error: 'model is not loaded yet', code: 'model_not_loaded' });
    app.setModel(fake.model);
    const ping = await request(port, { path: '/ping' });
    expect(ping.status).toBe(200);
    expect((await request(port, { method: 'HEAD', path: '/ping' })).status).toBe(200);
  });

  describe('with a model', () => {
    beforeEach(() => app.setModel(fake.model));

    test.each([
      ['{"instances": [...]}', json({ instances: [[0, 0, 0], [5, 5, 5]] })],
      ['a bare array of rows', json([[0, 0, 0], [5, 5, 5]])],
      ['text/csv, one row per line', csv('0,0,0\n5,5,5\n')],
    ])('POST /invocations with %s returns class and probabilities per row', async (_, req) => {
      const res = await request(port, req);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      const { predictions } = res.json();
      expect(predictions).toHaveLength(2);
      expect(predictions[0]).toEqual({ class: 0, probabilities: [0.5, 0.5] });
      expect(predictions[1].class).toBe(1);
      expect(predictions[1].probabilities[1]).toBeCloseTo(1 / (1 + Math.exp(-15)), 6);
    });

    test('a single JSON row is one prediction', async () => {
      const res = await request(port, json([1, -1, 2]));
      expect(res.json().predictions).toEqual([{ class: 1, probabilities: [expect.closeTo(0.119203, 6), expect.closeTo(0.880797, 6)] }]);
    });

    test.each([
      ['wrong feature count', 400, 'wrong_feature_count', json([[1, 2]])],
      ['non-numeric value', 400, 'not_numeric', json([[1, 'a', 2]])],
      ['non-numeric CSV cell', 400, 'not_numeric', csv('1,2,x')],
      ['empty body', 400, 'empty_body', { ...json(''), body: '' }],
      ['empty instances', 400, 'no_rows', json({ instances: [] })],
      ['malformed JSON', 400, 'invalid_json', { ...json(''), body: '{"instances": [' }],
      ['wrong JSON shape', 400, 'wrong_shape', json({ rows: [[1, 2, 3]] })],
      ['unsupported content type', 415, 'unsupported_media_type', { ...csv('1,2,3'), headers: { 'content-type': 'application/x-protobuf' } }],
      ['missing content type', 415, 'unsupported_media_type', { method: 'POST', path: '/invocations', body: '1,2,3' }],
      ['body over the limit (Content-Length)', 413, 'body_too_large', csv(`${'1,'.repeat(150)}1`)],
      ['unknown path', 404, 'not_found', { path: '/predict' }],
      ['wrong method on /invocations', 405, 'method_not_allowed', { method: 'GET', path: '/invocations' }],
      ['wrong method on /ping', 405, 'method_not_allowed', { method: 'POST', path: '/ping', body: 'x' }],
    ])('%s -> %i %s with a JSON error, and the server keeps serving', async (_, status, code, req) => {
      const res = await request(port, req);
      expect(res.status).toBe(status);
      expect(res.json()).toEqual({ error: expect.any(String), code });
      expect(res.json().error.length).toBeGreaterThan(10);
      if (status === 405) expect(res.headers.allow).toBe(req.path === '/ping' ? 'GET, HEAD' : 'POST');
      expect((await request(port, json([0, 0, 0]))).status).toBe(200);
    });

    test('a chunked body over the limit (no Content-Length) is 413 too', async () => {
      const res = await new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/invocations', headers: { 'content-type': 'text/csv' } }, (r) => {
          let text = '';
          r.on('data', (c) => { text += c; });
          r.on('end', () => resolve({ status: r.statusCode, text, connection: r.headers.connection }));
        });
        req.on('error', reject);
        for (let i = 0; i < 10; i++) req.write('1,2,3\n'.repeat(10));
        req.end();
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).code).toBe('body_too_large');
      expect(res.connection).toBe('close');
      expect((await request(port, json([0, 0, 0]))).status).toBe(200);
    });

    test('a predict failure is a 500 without details, and later requests still succeed', async () => {
      const failing = createInferenceServer({ log: () => {} });
      failing.setModel({ ...fake.model, predict: async () => { throw new Error('secret internals'); } });
      const p = await failing.listen(0, '127.0.0.1');
      const res = await request(p, json([1, 2, 3]));
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('secret');
      expect((await request(p, { path: '/ping' })).status).toBe(200);
      await failing.drain();
    });

    test('GET /metrics exposes requests by status, errors, latency and batch-size histograms', async () => {
      await request(port, json([0, 0, 0]));
      await request(port, json([[0, 0, 0], [1, 1, 1]]));
      await request(port, json([0, 0]));
      await request(port, { path: '/nope' });
      const res = await request(port, { path: '/metrics' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = res.text;
      expect(text).toContain('http_requests_total{path="/invocations",method="POST",status="200"} 2');
      expect(text).toContain('http_requests_total{path="/invocations",method="POST",status="400"} 1');
      expect(text).toContain('http_requests_total{path="other",method="GET",status="404"} 1');
      expect(text).toContain('http_request_errors_total{code="wrong_feature_count"} 1');
      expect(text).toContain('http_request_duration_seconds_count{path="/invocations"} 3');
      expect(text).toContain('predict_batch_size_bucket{le="1"} 1');
      expect(text).toContain('predict_batch_size_bucket{le="2"} 2');
      expect(text).toContain('predict_batch_size_sum 3');
      expect(text).toContain('model_loaded 1');
    });

    test('/execution-parameters answers for SageMaker batch transform', async () => {
      const res = await request(port, { path: '/execution-parameters' });
      expect(res.json()).toEqual({ MaxConcurrentTransforms: 4, BatchStrategy: 'MULTI_RECORD', MaxPayloadInMB: 1 });
    });
  });
});

describe('micro-batching', () => {
  test('N concurrent requests are served by fewer predict calls, each getting its own rows', async () => {
    const fake = fakeModel({ delayMs: 15 });
    const app = createInferenceServer({ maxBatchSize: 8, log: () => {} });
    app.setModel(fake.model);
    const port = await app.listen(0, '127.0.0.1');
    const n = 24;
    const responses = await Promise.all(Array.from({ length: n }, (_, i) => request(port, json([i % 2 ? 5 : -5, 0, i / 100]))));
    expect(responses.map((r) => r.status)).toEqual(new Array(n).fill(200));
    responses.forEach((r, i) => expect(r.json().predictions[0].class).toBe(i % 2));
    expect(app.predictCalls).toBe(fake.calls.length);
    expect(fake.calls.length).toBeLessThan(n / 2);
    expect(Math.max(...fake.calls)).toBeLessThanOrEqual(8);
    expect(fake.calls.reduce((a, b) => a + b, 0)).toBe(n);
    await app.drain();
  });
});

describe('listen address', () => {
  const ipv6Loopback = Object.values(os.networkInterfaces()).flat().some((i) => i?.address === '::1');

  test('by default it accepts IPv4 and IPv6 (an IPv6-only cluster probes the pod over IPv6)', async () => {
    const app = createInferenceServer({ log: () => {} });
    app.setModel(fakeModel().model);
    const port = await app.listen(0);
    const hosts = ipv6Loopback ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
    try {
      const statuses = await Promise.all(hosts.map((host) => new Promise((resolve) => {
        http.get({ host, port, path: '/ping', agent: false }, (res) => { res.resume(); resolve(res.statusCode); })
          .on('error', (e) => resolve(/** @type {NodeJS.ErrnoException} */ (e).code));
      })));
      expect(statuses).toEqual(hosts.map(() => 200));
    } finally {
      await app.drain();
    }
  });
});

describe('graceful drain (what SIGTERM triggers)', () => {
  test('in-flight requests complete, new connections are refused, drain resolves', async () => {
    const fake = fakeModel();
    const app = createInferenceServer({ log: () => {} });
    app.setModel(fake.model);
    const port = await app.listen(0, '127.0.0.1');
    const release = fake.hold();
    const inFlight = request(port, json([9, 9, 9]));
    while (fake.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const drained = app.drain();
    await expect(request(port, { path: '/ping' })).rejects.toThrow(/ECONNREFUSED/);
    let settled = false;
    void drained.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 30));
    expect(settled).toBe(false); // still waiting for the in-flight request
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(res.json().predictions[0].class).toBe(1);
    await expect(drained).resolves.toBe(true);
  });
});
