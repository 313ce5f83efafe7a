'use strict';
// Turns an /invocations body into a row-major Float32Array, rejecting every malformed input with
// a 4xx HttpError that says exactly what is wrong (row and column included).
const { HttpError } = require('./http-error');
const { parseDecimalCell, featureProblem } = require('./numbers');

const SUPPORTED = ['application/json', 'text/csv'];

/**
 * Read the body up to `limit` bytes; a larger body is a 413 (checked on Content-Length first, so a
 * huge upload is refused before it is read).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) { failed = true; resolve(Buffer.concat(chunks)); } });
    // A client that hangs up mid-body is not a server error: report it as 499 so /metrics does not
    // count it as a 5xx (which would fire false alarms).
    const gone = () => { if (!failed) { failed = true; chunks.length = 0; reject(clientClosed()); } };
    req.on('error', gone);
    req.on('close', gone);
  });
}

/** nginx's convention for "client closed the request before the answer". */
const clientClosed = () => new HttpError(499, 'client_closed_request', 'the client closed the connection before the request was answered');

/** @param {number} limit */
const tooLarge = (limit) => new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes (MAX_BODY_BYTES)`);

/**
 * @param {string|undefined} header
 * @returns {string} media type without parameters, lower case
 */
function mediaType(header) {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * @param {string|undefined} contentType
 * @param {Buffer} body
 * @param {number} featureCount
 * @param {number} [maxRows]  more rows is a 413 (each request is bounded, so one legal body cannot
 *   hold the event loop or the tensor memory for seconds)
 * @returns {{ features: Float32Array, rows: number }}
 */
function parseInvocation(contentType, body, featureCount, maxRows = DEFAULT_MAX_ROWS) {
  const type = mediaType(contentType);
  if (!SUPPORTED.includes(type)) {
    throw new HttpError(415, 'unsupported_media_type',
      `content type "${type || '(none)'}" is not supported; use ${SUPPORTED.join(' or ')}`);
  }
  const text = body.toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'empty_body', 'request body is empty');
  return type === 'text/csv' ? csvFeatures(text, featureCount, maxRows) : jsonFeatures(text, featureCount, maxRows);
}

/** Requests above this many rows get 413 unless MAX_ROWS_PER_REQUEST says otherwise. */
const DEFAULT_MAX_ROWS = 10000;

/** @param {number} rows @param {number} maxRows */
const tooManyRows = (rows, maxRows) => new HttpError(413, 'too_many_rows',
  `request has ${rows} rows; at most ${maxRows} per request (MAX_ROWS_PER_REQUEST): split it into smaller requests`);

/** @param {number} r @param {number} n @param {number} featureCount */
const wrongFeatureCount = (r, n, featureCount) =>
  new HttpError(400, 'wrong_feature_count', `row ${r}: ${n} features, the model expects ${featureCount}`);

/**
 * Accepts {"instances": [[...], ...]}, a bare array of rows [[...], ...], or a single row [...].
 * @param {string} text
 * @param {number} featureCount
 * @param {number} maxRows
 */
function jsonFeatures(text, featureCount, maxRows) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${/** @type {Error} */ (e).message}`);
  }
  const shapeHelp = 'expected {"instances": [[...], ...]}, an array of rows, or one row of numbers';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (!('instances' in value)) throw new HttpError(400, 'wrong_shape', `object without "instances"; ${shapeHelp}`);
    value = /** @type {{ instances: unknown }} */ (value).instances;
  }
  if (!Array.isArray(value)) throw new HttpError(400, 'wrong_shape', shapeHelp);
  /** @type {unknown[][]} */
  const rows = value.length > 0 && value.every((v) => !Array.isArray(v)) ? [value] : value;
  if (rows.length === 0) throw new HttpError(400, 'no_rows', 'request contains no rows');
  if (rows.length > maxRows) throw tooManyRows(rows.length, maxRows);
  const features = new Float32Array(rows.length * featureCount);
  rows.forEach((row, r) => {
    if (!Array.isArray(row)) throw new HttpError(400, 'wrong_shape', `row ${r} is not an array; ${shapeHelp}`);
    if (row.length !== featureCount) throw wrongFeatureCount(r, row.length, featureCount);
    for (let c = 0; c < featureCount; c++) {
      const problem = featureProblem(row[c]);
      if (problem) throw new HttpError(400, 'not_numeric', `row ${r}, column ${c}: ${problem}`);
      features[r * featureCount + c] = /** @type {number} */ (row[c]);
    }
  });
  return { features, rows: rows.length };
}

/**
 * One row per line, comma-separated decimal numbers, no header; blank lines are ignored. Parsed
 * line by line straight into the Float32Array (no intermediate arrays of rows).
 * @param {string} text
 * @param {number} featureCount
 * @param {number} maxRows
 */
function csvFeatures(text, featureCount, maxRows) {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  const features = new Float32Array(Math.min(lines, maxRows) * featureCount);
  let rows = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line) continue;
    if (rows === maxRows) throw tooManyRows(countRows(text), maxRows);
    const cells = line.split(',');
    if (cells.length !== featureCount) throw wrongFeatureCount(rows, cells.length, featureCount);
    for (let c = 0; c < featureCount; c++) {
      const parsed = parseDecimalCell(cells[c]);
      if ('problem' in parsed) throw new HttpError(400, 'not_numeric', `row ${rows}, column ${c}: ${parsed.problem}`);
      features[rows * featureCount + c] = parsed.value;
    }
    rows += 1;
  }
  if (rows === 0) throw new HttpError(400, 'no_rows', 'request contains no rows');
  return { features: rows * featureCount === features.length ? features : features.slice(0, rows * featureCount), rows };
}

/** Non-blank lines, for the too_many_rows message. @param {string} text */
function countRows(text) {
  let n = 0;
  for (const line of text.split('\n')) if (line.trim()) n += 1;
  return n;
}

module.exports = { clientClosed, readBody, parseInvocation, mediaType, SUPPORTED, DEFAULT_MAX_ROWS };
