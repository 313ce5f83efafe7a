'use strict';
// One strict number rule for everything the container reads (training CSV, /invocations bodies):
// plain decimal notation only, and the value must survive conversion to float32, the type every
// tensor is computed in. Number() alone would accept "0x1f", "0b1", "1_0"-free hex, and 1e39 (which
// becomes Infinity in a Float32Array and turns every prediction or loss into NaN).

/** Largest finite float32, for messages. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Decimal with optional sign, fraction and exponent: no hex/octal/binary prefixes, no Infinity. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * @param {number} v
 * @returns {boolean} true when v is finite as a double and still finite after rounding to float32
 */
function isFloat32(v) {
  return typeof v === 'number' && Number.isFinite(Math.fround(v));
}

/** DECIMAL with surrounding blanks allowed, so the hot path needs no trim(). */
const PADDED_DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Parse one text cell strictly (hot path: no allocation on success).
 * @param {string} cell
 * @returns {number} the value; NaN when the text is not a decimal number, Infinity when it is
 *   outside the float32 range (use cellProblem() for the message)
 */
function parseDecimal(cell) {
  if (!PADDED_DECIMAL.test(cell)) return NaN;
  const value = Number(cell);
  return Number.isFinite(Math.fround(value)) ? value : Infinity;
}

/**
 * What is wrong with a cell parseDecimal() refused.
 * @param {string} cell
 */
function cellProblem(cell) {
  const text = cell.trim();
  return PADDED_DECIMAL.test(text)
    ? `${text} is outside the float32 range (|x| <= ${FLOAT32_MAX})`
    : `${JSON.stringify(text)} is not a decimal number`;
}

/**
 * Parse one text cell strictly.
 * @param {string} cell
 * @returns {{ value: number } | { problem: string }}
 */
function parseDecimalCell(cell) {
  const value = parseDecimal(cell);
  return Number.isFinite(value) ? { value } : { problem: cellProblem(cell) };
}

/**
 * Why a JSON value cannot be a feature, or undefined when it can.
 * @param {unknown} v
 * @returns {string|undefined}
 */
function featureProblem(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${JSON.stringify(v) ?? String(v)} is not a finite number`;
  if (!isFloat32(v)) return `${v} is outside the float32 range (|x| <= ${FLOAT32_MAX})`;
  return undefined;
}

module.exports = { FLOAT32_MAX, DECIMAL, isFloat32, parseDecimal, cellProblem, parseDecimalCell, featureProblem };
