'use strict';
// Serving settings from the environment, validated once at start so a typo fails fast and loudly.

/**
 * @typedef {object} ServerConfig
 * @property {number} port
 * @property {string|undefined} host  undefined: every address, IPv6 and IPv4 (Node's default; IPv4 only on hosts without IPv6)
 * @property {number} maxBodyBytes      larger bodies get 413 (SageMaker's own payload limit is 6 MB)
 * @property {number} maxBatchSize      rows per predict call
 * @property {number} maxBatchDelayMs   how long a request waits for others to batch with (0 = same event-loop turn)
 * @property {number} drainTimeoutMs    SIGTERM grace for in-flight requests before forcing exit
 * @property {number} maxRowsPerRequest more rows in one /invocations body is a 413
 * @property {number} requestTimeoutMs  a request (headers and body) must arrive within this, else 408
 * @property {string} modelDir
 */

/** @type {Record<string, { key: keyof ServerConfig, default: number, min: number, max: number }>} */
const NUMERIC = {
  // Timers beyond 2^31-1 ms fire at once in Node, so every duration is bounded by that.
  MAX_BODY_BYTES: { key: 'maxBodyBytes', default: 6 * 1024 * 1024, min: 1, max: 1024 ** 3 },
  MAX_BATCH_SIZE: { key: 'maxBatchSize', default: 64, min: 1, max: 65536 },
  MAX_BATCH_DELAY_MS: { key: 'maxBatchDelayMs', default: 0, min: 0, max: 60000 },
  DRAIN_TIMEOUT_MS: { key: 'drainTimeoutMs', default: 25000, min: 0, max: 2 ** 31 - 1 },
  MAX_ROWS_PER_REQUEST: { key: 'maxRowsPerRequest', default: 10000, min: 1, max: 10000000 },
  REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', default: 30000, min: 100, max: 2 ** 31 - 1 },
};

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ServerConfig}
 */
function serverConfig(env = process.env) {
  /** @type {string[]} */
  const problems = [];
  /** @param {string} name @param {number} fallback @param {number} min @param {number} max */
  const int = (name, fallback, min, max) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) {
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer >= ${min}`);
      return fallback;
    }
    if (Number(raw) > max) {
      problems.push(`${name}=${raw.trim()} must be <= ${max}`);
      return fallback;
    }
    return Number(raw);
  };
  const portName = env.SAGEMAKER_BIND_TO_PORT ? 'SAGEMAKER_BIND_TO_PORT' : 'PORT';
  const port = int(portName, 8080, 0, 65535);
  /** @type {Record<string, number>} */
  const numbers = {};
  for (const [name, spec] of Object.entries(NUMERIC)) numbers[spec.key] = int(name, spec.default, spec.min, spec.max);
  if (problems.length) throw new Error(`invalid serving configuration: ${problems.join('; ')}`);
  return /** @type {ServerConfig} */ ({
    port,
    // Not '0.0.0.0': on an IPv6-only cluster (EKS IPv6) the pod has no IPv4 address, so kubelet probes and
    // clients would be refused. Node's default listens on '::' (both families), or 0.0.0.0 without IPv6.
    host: env.HOST || undefined,
    modelDir: env.SM_MODEL_DIR || '/opt/ml/model',
    ...numbers,
  });
}

module.exports = { serverConfig };
