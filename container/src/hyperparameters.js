'use strict';
// SageMaker passes every hyperparameter as a string ("epochs": "10"), so each value is parsed
// strictly into its type and range; all problems are reported together in one error.

/**
 * @typedef {object} Hyperparameters
 * @property {number} hidden_units
 * @property {number} epochs
 * @property {number} batch_size
 * @property {number} learning_rate
 * @property {number} validation_split
 * @property {number} early_stopping_patience
 * @property {number} seed
 */

/** @typedef {{ type: 'int'|'float', default: number, min: number, max: number, minExclusive?: boolean, maxExclusive?: boolean, help: string }} Spec */

/** @type {Record<keyof Hyperparameters, Spec>} */
const SPEC = {
  hidden_units: { type: 'int', default: 128, min: 1, max: 4096, help: 'units in the hidden dense layer' },
  epochs: { type: 'int', default: 10, min: 1, max: 1000, help: 'maximum passes over the training data' },
  batch_size: { type: 'int', default: 64, min: 1, max: 65536, help: 'rows per gradient step' },
  learning_rate: { type: 'float', default: 0.001, min: 0, max: 1, minExclusive: true, help: 'Adam learning rate' },
  validation_split: {
    type: 'float', default: 0.1, min: 0, max: 1, maxExclusive: true,
    help: 'fraction of train held out for validation when there is no validation channel',
  },
  early_stopping_patience: {
    type: 'int', default: 3, min: 0, max: 1000, help: 'epochs without val_loss improvement before stopping (0 = off)',
  },
  seed: { type: 'int', default: 42, min: 0, max: 2 ** 31 - 1, help: 'seed for weight init, split and shuffling' },
};

// Keys the SageMaker Python SDK and automatic model tuning inject on their own; never user mistakes.
const RESERVED = /^(sagemaker_|_tuning_objective_metric$)/;

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse and validate raw hyperparameters (strings or numbers) into typed values with defaults.
 * @param {unknown} raw  the parsed hyperparameters.json object
 * @returns {Hyperparameters}
 */
function parseHyperparameters(raw) {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error('hyperparameters must be a JSON object of name -> value');
  }
  const allowed = Object.keys(SPEC);
  /** @type {string[]} */
  const problems = [];
  /** @type {Record<string, number>} */
  const out = {};
  for (const [name, spec] of Object.entries(SPEC)) out[name] = spec.default;
  for (const [name, value] of Object.entries(raw)) {
    if (RESERVED.test(name)) continue;
    const spec = SPEC[/** @type {keyof Hyperparameters} */ (name)];
    if (!spec) {
      problems.push(`unknown hyperparameter "${name}"; allowed: ${allowed.join(', ')}`);
      continue;
    }
    const parsed = parseValue(value, spec);
    if (typeof parsed === 'string') problems.push(`${name}=${JSON.stringify(value)}: ${parsed}`);
    else out[name] = parsed;
  }
  if (problems.length) throw new Error(`invalid hyperparameters: ${problems.join('; ')}`);
  return /** @type {Hyperparameters} */ (/** @type {unknown} */ (out));
}

/**
 * @param {unknown} value
 * @param {Spec} spec
 * @returns {number|string} the number, or a description of what is wrong
 */
function parseValue(value, spec) {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null) return `must be ${spec.type === 'int' ? 'an integer' : 'a number'} (string or number)`;
  if (spec.type === 'int' && !INT.test(text)) return 'must be an integer';
  if (spec.type === 'float' && !FLOAT.test(text)) return 'must be a number';
  const n = Number(text);
  const lowOk = spec.minExclusive ? n > spec.min : n >= spec.min;
  const highOk = spec.maxExclusive ? n < spec.max : n <= spec.max;
  if (!Number.isFinite(n) || !lowOk || !highOk) {
    return `must be in ${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}${spec.maxExclusive ? ')' : ']'}`;
  }
  return n;
}

module.exports = { parseHyperparameters, HYPERPARAMETER_SPEC: SPEC };
