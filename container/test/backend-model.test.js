'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../src/backend');
const { buildModel, predictProbabilities, argmaxRows, modelShape } = require('../src/model');
const { fileSystemHandler, loadModel } = require('../src/model-io');
const { tempDir } = require('./helpers');

const hasTfjsNode = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('initBackend', () => {
  test('TFJS_BACKEND forces a backend and the choice is logged', async () => {
    const lines = [];
    const info = await initBackend({ requested: 'cpu', log: (l) => lines.push(l) });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toEqual(['backend=cpu forced by TFJS_BACKEND']);
  });

  test('wasm loads from node_modules without network', async () => {
    const lines = [];
    const info = await initBackend({ requested: 'WASM', log: (l) => lines.push(l) });
    expect(info.name).toBe('wasm');
    expect(lines[0]).toMatch(/^backend=wasm \(simd=(true|false) threads=(true|false)\) forced by TFJS_BACKEND$/);
  });

  test('without TFJS_BACKEND the best loadable backend wins: tensorflow if installed, else wasm', async () => {
    const info = await initBackend({ requested: '', log: () => {} });
    expect(info.name).toBe(hasTfjsNode ? 'tensorflow' : 'wasm');
  });

  test('an unknown or unloadable forced backend is an error, not a silent fallback', async () => {
    await expect(initBackend({ requested: 'webgpu', log: () => {} }))
      .rejects.toThrow('TFJS_BACKEND=webgpu is not supported; allowed: tensorflow, wasm, cpu');
    if (!hasTfjsNode) {
      await expect(initBackend({ requested: 'tensorflow', log: () => {} }))
        .rejects.toThrow('TFJS_BACKEND=tensorflow: backend could not be loaded');
    }
  });
});

describe('model save/load with the fs IOHandler (no tfjs-node)', () => {
  let dir;
  beforeAll(async () => { await initBackend({ requested: 'wasm', log: () => {} }); });
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('round-trips topology and weights: the loaded model predicts exactly the same', async () => {
    const model = buildModel({ featureCount: 4, classCount: 3, hiddenUnits: 5, learningRate: 0.01, seed: 3 });
    const x = Float32Array.from([0.1, 0.2, 0.3, 0.4, 1, 0, 1, 0]);
    const before = await predictProbabilities(model, x, 2);
    await model.save(fileSystemHandler(dir));
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe((4 * 5 + 5 + 5 * 3 + 3) * 4);

    const loaded = await loadModel(dir);
    expect(modelShape(loaded)).toEqual({ featureCount: 4, classCount: 3 });
    const after = await predictProbabilities(loaded, x, 2);
    expect(Array.from(after.probabilities)).toEqual(Array.from(before.probabilities));
    expect(after.classCount).toBe(3);
    expect(Array.from(argmaxRows(after.probabilities, 3))).toEqual(Array.from(argmaxRows(before.probabilities, 3)));
  });

  test('loading a directory without a model, or with weights outside it, fails clearly', async () => {
    await expect(loadModel(dir)).rejects.toThrow(`no model.json in ${dir}`);
    const model = buildModel({ featureCount: 2, classCount: 2, hiddenUnits: 2, learningRate: 0.01, seed: 1 });
    await model.save(fileSystemHandler(dir));
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(loadModel(dir)).rejects.toThrow('escapes');
  });

  test('argmaxRows picks the largest probability per row', () => {
    expect(Array.from(argmaxRows(Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.2, 0.3]), 3))).toEqual([1, 0]);
  });
});
