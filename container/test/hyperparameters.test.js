'use strict';
const { parseHyperparameters, HYPERPARAMETER_SPEC } = require('../src/hyperparameters');

describe('parseHyperparameters', () => {
  test('SageMaker string values become typed numbers, missing keys take defaults', () => {
    const hp = parseHyperparameters({ epochs: '5', learning_rate: '0.01', validation_split: '0.2' });
    expect(hp).toEqual({
      hidden_units: 128, epochs: 5, batch_size: 64, learning_rate: 0.01,
      validation_split: 0.2, early_stopping_patience: 3, seed: 42,
    });
    expect(typeof hp.epochs).toBe('number');
  });

  test('plain JSON numbers and surrounding spaces are accepted', () => {
    expect(parseHyperparameters({ hidden_units: 32, batch_size: ' 16 ', learning_rate: '1e-3' }))
      .toMatchObject({ hidden_units: 32, batch_size: 16, learning_rate: 0.001 });
  });

  test('keys injected by the SageMaker SDK and tuning are ignored', () => {
    expect(parseHyperparameters({ sagemaker_program: 'x', _tuning_objective_metric: 'test_accuracy' }).epochs).toBe(10);
  });

  test('an unknown key is an error naming it and the allowed keys', () => {
    expect(() => parseHyperparameters({ epoch: '3' })).toThrow(
      `unknown hyperparameter "epoch"; allowed: ${Object.keys(HYPERPARAMETER_SPEC).join(', ')}`);
  });

  test.each([
    ['epochs', '3.5', 'must be an integer'],
    ['epochs', 'ten', 'must be an integer'],
    ['epochs', '', 'must be an integer'],
    ['epochs', '0', 'must be in [1, 1000]'],
    ['hidden_units', '-4', 'must be in [1, 4096]'],
    ['batch_size', '1e3', 'must be an integer'],
    ['learning_rate', '0', 'must be in (0, 1]'],
    ['learning_rate', 'fast', 'must be a number'],
    ['learning_rate', 'NaN', 'must be a number'],
    ['learning_rate', 'Infinity', 'must be a number'],
    ['validation_split', '1', 'must be in [0, 1)'],
    ['validation_split', '-0.1', 'must be in [0, 1)'],
    ['early_stopping_patience', '-1', 'must be in [0, 1000]'],
    ['seed', '0x10', 'must be an integer'],
    ['epochs', true, 'must be an integer (string or number)'],
    ['learning_rate', [0.1], 'must be a number (string or number)'],
    ['epochs', null, 'must be an integer (string or number)'],
  ])('%s=%j is rejected: %s', (key, value, message) => {
    expect(() => parseHyperparameters({ [key]: value })).toThrow(`${key}=${JSON.stringify(value)}: ${message}`);
  });

  test('every problem is reported in one error', () => {
    let error;
    try {
      parseHyperparameters({ epochs: 'x', batch_size: '0', nope: 1 });
    } catch (e) {
      error = /** @type {Error} */ (e);
    }
    expect(error?.message).toMatch(/epochs=.*batch_size=.*unknown hyperparameter "nope"/);
  });

  test.each([[null], [[1, 2]], ['epochs=3']])('%j is not an object', (raw) => {
    expect(() => parseHyperparameters(raw)).toThrow('hyperparameters must be a JSON object');
  });
});
