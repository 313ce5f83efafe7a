'use strict';
// `serve`: listen first (so /ping can say 503 while loading), load the model from SM_MODEL_DIR,
// then answer 200. SIGTERM/SIGINT drain in-flight requests and exit 0.
const { serverConfig } = require('./server-config');
const { initBackend } = require('./backend');
const { createInferenceServer } = require('./server');
const { loadModel } = require('./model-io');
const { predictProbabilities, modelShape } = require('./model');

/** @param {(line: string) => void} [log] */
async function main(log = (line) => console.log(line)) {
  let config;
  try {
    config = serverConfig();
  } catch (e) {
    console.error(`serve: ${/** @type {Error} */ (e).message}`);
    process.exit(2);
  }
  const app = createInferenceServer({ ...config, log });
  let stopping = false;
  const stop = (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    log(`serve: ${signal}: draining in-flight requests`);
    void app.drain().then((clean) => {
      log(`serve: ${clean ? 'drained' : `drain timed out after ${config.drainTimeoutMs} ms`}; exiting`);
      process.exit(clean ? 0 : 1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    const port = await app.listen(config.port, config.host);
    log(`serve: listening on port ${port}`);
    await initBackend({ log: (line) => log(`serve: ${line}`) });
    const model = await loadModel(config.modelDir);
    const { featureCount, classCount } = modelShape(model);
    app.setModel({ predict: (features, rows) => predictProbabilities(model, features, rows), featureCount, classCount });
    log(`serve: model loaded from ${config.modelDir} features=${featureCount} classes=${classCount} ` +
      `max_batch_size=${config.maxBatchSize} max_batch_delay_ms=${config.maxBatchDelayMs}`);
  } catch (e) {
    console.error(`serve: failed to start: ${/** @type {Error} */ (e).message}`);
    process.exit(1);
  }
}

module.exports = { main };
