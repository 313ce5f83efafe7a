'use strict';
// Runs src/train-main.js as a child process and guarantees the failure file for every failed run.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { resolvePaths } = require('./paths');
const { writeFailure } = require('./failure-file');

/**
 * Why a worker that did not write the failure file itself ended.
 * @param {number|null} code
 * @param {NodeJS.Signals|null} signal
 */
function deathReason(code, signal) {
  if (signal === 'SIGKILL') return 'training process was killed (SIGKILL), most likely out of memory: use a larger instance or less data per channel';
  if (signal === 'SIGABRT' || code === 134) return 'training process aborted (SIGABRT), most likely the JavaScript heap ran out of memory';
  if (signal) return `training process ended by signal ${signal}`;
  return `training process exited with code ${code} without reporting a reason`;
}

/**
 * @param {{ env?: NodeJS.ProcessEnv, worker?: string, exit?: (code: number) => void, log?: (line: string) => void }} [o]
 * @returns {Promise<number>} the exit code
 */
function supervise(o = {}) {
  const env = o.env ?? process.env;
  const exit = o.exit ?? ((code) => process.exit(code));
  const log = o.log ?? ((line) => console.error(line));
  const { failureFile } = resolvePaths(env);
  // A failure file left from an earlier local run would make this run look failed.
  fs.rmSync(failureFile, { force: true });
  const worker = o.worker ?? path.join(__dirname, 'train-main.js');
  const child = spawn(process.execPath, [worker], { env, stdio: 'inherit' });
  log(`train: worker pid ${child.pid}`);
  const forward = (/** @type {NodeJS.Signals} */ s) => { child.kill(s); };
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  return new Promise((resolve) => {
    const done = (/** @type {number} */ code) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve(code);
      exit(code);
    };
    child.on('error', (e) => {
      log(`train: failed: ${writeFailure(failureFile, new Error(`could not start the training process: ${e.message}`))}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      if (code === 0) return done(0);
      if (!fs.existsSync(failureFile)) log(`train: failed: ${writeFailure(failureFile, new Error(deathReason(code, signal)))}`);
      done(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

module.exports = { supervise, deathReason };
