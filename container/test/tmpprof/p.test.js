test('prof', async () => {
  let t = Date.now();
  const { prepareMnist } = require('../../scripts/prepare-mnist');
  const { runTraining } = require('../../src/train');
  console.log('require', Date.now() - t); t = Date.now();
  prepareMnist({ outDir: '/tmp/pm2', counts: { train: 150, validation: 20, test: 50, holdout: 50 }, seed: 3 });
  console.log('prep', Date.now() - t); t = Date.now();
  const lines = [];
  await runTraining({ log: (l) => lines.push(`${Date.now() - t} ${l}`), env: { SM_INPUT_CONFIG_DIR: '/tmp/pm/cfg', SM_CHANNEL_TRAIN: '/tmp/pm2/train', SM_CHANNEL_VALIDATION: '/tmp/pm2/validation', SM_CHANNEL_TEST: '/tmp/pm2/test', SM_MODEL_DIR: '/tmp/pm2/m', SM_OUTPUT_DIR: '/tmp/pm2/o' } });
  console.log(lines.join('\n'));
});
