'use strict';
// Micro-batching: requests that arrive close together share one `predict` call, which costs about
// the same for 1 row as for 64 on a dense model, so throughput under load rises with batch size.

/**
 * @typedef {(features: Float32Array, rows: number) => Promise<{ probabilities: Float32Array, classCount: number }>} PredictFn
 * @typedef {{ features: Float32Array, rows: number, resolve: (r: { probabilities: Float32Array, classCount: number }) => void, reject: (e: unknown) => void }} Pending
 */

class Batcher {
  /**
   * @param {{ predict: PredictFn, featureCount: number, maxBatchSize?: number, maxDelayMs?: number, onBatch?: (rows: number, requests: number, seconds: number) => void }} o
   *   maxBatchSize: rows per predict; maxDelayMs: how long the first queued request waits for company
   *   (0 = only what arrived in the same event-loop turn, so an idle server adds no latency).
   */
  constructor(o) {
    this.predictFn = o.predict;
    this.featureCount = o.featureCount;
    this.maxBatchSize = o.maxBatchSize ?? 64;
    this.maxDelayMs = o.maxDelayMs ?? 0;
    this.onBatch = o.onBatch ?? (() => {});
    /** @type {Pending[]} */
    this.queue = [];
    this.queuedRows = 0;
    this.running = false;
    /** @type {NodeJS.Timeout|NodeJS.Immediate|undefined} */
    this.timer = undefined;
    /** number of predict calls made; tests and /metrics read it */
    this.predictCalls = 0;
  }

  /**
   * Queue rows for prediction; resolves with this request's own slice of the batch output.
   * @param {Float32Array} features row-major
   * @param {number} rows
   */
  submit(features, rows) {
    if (rows > this.maxBatchSize) return this.submitInPieces(features, rows);
    return this.enqueue(features, rows);
  }

  /**
   * A request larger than one batch runs as several predict calls of at most maxBatchSize rows, with
   * the event loop free between them: /ping keeps answering and tensor memory stays bounded by the
   * batch size, however many rows one legal request has.
   * @param {Float32Array} features
   * @param {number} rows
   */
  async submitInPieces(features, rows) {
    const f = features.length / rows;
    /** @type {Promise<{ probabilities: Float32Array, classCount: number }>[]} */
    const pieces = [];
    for (let r = 0; r < rows; r += this.maxBatchSize) {
      const n = Math.min(this.maxBatchSize, rows - r);
      pieces.push(this.enqueue(features.slice(r * f, (r + n) * f), n));
    }
    const results = await Promise.all(pieces);
    const classCount = results[0].classCount;
    const probabilities = new Float32Array(rows * classCount);
    let offset = 0;
    for (const part of results) {
      probabilities.set(part.probabilities, offset);
      offset += part.probabilities.length;
    }
    return { probabilities, classCount };
  }

  /**
   * @param {Float32Array} features
   * @param {number} rows  at most maxBatchSize
   * @returns {Promise<{ probabilities: Float32Array, classCount: number }>}
   */
  enqueue(features, rows) {
    return new Promise((resolve, reject) => {
      this.queue.push({ features, rows, resolve, reject });
      this.queuedRows += rows;
      this.schedule();
    });
  }

  schedule() {
    if (this.running || this.queue.length === 0) return;
    if (this.queuedRows >= this.maxBatchSize) {
      this.clearTimer();
      void this.flush();
    } else if (!this.timer) {
      const fire = () => { this.timer = undefined; void this.flush(); };
      this.timer = this.maxDelayMs > 0 ? setTimeout(fire, this.maxDelayMs) : setImmediate(fire);
    }
  }

  clearTimer() {
    if (!this.timer) return;
    clearTimeout(/** @type {NodeJS.Timeout} */ (this.timer));
    clearImmediate(/** @type {NodeJS.Immediate} */ (this.timer));
    this.timer = undefined;
  }

  /** Take up to maxBatchSize rows (always at least one request) and run them as one predict. */
  async flush() {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    /** @type {Pending[]} */
    const batch = [];
    let rows = 0;
    while (this.queue.length && (batch.length === 0 || rows + this.queue[0].rows <= this.maxBatchSize)) {
      const p = /** @type {Pending} */ (this.queue.shift());
      batch.push(p);
      rows += p.rows;
    }
    this.queuedRows -= rows;
    const started = process.hrtime.bigint();
    try {
      const features = batch.length === 1 ? batch[0].features : concat(batch, rows * this.featureCount);
      this.predictCalls += 1;
      const { probabilities, classCount } = await this.predictFn(features, rows);
      this.onBatch(rows, batch.length, Number(process.hrtime.bigint() - started) / 1e9);
      let offset = 0;
      for (const p of batch) {
        p.resolve({ probabilities: probabilities.subarray(offset * classCount, (offset + p.rows) * classCount), classCount });
        offset += p.rows;
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.running = false;
      // Whatever queued while predict ran has already waited: run it now.
      if (this.queue.length) {
        this.clearTimer();
        setImmediate(() => void this.flush());
      }
    }
  }
}

/** @param {Pending[]} batch @param {number} length */
function concat(batch, length) {
  const out = new Float32Array(length);
  let offset = 0;
  for (const p of batch) {
    out.set(p.features, offset);
    offset += p.features.length;
  }
  return out;
}

module.exports = { Batcher };
