'use strict';
// SageMaker's fixed /opt/ml layout, with every path overridable by the SM_* variables that the
// SageMaker training toolkit defines, so the same code runs unchanged on a laptop.
const path = require('node:path');

/** Input channels the trainer knows about; only `train` is required. */
const CHANNELS = ['train', 'validation', 'test'];

/**
 * @typedef {object} ContainerPaths
 * @property {string} inputConfigDir    holds hyperparameters.json
 * @property {string} hyperparametersFile
 * @property {Record<string, string>} channels  channel name -> directory
 * @property {string} modelDir          model.json, weights.bin, metadata.json
 * @property {string} outputDir
 * @property {string} outputDataDir     evaluation.json
 * @property {string} failureFile       reason for a failed job
 */

/**
 * Resolve the container paths from the environment.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ContainerPaths}
 */
function resolvePaths(env = process.env) {
  const base = env.SM_BASE_DIR || '/opt/ml';
  const inputDir = env.SM_INPUT_DIR || path.join(base, 'input');
  const inputConfigDir = env.SM_INPUT_CONFIG_DIR || path.join(inputDir, 'config');
  const outputDir = env.SM_OUTPUT_DIR || path.join(base, 'output');
  /** @type {Record<string, string>} */
  const channels = {};
  for (const name of CHANNELS) {
    channels[name] = env[`SM_CHANNEL_${name.toUpperCase()}`] || path.join(inputDir, 'data', name);
  }
  return {
    inputConfigDir,
    hyperparametersFile: path.join(inputConfigDir, 'hyperparameters.json'),
    channels,
    modelDir: env.SM_MODEL_DIR || path.join(base, 'model'),
    outputDir,
    outputDataDir: env.SM_OUTPUT_DATA_DIR || path.join(outputDir, 'data'),
    failureFile: path.join(outputDir, 'failure'),
  };
}

module.exports = { resolvePaths, CHANNELS };
