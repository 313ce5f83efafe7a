'use strict';
// Picks the fastest TensorFlow.js backend that loads here: native libtensorflow (tfjs-node, installed
// in the image), else WebAssembly (pure npm, works offline), else the plain-JS cpu backend.
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

const BACKENDS = ['tensorflow', 'wasm', 'cpu'];

/**
 * @typedef {object} BackendInfo
 * @property {string} name   tfjs backend name actually in use
 * @property {string} detail human-readable extras (wasm SIMD/threads)
 */

/** @returns {Promise<boolean>} */
async function tryTensorflow() {
  try {
    // Registers the 'tensorflow' backend with the shared tfjs-core engine as a side effect.
    require('@tensorflow/tfjs-node');
  } catch {
    return false;
  }
  // Throws when tfjs-node registered with another tfjs-core copy (a version mismatch): fall back then too.
  return safeSetBackend('tensorflow');
}

/** @returns {Promise<boolean>} */
async function tryWasm() {
  let wasm;
  try {
    wasm = require('@tensorflow/tfjs-backend-wasm');
  } catch {
    return false;
  }
  // In Node the .wasm binaries are read from disk, so point the loader at the package's dist/.
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(dist + path.sep);
  if (await safeSetBackend('wasm')) return true;
  // The SIMD or threaded binary can fail on old CPUs/runtimes: retry with the baseline binary.
  tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return safeSetBackend('wasm');
}

/** @param {string} name @returns {Promise<boolean>} */
async function safeSetBackend(name) {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** @type {Record<string, () => Promise<boolean>>} */
const LOADERS = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: () => safeSetBackend('cpu') };

/**
 * Select and initialise the backend. TFJS_BACKEND forces one and fails loudly if it cannot load,
 * because a silent fallback from native to cpu would be a 50x slowdown nobody notices.
 * @param {{ requested?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<BackendInfo>}
 */
async function initBackend(options = {}) {
  const requested = (options.requested ?? process.env.TFJS_BACKEND ?? '').trim().toLowerCase();
  const log = options.log ?? ((line) => console.log(line));
  if (requested && !BACKENDS.includes(requested)) {
    throw new Error(`TFJS_BACKEND=${requested} is not supported; allowed: ${BACKENDS.join(', ')}`);
  }
  const candidates = requested ? [requested] : BACKENDS;
  for (const name of candidates) {
    if (await LOADERS[name]()) {
      await tf.ready();
      const info = { name: tf.getBackend(), detail: describe(tf.getBackend()) };
      log(`backend=${info.name}${info.detail ? ` (${info.detail})` : ''}${requested ? ' forced by TFJS_BACKEND' : ''}`);
      return info;
    }
  }
  throw new Error(`TFJS_BACKEND=${requested}: backend could not be loaded`);
}

/** @param {string} name */
function describe(name) {
  if (name !== 'wasm') return '';
  const env = tf.env();
  return `simd=${env.getBool('WASM_HAS_SIMD_SUPPORT')} threads=${env.getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`;
}

module.exports = { initBackend, BACKENDS };
