'use strict';
// The SageMaker hosting contract on node:http: GET /ping, POST /invocations, plus GET /metrics
// (Prometheus) and GET /execution-parameters (batch transform). Client mistakes are 4xx JSON errors;
// the server keeps serving. drain() finishes in-flight requests and closes.
const http = require('node:http');
const { Batcher } = require('./batcher');
const { HttpError } = require('./http-error');
const { readBody, parseInvocation, mediaType, clientClosed, DEFAULT_MAX_ROWS } = require('./invocation-input');
const { Registry, CONTENT_TYPE } = require('./prometheus');

/**
 * @typedef {import('./batcher').PredictFn} PredictFn
 * @typedef {{ predict: PredictFn, featureCount: number, classCount: number }} LoadedModel
 * @typedef {{ maxBodyBytes?: number, maxRowsPerRequest?: number, maxBatchSize?: number, maxBatchDelayMs?: number,
 *   drainTimeoutMs?: number, requestTimeoutMs?: number, log?: (line: string) => void }} ServerOptions
 */

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const ROUTES = { '/ping': ['GET', 'HEAD'], '/invocations': ['POST'], '/metrics': ['GET'], '/execution-parameters': ['GET'] };

function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    requests: registry.counter('http_requests_total', 'HTTP requests by path, method and status code.'),
    errors: registry.counter('http_request_errors_total', 'Failed requests by reason code (4xx and 5xx).'),
    latency: registry.histogram('http_request_duration_seconds', 'Request latency in seconds by path.', LATENCY_BUCKETS),
    batchSize: registry.histogram('predict_batch_size', 'Rows per predict call (micro-batching).', BATCH_BUCKETS),
    batchRequests: registry.histogram('predict_batch_requests', 'Requests merged into one predict call.', BATCH_BUCKETS),
    predictSeconds: registry.histogram('predict_duration_seconds', 'Time spent in one predict call.', LATENCY_BUCKETS),
    inFlight: registry.gauge('http_requests_in_flight', 'Requests being handled now.'),
    modelLoaded: registry.gauge('model_loaded', '1 once the model is loaded and /ping answers 200.'),
  };
}

/**
 * @param {ServerOptions} [options]
 */
function createInferenceServer(options = {}) {
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const maxRows = options.maxRowsPerRequest ?? DEFAULT_MAX_ROWS;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30000;
  const log = options.log ?? ((line) => console.log(line));
  const metrics = createMetrics();
  metrics.modelLoaded.set(0);
  /** @type {LoadedModel|undefined} */
  let model;
  /** @type {Batcher|undefined} */
  let batcher;
  let draining = false;
  let inFlight = 0;

  /** @param {LoadedModel} loaded */
  function setModel(loaded) {
    model = loaded;
    batcher = new Batcher({
      predict: loaded.predict,
      featureCount: loaded.featureCount,
      maxBatchSize: options.maxBatchSize,
      maxDelayMs: options.maxBatchDelayMs,
      onBatch: (rows, requests, seconds) => {
        metrics.batchSize.observe(rows);
        metrics.batchRequests.observe(requests);
        metrics.predictSeconds.observe(seconds);
      },
    });
    metrics.modelLoaded.set(1);
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    const known = Object.prototype.hasOwnProperty.call(ROUTES, path);
    inFlight += 1;
    /** @type {{ status: number, body: string, type?: string, headers?: Record<string, string> }} */
    let reply;
    try {
      if (!known) throw new HttpError(404, 'not_found', `no route ${path}; routes: ${Object.keys(ROUTES).join(', ')}`);
      const allowed = ROUTES[/** @type {keyof typeof ROUTES} */ (path)];
      if (!allowed.includes(req.method ?? '')) {
        const e = new HttpError(405, 'method_not_allowed', `${req.method} ${path} is not allowed; use ${allowed.join(' or ')}`);
        reply = errorReply(e, { Allow: allowed.join(', ') });
      } else {
        reply = await route(path, req);
      }
    } catch (e) {
      if (e instanceof HttpError) {
        reply = errorReply(e);
      } else {
        log(`serve: error on ${req.method} ${path}: ${/** @type {Error} */ (e)?.stack ?? e}`);
        reply = errorReply(new HttpError(500, 'internal_error', 'internal error while handling the request'));
      }
    }
    inFlight -= 1;
    const label = known ? path : 'other';
    // The client hung up (mid-body, or while we predicted): nobody can read an answer, and it is not a
    // server fault, so it is counted as 499, never as a 5xx.
    if (reply.status === 499 || res.destroyed || req.socket?.destroyed) {
      if (reply.status !== 499) errorReply(clientClosed());
      metrics.requests.inc({ path: label, method: req.method ?? '', status: 499 });
      res.destroy();
      return;
    }
    /** @type {Record<string, string>} */
    const headers = { 'Content-Type': reply.type ?? 'application/json', ...reply.headers };
    // While draining, or after a refused body we did not read, tell the client to reconnect elsewhere.
    if (draining || reply.status === 413) headers.Connection = 'close';
    if (reply.status === 413) req.resume();
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : reply.body);
    metrics.requests.inc({ path: label, method: req.method ?? '', status: reply.status });
    metrics.latency.observe(Number(process.hrtime.bigint() - started) / 1e9, { path: label });
  }

  /**
   * @param {HttpError} e
   * @param {Record<string, string>} [headers]
   */
  function errorReply(e, headers) {
    metrics.errors.inc({ code: e.code });
    return { status: e.status, body: JSON.stringify({ error: e.message, code: e.code }), headers };
  }

  /** @param {string} path @param {http.IncomingMessage} req */
  async function route(path, req) {
    switch (path) {
      case '/ping':
        if (!model || draining) {
          throw new HttpError(503, draining ? 'draining' : 'model_not_loaded', draining ? 'server is shutting down' : 'model is not loaded yet');
        }
        return { status: 200, body: '{"status":"healthy"}' };
      case '/metrics':
        metrics.inFlight.set(inFlight);
        return { status: 200, body: metrics.registry.render(), type: CONTENT_TYPE };
      case '/execution-parameters':
        return {
          status: 200,
          body: JSON.stringify({ MaxConcurrentTransforms: 4, BatchStrategy: 'MULTI_RECORD', MaxPayloadInMB: Math.max(1, Math.floor(maxBodyBytes / 1e6)) }),
        };
      default:
        return invocations(req);
    }
  }

  /** @param {http.IncomingMessage} req */
  async function invocations(req) {
    if (!model || !batcher) {
      req.resume();
      throw new HttpError(503, 'model_not_loaded', 'model is not loaded yet');
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      req.resume();
      throw new HttpError(415, 'unsupported_content_encoding', `Content-Encoding "${encoding}" is not supported; send the body uncompressed`);
    }
    if (!acceptsJson(req.headers.accept)) {
      req.resume();
      throw new HttpError(406, 'not_acceptable', `Accept "${req.headers.accept}" excludes application/json, the only response type`);
    }
    const body = await readBody(req, maxBodyBytes);
    const { features, rows } = parseInvocation(req.headers['content-type'], body, model.featureCount, maxRows);
    const { probabilities, classCount } = await batcher.submit(features, rows);
    const rendered = renderPredictions(probabilities, classCount);
    if (typeof rendered !== 'string') {
      log(`serve: non-finite prediction for row ${rendered.badRow} of a ${rows}-row request`);
      throw new HttpError(422, 'prediction_not_finite',
        `row ${rendered.badRow}: the model computed a non-finite probability for this input (feature magnitudes too large?)`);
    }
    return { status: 200, body: rendered };
  }

  // A slow or silent client must not hold a socket: the whole request (headers and body) has to
  // arrive within requestTimeoutMs, the headers within 10 s, or Node answers 408 and closes.
  const server = http.createServer({
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(10000, requestTimeoutMs),
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
  }, (req, res) => void handle(req, res));
  // Longer than the usual 60 s load-balancer idle timeout, so the balancer closes first.
  server.keepAliveTimeout = 65000;

  /**
   * Stop accepting, finish in-flight requests, close. Resolves true if everything drained in time.
   * @returns {Promise<boolean>}
   */
  function drain() {
    draining = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve(false);
      }, options.drainTimeoutMs ?? 25000);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve(true);
      });
      server.closeIdleConnections();
    });
  }

  return {
    server,
    setModel,
    drain,
    metrics,
    /** predict calls so far (micro-batching makes this smaller than the request count) */
    get predictCalls() { return batcher?.predictCalls ?? 0; },
    /**
     * @param {number} port  0 picks a free port
     * @param {string} [host]  default: every IPv6 and IPv4 address (Node's default)
     * @returns {Promise<number>} the bound port
     */
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        const onListening = () => {
          server.off('error', reject);
          resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
        };
        if (host === undefined) server.listen(port, onListening);
        else server.listen(port, host, onListening);
      });
    },
  };
}

/**
 * Does an Accept header admit application/json? (absent: yes)
 * @param {string|undefined} accept
 */
function acceptsJson(accept) {
  if (!accept || !accept.trim()) return true;
  return accept.split(',').some((part) => {
    const [range, ...params] = part.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return ['application/json', 'application/*', '*/*'].includes(mediaType(range));
  });
}

/**
 * {"predictions":[{"class":3,"probabilities":[...]}, ...]}; probabilities rounded to 6 decimals.
 * A non-finite probability is never rendered (JSON would say null): the first such row is returned
 * as { badRow } instead, for the caller to refuse.
 * @param {Float32Array} probabilities
 * @param {number} classCount
 * @returns {string | { badRow: number }}
 */
function renderPredictions(probabilities, classCount) {
  const rows = probabilities.length / classCount;
  const out = new Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    const p = new Array(classCount);
    for (let k = 0; k < classCount; k++) {
      const v = probabilities[r * classCount + k];
      if (!Number.isFinite(v)) return { badRow: r };
      p[k] = Math.round(v * 1e6) / 1e6;
      if (v > probabilities[r * classCount + best]) best = k;
    }
    out[r] = { class: best, probabilities: p };
  }
  return JSON.stringify({ predictions: out });
}

module.exports = { createInferenceServer, renderPredictions };
