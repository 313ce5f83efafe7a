'use strict';
// Kept free of heavy imports: the training supervisor uses it after the worker died, maybe of memory.
const fs = require('node:fs');
const path = require('node:path');

/**
 * SageMaker reads the first 1 KiB of this file as the job's FailureReason.
 * @param {string} failureFile
 * @param {unknown} error
 * @returns {string} the message written
 */
function writeFailure(failureFile, error) {
  const message = error instanceof Error ? error.message : String(error);
  try {
    fs.mkdirSync(path.dirname(failureFile), { recursive: true });
    fs.writeFileSync(failureFile, `${message}\n`);
  } catch (e) {
    console.error(`could not write failure file ${failureFile}: ${/** @type {Error} */ (e).message}`);
  }
  return message;
}

module.exports = { writeFailure };
