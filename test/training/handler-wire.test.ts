/**
 * The handler against a local server speaking SageMaker's awsJson1_1 protocol, so the real SDK
 * serializes requests, signs them and parses responses and errors.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HandlerDeps, isComplete, onEvent } from '../../constructs/training/handler/training-job-handler';

interface Received { target: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }
interface Reply { status: number; body: Record<string, unknown>; errorType?: string; hang?: boolean; raw?: string }

const NAME = 'stack-job-0123456789ab';
const ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-job/${NAME}`;
let server: Server;
let received: Received[];
let replies: Map<string, Reply[]>;
let deps: HandlerDeps & { sleep: jest.Mock };

/** Queue replies for an operation; the last one repeats. */
function reply(operation: string, ...r: Reply[]): void {
  replies.set(`SageMaker.${operation}`, r);
}
const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body });
const error = (status: number, type: string, message: string): Reply => ({ status, errorType: type, body: { __type: type, message } });

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      received.push({ target, headers: req.headers, body: JSON.parse(data || '{}') });
      const queue = replies.get(target) ?? [error(400, 'UnknownOperationException', target)];
      const r = queue.length > 1 ? queue.shift()! : queue[0];
      if (r.hang) return; // a call that never answers: only the client's timeout ends it
      res.writeHead(r.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${received.length}`,
        ...(r.errorType ? { 'x-amzn-errortype': r.errorType } : {}),
      });
      res.end(r.raw ?? JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  replies = new Map();
  const { port } = server.address() as AddressInfo;
  deps = {
    client: new SageMakerClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      maxAttempts: 1,
    }),
    sleep: jest.fn(async () => undefined),
    random: () => 0,
    log: () => undefined,
  };
});

const request = {
  AlgorithmSpecification: {
    TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1',
    TrainingInputMode: 'File',
    MetricDefinitions: [{ Name: 'validation:accuracy', Regex: '(?:^|\\s)val_accuracy=([0-9.]+)' }],
  },
  RoleArn: 'arn:aws:iam::123456789012:role/JobRole',
  InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/mnist/train/' } } }],
  OutputDataConfig: { S3OutputPath: 's3://models/models' },
  ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 2, VolumeSizeInGB: 50 },
  StoppingCondition: { MaxRuntimeInSeconds: 1800, MaxWaitTimeInSeconds: 2400 },
  EnableManagedSpotTraining: true,
  EnableInterContainerTrafficEncryption: true,
  HyperParameters: { epochs: '5', learning_rate: '0.001' },
};
const properties = {
  TrainingJobName: NAME, TrainingJobRequest: JSON.stringify(request), WaitForCompletion: 'true',
  FinalMetrics: JSON.stringify(['validation:accuracy']),
};

test('create, poll to completion: the server receives SageMaker\'s JSON protocol and the handler reads its answers', async () => {
  reply('CreateTrainingJob', error(400, 'ThrottlingException', 'Rate exceeded'), ok({ TrainingJobArn: ARN }));
  reply('DescribeTrainingJob',
    ok({ TrainingJobName: NAME, TrainingJobArn: ARN, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Downloading' }),
    ok({
      TrainingJobName: NAME, TrainingJobArn: ARN, TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: `s3://models/models/${NAME}/output/model.tar.gz` },
      FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.9612, Timestamp: 1700000000 }],
      CreationTime: 1700000000,
    }));

  const created = await onEvent({ RequestType: 'Create', ResourceProperties: properties }, deps);
  const polled = { RequestType: 'Create' as const, ResourceProperties: properties, PhysicalResourceId: created.PhysicalResourceId };
  expect(await isComplete(polled, deps)).toEqual({ IsComplete: false });
  expect(await isComplete(polled, deps)).toEqual({
    IsComplete: true,
    Data: {
      TrainingJobName: NAME, TrainingJobArn: ARN,
      ModelDataUrl: `s3://models/models/${NAME}/output/model.tar.gz`,
      'FinalMetric.validation.accuracy': '0.9612',
    },
  });

  expect(received.map((r) => r.target)).toEqual([
    'SageMaker.CreateTrainingJob', 'SageMaker.CreateTrainingJob', 'SageMaker.DescribeTrainingJob', 'SageMaker.DescribeTrainingJob',
  ]);
  expect(deps.sleep).toHaveBeenCalledTimes(1); // the throttled create was retried once
  const create = received[1];
  expect(create.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(String(create.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sagemaker\/aws4_request/);
  expect(create.body).toEqual({ ...request, TrainingJobName: NAME });
  expect(received[2].body).toEqual({ TrainingJobName: NAME });
});

test('a failed job surfaces SageMaker\'s FailureReason', async () => {
  reply('DescribeTrainingJob', ok({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', FailureReason: 'ClientError: Data download failed' }));
  await expect(isComplete({ RequestType: 'Create', ResourceProperties: properties, PhysicalResourceId: NAME }, deps))
    .rejects.toThrow('failed: ClientError: Data download failed');
});

test('delete of a running job sends StopTrainingJob; delete of a missing job succeeds', async () => {
  reply('DescribeTrainingJob', ok({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' }));
  reply('StopTrainingJob', ok({}));
  await onEvent({ RequestType: 'Delete', ResourceProperties: properties, PhysicalResourceId: NAME }, deps);
  expect(received.map((r) => [r.target, r.body])).toEqual([
    ['SageMaker.DescribeTrainingJob', { TrainingJobName: NAME }],
    ['SageMaker.StopTrainingJob', { TrainingJobName: NAME }],
  ]);

  received = [];
  reply('DescribeTrainingJob', error(400, 'ValidationException', 'Requested resource not found.'));
  await expect(onEvent({ RequestType: 'Delete', ResourceProperties: properties, PhysicalResourceId: NAME }, deps))
    .resolves.toEqual({ PhysicalResourceId: NAME });
  expect(received.map((r) => r.target)).toEqual(['SageMaker.DescribeTrainingJob']);
});

test('a 5xx from the service is retried, then the error is reported', async () => {
  reply('StopTrainingJob', error(500, 'InternalFailure', 'We encountered an internal error'));
  reply('DescribeTrainingJob', ok({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' }));
  await expect(onEvent({ RequestType: 'Delete', ResourceProperties: properties, PhysicalResourceId: NAME }, deps))
    .rejects.toThrow('internal error');
  expect(received.filter((r) => r.target === 'SageMaker.StopTrainingJob')).toHaveLength(6);
});

test('a hung call is abandoned after the per-attempt timeout and retried (real SDK, real socket)', async () => {
  const fast = { ...deps, callTimeoutMs: 200 };
  reply('CreateTrainingJob', { status: 200, body: {}, hang: true }, ok({ TrainingJobArn: ARN }));
  const started = Date.now();
  await expect(onEvent({ RequestType: 'Create', ResourceProperties: properties }, fast)).resolves.toEqual({ PhysicalResourceId: NAME });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(received.map((r) => r.target)).toEqual(['SageMaker.CreateTrainingJob', 'SageMaker.CreateTrainingJob']);
  expect(deps.sleep).toHaveBeenCalledTimes(1);
});

test('a StopTrainingJob that hangs on every attempt fails the Delete in bounded time instead of hanging the Lambda', async () => {
  const fast = { ...deps, callTimeoutMs: 100 };
  reply('DescribeTrainingJob', ok({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' }));
  reply('StopTrainingJob', { status: 200, body: {}, hang: true });
  const started = Date.now();
  await expect(onEvent({ RequestType: 'Delete', ResourceProperties: properties, PhysicalResourceId: NAME }, fast))
    .rejects.toThrow(/aborted/i);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(received.filter((r) => r.target === 'SageMaker.StopTrainingJob')).toHaveLength(6);
});

test('a garbled DescribeTrainingJob answer while polling means "poll again", then the real answer completes', async () => {
  reply('DescribeTrainingJob',
    ...Array.from({ length: 6 }, () => ({ status: 200, body: {}, raw: '<html>502 Bad Gateway</html>' })),
    ok({ TrainingJobName: NAME, TrainingJobArn: ARN, TrainingJobStatus: 'Completed',
      FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.9, Timestamp: 1700000000 }] }));
  const polled = { RequestType: 'Create' as const, ResourceProperties: properties, PhysicalResourceId: NAME };
  await expect(isComplete(polled, deps)).resolves.toEqual({ IsComplete: false });
  await expect(isComplete(polled, deps)).resolves.toMatchObject({ IsComplete: true, Data: { 'FinalMetric.validation.accuracy': '0.9' } });
});
