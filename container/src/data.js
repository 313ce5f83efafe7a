'use strict';
// Channel format: one or more CSV files, no header, one row per example:
// first column the integer class label (0..K-1), then the numeric features.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { parseDecimal, cellProblem } = require('./numbers');

/**
 * Labels are class indexes 0..MAX_CLASSES-1. The bound keeps one stray label (say 99999999) from sizing a
 * softmax layer and a confusion matrix that exhaust memory, and keeps every label inside Int32 range.
 */
const MAX_CLASSES = 1000;

/**
 * @typedef {object} Dataset
 * @property {Float32Array} features  row-major, rows x featureCount
 * @property {Int32Array} labels
 * @property {number} rows
 * @property {number} featureCount
 * @property {{ path: string, bytes: number, sha256: string }[]} files
 */

/**
 * List the data files of a channel: every non-hidden regular file below dir, sorted for a stable hash.
 * @param {string} dir
 * @returns {string[]}
 */
function listChannelFiles(dir) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * Load one channel directory.
 * @param {string} dir
 * @param {string} channel  name used in error messages
 * @returns {Dataset}
 */
function loadChannel(dir, channel) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`channel "${channel}": directory ${dir} does not exist`);
  }
  const files = listChannelFiles(dir);
  if (!files.length) throw new Error(`channel "${channel}": no data files in ${dir}`);
  /** @type {number[]} */
  const labels = [];
  /** @type {Float32Array[]} */
  const rows = [];
  let featureCount = -1;
  const described = files.map((file) => {
    const buf = fs.readFileSync(file);
    const lines = buf.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      const where = `channel "${channel}" ${path.relative(dir, file)}:${i + 1}`;
      const cells = line.split(',');
      if (cells.length < 2) throw new Error(`${where}: need a label and at least one feature`);
      if (featureCount === -1) featureCount = cells.length - 1;
      if (cells.length - 1 !== featureCount) {
        throw new Error(`${where}: ${cells.length - 1} features, expected ${featureCount} like the first row`);
      }
      const label = cells[0].trim();
      if (!/^\d+$/.test(label)) throw new Error(`${where}: label "${label}" is not a non-negative integer`);
      if (label.length > 6 || Number(label) >= MAX_CLASSES) {
        throw new Error(`${where}: label ${label} is out of range: labels are class indexes 0..${MAX_CLASSES - 1}`);
      }
      const row = new Float32Array(featureCount);
      for (let c = 1; c < cells.length; c++) {
        const v = parseDecimal(cells[c]);
        if (!Number.isFinite(v)) throw new Error(`${where}: column ${c + 1} ${cellProblem(cells[c])}`);
        row[c - 1] = v;
      }
      labels.push(Number(label));
      rows.push(row);
    }
    return { path: path.relative(dir, file), bytes: buf.length, sha256: sha256(buf) };
  });
  if (!rows.length) throw new Error(`channel "${channel}": no rows in ${dir}`);
  const features = new Float32Array(rows.length * featureCount);
  rows.forEach((row, i) => features.set(row, i * featureCount));
  return { features, labels: Int32Array.from(labels), rows: rows.length, featureCount, files: described };
}

/** @param {Buffer|string} data */
function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * Data version: one sha256 over every channel's file names and content hashes, so renaming,
 * editing, adding or removing any file changes it.
 * @param {Record<string, Dataset>} datasets  channel -> dataset
 */
function dataVersion(datasets) {
  const lines = Object.keys(datasets).sort().flatMap((channel) =>
    datasets[channel].files.map((f) => `${channel}/${f.path} ${f.sha256}`));
  return sha256(lines.join('\n'));
}

/**
 * Deterministic shuffle of 0..n-1 (Fisher-Yates over a seeded PRNG).
 * @param {number} n
 * @param {() => number} random
 */
function permutation(n, random) {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  return idx;
}

/**
 * mulberry32: tiny seeded PRNG, good enough for shuffling.
 * @param {number} seed
 * @returns {() => number}
 */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rows of a dataset picked by index (used for the validation split).
 * @param {Dataset} ds
 * @param {ArrayLike<number>} indices
 * @returns {Dataset}
 */
function subset(ds, indices) {
  const f = ds.featureCount;
  const features = new Float32Array(indices.length * f);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    features.set(ds.features.subarray(r * f, (r + 1) * f), i * f);
    labels[i] = ds.labels[r];
  }
  return { features, labels, rows: indices.length, featureCount: f, files: ds.files };
}

module.exports = { MAX_CLASSES, loadChannel, listChannelFiles, dataVersion, permutation, seededRandom, subset, sha256 };
