'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { loadChannel, dataVersion, permutation, seededRandom, subset } = require('../src/data');
const { tempDir, write } = require('./helpers');

describe('loadChannel (CSV: label first, then features; no header)', () => {
  let dir;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads every file below the channel in sorted order, skipping blank lines and hidden files', () => {
    write(path.join(dir, 'b.csv'), '1,0.5,-2\n\n');
    write(path.join(dir, 'a.csv'), '0,1,2\r\n2, 3 ,4e-1\n');
    write(path.join(dir, 'sub', 'c.csv'), '1,9,9\n');
    write(path.join(dir, '.ignored.csv'), 'garbage');
    const ds = loadChannel(dir, 'train');
    expect(ds.rows).toBe(4);
    expect(ds.featureCount).toBe(2);
    expect(Array.from(ds.labels)).toEqual([0, 2, 1, 1]);
    expect(Array.from(ds.features)).toEqual([1, 2, 3, 0.4, 0.5, -2, 9, 9].map((v) => Math.fround(v)));
    expect(ds.files.map((f) => f.path)).toEqual(['a.csv', 'b.csv', path.join('sub', 'c.csv')]);
    expect(ds.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each([
    ['1,2,3\n1,2\n', 'a.csv:2: 1 features, expected 2 like the first row'],
    ['x,1,2\n', 'a.csv:1: label "x" is not a non-negative integer'],
    ['-1,1,2\n', 'a.csv:1: label "-1" is not a non-negative integer'],
    ['1.5,1,2\n', 'a.csv:1: label "1.5" is not a non-negative integer'],
    ['1,abc,2\n', 'a.csv:1: column 2 "abc" is not a decimal number'],
    ['1,,2\n', 'a.csv:1: column 2 "" is not a decimal number'],
    ['1,Infinity,2\n', 'a.csv:1: column 2 "Infinity" is not a decimal number'],
    // Number() accepts these; a hex literal in training data is a producer bug, and 1e39 is Infinity in float32 (NaN loss).
    ['1,0x1F,2\n', 'a.csv:1: column 2 "0x1F" is not a decimal number'],
    ['1,1e39,2\n', 'a.csv:1: column 2 1e39 is outside the float32 range'],
    // Labels: Int32Array would wrap 4294967296 to 0, and one huge label would size a softmax of 10^8 classes.
    ['4294967296,1,2\n', 'a.csv:1: label 4294967296 is out of range: labels are class indexes 0..999'],
    ['99999999999999999999999,1,2\n', 'a.csv:1: label 99999999999999999999999 is out of range'],
    ['1000,1,2\n', 'a.csv:1: label 1000 is out of range'],
    ['1\n', 'a.csv:1: need a label and at least one feature'],
    ['\n\n', 'no rows in'],
  ])('%j is rejected with the file and line', (text, message) => {
    write(path.join(dir, 'a.csv'), text);
    expect(() => loadChannel(dir, 'train')).toThrow(message);
  });

  test('a missing or empty channel directory is a clear error', () => {
    expect(() => loadChannel(path.join(dir, 'nope'), 'test')).toThrow(/channel "test": directory .*nope does not exist/);
    expect(() => loadChannel(dir, 'train')).toThrow('channel "train": no data files');
  });
});

describe('data version', () => {
  const ds = (sha) => ({ files: [{ path: 'a.csv', bytes: 1, sha256: sha }] });

  test('is stable for the same files and changes when content or channel changes', () => {
    const v = dataVersion({ train: ds('aa'), test: ds('bb') });
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(dataVersion({ test: ds('bb'), train: ds('aa') })).toBe(v);
    expect(dataVersion({ train: ds('ab'), test: ds('bb') })).not.toBe(v);
    expect(dataVersion({ train: ds('bb'), test: ds('aa') })).not.toBe(v);
  });
});

describe('seeded shuffling', () => {
  test('permutation is a deterministic permutation of 0..n-1 per seed', () => {
    const a = permutation(50, seededRandom(7));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(permutation(50, seededRandom(7)))).toEqual(Array.from(a));
    expect(Array.from(permutation(50, seededRandom(8)))).not.toEqual(Array.from(a));
  });

  test('subset picks rows and their labels', () => {
    const ds = { features: Float32Array.from([0, 0, 1, 1, 2, 2]), labels: Int32Array.from([5, 6, 7]), rows: 3, featureCount: 2, files: [] };
    const s = subset(ds, [2, 0]);
    expect(Array.from(s.features)).toEqual([2, 2, 0, 0]);
    expect(Array.from(s.labels)).toEqual([7, 5]);
    expect(s.rows).toBe(2);
  });
});
