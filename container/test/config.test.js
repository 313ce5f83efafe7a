'use strict';
const { resolvePaths } = require('../src/paths');
const { serverConfig } = require('../src/server-config');

describe('resolvePaths', () => {
  test('defaults are the SageMaker /opt/ml layout', () => {
    expect(resolvePaths({})).toEqual({
      inputConfigDir: '/opt/ml/input/config',
      hyperparametersFile: '/opt/ml/input/config/hyperparameters.json',
      channels: { train: '/opt/ml/input/data/train', validation: '/opt/ml/input/data/validation', test: '/opt/ml/input/data/test' },
      modelDir: '/opt/ml/model',
      outputDir: '/opt/ml/output',
      outputDataDir: '/opt/ml/output/data',
      failureFile: '/opt/ml/output/failure',
    });
  });

  test('every path can be overridden with SM_* variables', () => {
    const p = resolvePaths({
      SM_MODEL_DIR: '/m', SM_CHANNEL_TRAIN: '/tr', SM_CHANNEL_VALIDATION: '/va', SM_CHANNEL_TEST: '/te',
      SM_OUTPUT_DATA_DIR: '/od', SM_INPUT_CONFIG_DIR: '/cfg', SM_OUTPUT_DIR: '/out',
    });
    expect(p).toMatchObject({
      modelDir: '/m', channels: { train: '/tr', validation: '/va', test: '/te' }, outputDataDir: '/od',
      hyperparametersFile: '/cfg/hyperparameters.json', failureFile: '/out/failure',
    });
  });

  test('SM_INPUT_DIR moves the channels and config together', () => {
    const p = resolvePaths({ SM_INPUT_DIR: '/in' });
    expect(p.channels.test).toBe('/in/data/test');
    expect(p.inputConfigDir).toBe('/in/config');
  });
});

describe('serverConfig', () => {
  test('defaults: port 8080, 6 MiB bodies, batches of 64 with no added delay', () => {
    expect(serverConfig({})).toEqual({
      port: 8080, host: undefined, modelDir: '/opt/ml/model',
      maxBodyBytes: 6 * 1024 * 1024, maxBatchSize: 64, maxBatchDelayMs: 0, drainTimeoutMs: 25000,
      maxRowsPerRequest: 10000, requestTimeoutMs: 30000,
    });
  });

  test('SAGEMAKER_BIND_TO_PORT wins over PORT', () => {
    expect(serverConfig({ PORT: '9000' }).port).toBe(9000);
    expect(serverConfig({ PORT: '9000', SAGEMAKER_BIND_TO_PORT: '7000' }).port).toBe(7000);
  });

  test('bad values fail at start, all named in one error', () => {
    expect(() => serverConfig({ PORT: 'http', MAX_BATCH_SIZE: '0', MAX_BODY_BYTES: '1.5' })).toThrow(
      'invalid serving configuration: PORT="http" must be an integer >= 0; MAX_BODY_BYTES="1.5" must be an integer >= 1; ' +
      'MAX_BATCH_SIZE="0" must be an integer >= 1');
    expect(() => serverConfig({ PORT: '70000' })).toThrow('PORT=70000 must be <= 65535');
    // Node fires a timer above 2^31-1 ms at once: a huge timeout would silently mean "no wait".
    expect(() => serverConfig({ DRAIN_TIMEOUT_MS: '99999999999' })).toThrow('DRAIN_TIMEOUT_MS=99999999999 must be <= 2147483647');
    expect(() => serverConfig({ REQUEST_TIMEOUT_MS: '50' })).toThrow('REQUEST_TIMEOUT_MS="50" must be an integer >= 100');
    expect(serverConfig({ MAX_ROWS_PER_REQUEST: '5', REQUEST_TIMEOUT_MS: '2000' })).toMatchObject({ maxRowsPerRequest: 5, requestTimeoutMs: 2000 });
  });
});
