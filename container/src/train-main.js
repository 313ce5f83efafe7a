'use strict';
// The training worker (run by bin/train's supervisor): train, and on any failure this process can still
// see, including errors thrown outside the promise chain, write /opt/ml/output/failure and exit non-zero.
const { runTraining, writeFailure } = require('./train');
const { resolvePaths } = require('./paths');

function main() {
  const { failureFile } = resolvePaths();
  /** @param {unknown} error @param {number} code */
  const fail = (error, code) => {
    console.error(`train: failed: ${writeFailure(failureFile, error)}`);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    process.exit(code);
  };
  process.on('uncaughtException', (e) => fail(e, 1));
  process.on('unhandledRejection', (e) => fail(e, 1));
  // Node as PID 1 ignores SIGTERM unless handled; SageMaker sends it when a job is stopped.
  process.on('SIGTERM', () => fail(new Error('training stopped by SIGTERM'), 143));
  runTraining().then(() => process.exit(0), (e) => fail(e, 1));
}

module.exports = { main };
if (require.main === module) main();
