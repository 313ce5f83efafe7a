'use strict';
// Turns an /invocations body into a row-major Float32Array, rejecting every malformed input with
// a 4xx HttpError that says exactly what is wrong (row and column included).
const { HttpError } = require('./http-error');

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
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

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
 * @returns {{ features: Float32Array, rows: number }}
 */
function parseInvocation(contentType, body, featureCount) {
  const type = mediaType(contentType);
  if (!SUPPORTED.includes(type)) {
    throw new HttpError(415, 'unsupported_media_type',
      `content type "${type || '(none)'}" is not supported; use ${SUPPORTED.join(' or ')}`);
  }
  const text = body.toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'empty_body', 'request body is empty');
  const rows = type === 'text/csv' ? csvRows(text) : jsonRows(text);
  if (rows.length === 0) throw new HttpError(400, 'no_rows', 'request contains no rows');
  const features = new Float32Array(rows.length * featureCount);
  rows.forEach((row, r) => {
    if (row.length !== featureCount) {
      throw new HttpError(400, 'wrong_feature_count', `row ${r}: ${row.length} features, the model expects ${featureCount}`);
    }
    for (let c = 0; c < featureCount; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new HttpError(400, 'not_numeric', `row ${r}, column ${c}: ${JSON.stringify(v) ?? String(v)} is not a finite number`);
      }
      features[r * featureCount + c] = v;
    }
  });
  return { features, rows: rows.length };
}

/**
 * Accepts {"instances": [[...], ...]}, a bare array of rows [[...], ...], or a single row [...].
 * @param {string} text
 * @returns {unknown[][]}
 */
function jsonRows(text) {
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
  if (value.length === 0) return [];
  if (value.every((v) => !Array.isArray(v))) return [value]; // a single row
  value.forEach((row, r) => {
    if (!Array.isArray(row)) throw new HttpError(400, 'wrong_shape', `row ${r} is not an array; ${shapeHelp}`);
  });
  return value;
}

/**
 * One row per line, comma-separated numbers, no header; blank lines are ignored.
 * @param {string} text
 * @returns {number[][]}
 */
function csvRows(text) {
  /** @type {number[][]} */
  const rows = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const r = rows.length;
    rows.push(trimmed.split(',').map((cell, c) => {
      const t = cell.trim();
      const v = t === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) {
        throw new HttpError(400, 'not_numeric', `row ${r}, column ${c}: ${JSON.stringify(t)} is not a finite number`);
      }
      return v;
    }));
  }
  return rows;
}

module.exports = { readBody, parseInvocation, mediaType, SUPPORTED };
