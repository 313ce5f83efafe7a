import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INVERTED, splitDigits, transformDigits, writeChannel } from '../../scripts/demo-loop/digits-data';
import { CaptureRecord, LocalEndpoint } from '../../scripts/demo-loop/local-endpoint';
import { captureRows, LocalMonitor, runBaselineJob } from '../../scripts/demo-loop/local-monitor';
import { LocalS3 } from '../../scripts/demo-loop/local-s3';
import { finalMetrics } from '../../scripts/demo-loop/local-training';
import { matchesPattern } from '../../scripts/demo-loop/template-loop';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildModel } = require('../../container/src/model');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fileSystemHandler } = require('../../container/src/model-io');

/**
 * The local loop's stand-ins, end to end but fast: an untrained model (no training run) served by the
 * real container behind the capture proxy; the baselining job and the monitor on real MNIST digits.
 */
describe('demo:loop local world', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-loop-world-'));
  const s3 = new LocalS3(work);
  const lines: string[] = [];
  const endpoint = new LocalEndpoint('digits-endpoint', s3, s3.pathOf('s3://data/capture/digits'), (l) => lines.push(l));
  const digits = splitDigits({ train: 30, traffic: 3, ordinary: 10 });

  beforeAll(async () => {
    const model = buildModel({ featureCount: 784, classCount: 10, hiddenUnits: 8, learningRate: 0.001, seed: 1 });
    await model.save(fileSystemHandler(s3.pathOf('s3://models/digits/job-1/output/model')));
    model.dispose();
    writeChannel(s3.pathOf('s3://data/digits/train/'), 'train', digits.train);
    await endpoint.start();
  });
  afterAll(async () => {
    await endpoint.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('blue/green update: Updating until the new fleet answers /ping, then InService on the new configuration', async () => {
    endpoint.createModel({ ModelName: 'digits-job-1', PrimaryContainer: { ModelDataUrl: 's3://models/digits/job-1/output/model.tar.gz' } });
    endpoint.createEndpointConfig({ EndpointConfigName: 'digits-job-1', ProductionVariants: [{ ModelName: 'digits-job-1' }] });
    expect(endpoint.describeEndpoint().EndpointConfigName).toBe('digits-endpoint-initial-config');
    endpoint.updateEndpoint({ EndpointName: 'digits-endpoint', EndpointConfigName: 'digits-job-1' });
    expect(endpoint.describeEndpoint().EndpointStatus).toBe('Updating');
    await endpoint.settled();
    expect(endpoint.describeEndpoint()).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: 'digits-job-1' });
    expect(() => endpoint.createEndpointConfig({ EndpointConfigName: 'x', ProductionVariants: [{ ModelName: 'missing' }] }))
      .toThrow('CreateEndpointConfig: model missing does not exist');
  }, 60_000);

  test('every answered request is captured as a SageMaker capture record (CSV and JSON as text)', async () => {
    const before = endpoint.captured;
    const send = (contentType: string, body: string) => fetch(`${endpoint.url}/invocations`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect((await send('text/csv', digits.traffic[0].pixels.join(','))).status).toBe(200);
    expect((await send('application/json', JSON.stringify({ instances: [digits.traffic[1].pixels, digits.traffic[2].pixels] }))).status).toBe(200);
    // A rejected request is not model traffic and is not captured.
    expect((await send('text/csv', '1,2,3')).status).toBe(400);
    expect(endpoint.captured - before).toBe(2);

    const files: string[] = [];
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.join(dir, e.name))));
    walk(s3.pathOf('s3://data/capture/digits'));
    expect(files).toHaveLength(1);
    expect(path.relative(s3.pathOf('s3://data/capture/digits'), files[0])).toMatch(/^digits-endpoint\/AllTraffic\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/capture\.jsonl$/);
    const records = fs.readFileSync(files[0], 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaptureRecord);
    expect(records[0].captureData.endpointInput).toMatchObject({ observedContentType: 'text/csv', mode: 'INPUT', encoding: 'CSV' });
    expect(records[1].captureData.endpointInput).toMatchObject({ observedContentType: 'application/json', encoding: 'JSON' });
    expect(JSON.parse(records[1].captureData.endpointOutput.data).predictions).toHaveLength(2);
    expect(captureRows(records[0])).toEqual([digits.traffic[0].pixels]);
    expect(captureRows(records[1])).toEqual([digits.traffic[1].pixels, digits.traffic[2].pixels]);
  }, 30_000);

  test('the baselining job describes the training features; the monitor reports shifted traffic only', async () => {
    const result = runBaselineJob({
      ProcessingJobName: 'baseline-1',
      Environment: { dataset_format: JSON.stringify({ csv: { header: false, output_columns_position: 'START' } }) },
      ProcessingInputs: [{ S3Input: { S3Uri: 's3://data/digits/train' } }],
      ProcessingOutputConfig: { Outputs: [{ S3Output: { S3Uri: 's3://models/monitoring/digits/baseline' } }] },
    }, s3, (l) => lines.push(l));
    expect(result.ProcessingJobStatus).toBe('Completed');
    const statistics = JSON.parse(s3.get('s3://models/monitoring/digits/baseline/statistics.json'));
    // The label column is not a feature.
    expect(statistics.features).toHaveLength(784);
    expect(statistics.rows).toBe(300);

    const monitor = new LocalMonitor(s3, s3.pathOf('s3://data/capture/digits'), 's3://models/monitoring/digits/baseline/statistics.json',
      's3://models/monitoring/digits/baseline/constraints.json', path.join(work, 'reports'));
    // 100 ordinary digits in one CSV body (one row per line).
    const ordinary = await fetch(`${endpoint.url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: digits.ordinary.map((d) => d.pixels.join(',')).join('\n') });
    expect(ordinary.status).toBe(200);
    const quiet = monitor.run('hour-1');
    expect(quiet.report.rows).toBe(103);
    expect(quiet.status).toBe('Completed');
    for (const d of transformDigits(splitDigits({ x: 5 }, 3).x, INVERTED)) {
      await fetch(`${endpoint.url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: d.pixels.join(',') });
    }
    const drift = monitor.run('hour-2');
    expect(drift.status).toBe('CompletedWithViolations');
    expect(drift.exitMessage).toMatch(/^CompletedWithViolations: Job completed successfully with 2 violations\.$/);
    // Each run reads only what was captured since the last one.
    expect(drift.report.rows).toBe(50);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'reports', 'hour-2', 'constraint_violations.json'), 'utf8')).violations).toHaveLength(2);
  }, 30_000);

  test('final metrics are the last match of each metric definition, as SageMaker parses the log', () => {
    const log = ['epoch=1 loss=0.9 accuracy=0.5 val_loss=1 val_accuracy=0.4', 'epoch=2 loss=0.4 accuracy=0.8 val_loss=0.5 val_accuracy=0.7', 'test_accuracy=0.912000 test_macro_f1=0.91'];
    expect(finalMetrics(log, [
      { Name: 'train:loss', Regex: '(?:^|\\s)loss=([-+]?[0-9]*\\.?[0-9]+)' },
      { Name: 'test:accuracy', Regex: '(?:^|\\s)test_accuracy=([-+]?[0-9]*\\.?[0-9]+)' },
      { Name: 'never', Regex: 'nothing=([0-9]+)' },
    ])).toEqual([{ MetricName: 'train:loss', Value: 0.4 }, { MetricName: 'test:accuracy', Value: 0.912 }]);
  });

  test('EventBridge pattern matching: values, prefix and $or, as the drift rule uses them', () => {
    const pattern = { 'source': ['aws.sagemaker'], 'detail': { MonitoringScheduleArn: ['arn:s'], $or: [{ ExitMessage: [{ prefix: 'CompletedWithViolations' }] }, { ProcessingJobStatus: ['Failed'] }] } };
    const event = (detail: object) => ({ source: 'aws.sagemaker', detail: { MonitoringScheduleArn: 'arn:s', ...detail } });
    expect(matchesPattern(pattern, event({ ExitMessage: 'CompletedWithViolations: 2 violations' }))).toBe(true);
    expect(matchesPattern(pattern, event({ ProcessingJobStatus: 'Failed' }))).toBe(true);
    expect(matchesPattern(pattern, event({ ExitMessage: 'Completed: no violations' }))).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.sagemaker', detail: { MonitoringScheduleArn: 'arn:other', ProcessingJobStatus: 'Failed' } })).toBe(false);
  });
});
