'use strict';
// The reference model: one hidden dense layer with ReLU and a softmax output. Small enough to
// train in seconds on the wasm backend, good enough for ~95% on MNIST.
const tf = require('@tensorflow/tfjs');

/**
 * @param {{ featureCount: number, classCount: number, hiddenUnits: number, learningRate: number, seed: number }} o
 * @returns {import('@tensorflow/tfjs').Sequential}
 */
function buildModel(o) {
  const model = tf.sequential();
  model.add(tf.layers.dense({
    inputShape: [o.featureCount],
    units: o.hiddenUnits,
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed }),
  }));
  model.add(tf.layers.dense({
    units: o.classCount,
    activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 1 }),
  }));
  model.compile({
    optimizer: tf.train.adam(o.learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * Class probabilities for rows, as one flat Float32Array (rows x classes).
 * @param {import('@tensorflow/tfjs').LayersModel} model
 * @param {Float32Array} features  row-major
 * @param {number} rows
 * @returns {Promise<{ probabilities: Float32Array, classCount: number }>}
 */
async function predictProbabilities(model, features, rows) {
  const featureCount = features.length / rows;
  const out = tf.tidy(() => /** @type {import('@tensorflow/tfjs').Tensor} */ (
    model.predict(tf.tensor2d(features, [rows, featureCount]))));
  try {
    const probabilities = /** @type {Float32Array} */ (await out.data());
    return { probabilities, classCount: out.shape[1] ?? 0 };
  } finally {
    out.dispose();
  }
}

/**
 * Index of the largest probability per row.
 * @param {Float32Array} probabilities
 * @param {number} classCount
 */
function argmaxRows(probabilities, classCount) {
  const rows = probabilities.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < classCount; k++) {
      if (probabilities[r * classCount + k] > probabilities[r * classCount + best]) best = k;
    }
    out[r] = best;
  }
  return out;
}

/** Model facts the server needs, read from the model itself. @param {import('@tensorflow/tfjs').LayersModel} model */
function modelShape(model) {
  const input = model.inputs[0].shape;
  const output = model.outputs[0].shape;
  return { featureCount: Number(input[input.length - 1]), classCount: Number(output[output.length - 1]) };
}

module.exports = { buildModel, predictProbabilities, argmaxRows, modelShape };
