'use strict';
// A tf.io handler that saves/loads `model.json` + `weights.bin` with fs, so models round-trip
// without tfjs-node (whose file:// handler is the only built-in one for Node).
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/**
 * @param {string} dir  directory holding (or to hold) model.json and weights.bin
 * @returns {import('@tensorflow/tfjs').io.IOHandler}
 */
function fileSystemHandler(dir) {
  return {
    async save(artifacts) {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('binary model topologies are not supported; save a LayersModel');
      }
      fs.mkdirSync(dir, { recursive: true });
      const weights = artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      // weights first: a model.json present means a complete model.
      fs.writeFileSync(path.join(dir, WEIGHTS_FILE), Buffer.from(weights));
      fs.writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const file = path.join(dir, MODEL_FILE);
      if (!fs.existsSync(file)) throw new Error(`no ${MODEL_FILE} in ${dir}`);
      const modelJson = JSON.parse(fs.readFileSync(file, 'utf8'));
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) => group.paths.map((p) => {
          const resolved = path.resolve(dir, p);
          // Refuse paths that escape the model directory (a tampered model.json).
          if (path.relative(dir, resolved).startsWith('..')) throw new Error(`weights path ${p} escapes ${dir}`);
          const b = fs.readFileSync(resolved);
          return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
        }));
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/**
 * @param {string} dir
 * @returns {Promise<import('@tensorflow/tfjs').LayersModel>}
 */
function loadModel(dir) {
  return tf.loadLayersModel(fileSystemHandler(dir));
}

module.exports = { fileSystemHandler, loadModel, MODEL_FILE, WEIGHTS_FILE };
