import {
  CreateTrainingJobCommand, DescribeTrainingJobCommand, ResourceInUse, ResourceNotFound, SageMakerClient,
  SageMakerServiceException, StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { HandlerDeps, isComplete, onEvent } from '../../constructs/training/handler/training-job-handler';
import { MAX_ATTEMPTS } from '../../constructs/training/handler/retry';
import { TrainingJobEvent } from '../../constructs/training/handler/types';

const sagemaker = mockClient(SageMakerClient);
const NAME = 'stack-job-0123456789ab';
const ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-job/${NAME}`;
const REQUEST = {
  AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1', TrainingInputMode: 'File' },
  RoleArn: 'arn:aws:iam::123456789012:role/JobRole',
  OutputDataConfig: { S3OutputPath: 's3://models-bucket/models' },
  ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 1800 },
  HyperParameters: { epochs: '5' },
  EnableNetworkIsolation: true,
};

function props(name = NAME, wait = 'true'): Record<string, string> {
  return { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x', TrainingJobName: name, TrainingJobRequest: JSON.stringify(REQUEST), WaitForCompletion: wait };
}
function event(RequestType: TrainingJobEvent['RequestType'], extra: Partial<TrainingJobEvent> = {}): TrainingJobEvent {
  return { RequestType, ResourceProperties: props(), ...extra };
}
function serviceError(name: string, message: string, status = 400): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}
const notFound = () => serviceError('ValidationException', 'Requested resource not found.');

let deps: HandlerDeps & { sleep: jest.Mock };
beforeEach(() => {
  sagemaker.reset();
  deps = {
    client: new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }),
    sleep: jest.fn(async () => undefined),
    random: () => 0.5,
    log: () => undefined,
  };
});

describe('onEvent', () => {
  test('Create starts the job with the request from the JSON property (numbers stay numbers)', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: ARN });
    const response = await onEvent(event('Create'), deps);
    expect(response).toEqual({ PhysicalResourceId: NAME });
    const input = sagemaker.commandCalls(CreateTrainingJobCommand)[0].args[0].input;
    expect(input).toEqual({ ...REQUEST, TrainingJobName: NAME });
    expect(input.ResourceConfig?.InstanceCount).toBe(2);
  });

  test('Update with an unchanged configuration (same name) starts nothing and keeps the physical id', async () => {
    const response = await onEvent(event('Update', { PhysicalResourceId: NAME, OldResourceProperties: props() }), deps);
    expect(response).toEqual({ PhysicalResourceId: NAME });
    expect(sagemaker.calls()).toHaveLength(0);
  });

  test('Update with a changed configuration starts a new job and returns its name (a replacement)', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: ARN });
    const newName = 'stack-job-ba9876543210';
    const response = await onEvent(event('Update', { PhysicalResourceId: NAME, ResourceProperties: props(newName) }), deps);
    expect(response).toEqual({ PhysicalResourceId: newName });
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)[0].args[0].input.TrainingJobName).toBe(newName);
  });

  test('Create adopts a job of the same name that is still running (retried create, rollback)', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(new ResourceInUse({ message: 'Training job names must be unique', $metadata: {} }));
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' });
    await expect(onEvent(event('Create'), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
  });

  test('Create refuses a same-name job that already failed, and says how to train again', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(new ResourceInUse({ message: 'exists', $metadata: {} }));
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', FailureReason: 'OOM' });
    await expect(onEvent(event('Create'), deps)).rejects.toThrow(/ended Failed: OOM.*retrainTrigger/);
  });

  describe('rollback to a configuration whose job ended badly (CloudFormation sends Update with the old properties)', () => {
    const newName = 'stack-job-ba9876543210';
    const rollback = (wait: string) => event('Update', {
      PhysicalResourceId: newName, ResourceProperties: props(NAME, wait), OldResourceProperties: props(newName, wait),
    });
    beforeEach(() => {
      sagemaker.on(CreateTrainingJobCommand).rejects(new ResourceInUse({ message: 'Training job names must be unique', $metadata: {} }));
      sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', FailureReason: 'OOM' });
    });

    test('WaitForCompletion=false: the old job is adopted as it is, so the rollback completes', async () => {
      await expect(onEvent(rollback('false'), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
      await expect(isComplete({ ...rollback('false'), PhysicalResourceId: NAME }, deps)).resolves.toMatchObject({ IsComplete: true });
    });

    test('WaitForCompletion=true still refuses (the stack never reached that configuration with a failed job)', async () => {
      await expect(onEvent(rollback('true'), deps)).rejects.toThrow(/ended Failed: OOM/);
    });

    test('a Create with WaitForCompletion=false still refuses: a new resource is meant to train', async () => {
      await expect(onEvent(event('Create', { ResourceProperties: props(NAME, 'false') }), deps)).rejects.toThrow(/ended Failed/);
    });
  });

  test('Delete of a running job stops it', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' });
    sagemaker.on(StopTrainingJobCommand).resolves({});
    await expect(onEvent(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
    expect(sagemaker.commandCalls(StopTrainingJobCommand)[0].args[0].input).toEqual({ TrainingJobName: NAME });
  });

  test('Delete of a finished job does not stop anything', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'Completed' });
    await onEvent(event('Delete', { PhysicalResourceId: NAME }), deps);
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
  });

  test.each([
    ['ValidationException "Requested resource not found"', notFound],
    ['ResourceNotFound', () => new ResourceNotFound({ message: 'gone', $metadata: {} })],
  ])('Delete of a missing job (%s) succeeds', async (_label, error) => {
    sagemaker.on(DescribeTrainingJobCommand).rejects(error());
    await expect(onEvent(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
    await expect(isComplete(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: true });
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
  });

  test('Delete tolerates the job finishing between Describe and Stop', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' });
    sagemaker.on(StopTrainingJobCommand).rejects(serviceError('ValidationException', 'The job is in status Completed'));
    await expect(onEvent(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
  });
});

describe('isComplete', () => {
  const running = { TrainingJobName: NAME, TrainingJobArn: ARN, OutputDataConfig: { S3OutputPath: 's3://models-bucket/models' } };

  test.each(['InProgress', 'Stopping'] as const)('%s is not complete', async (status) => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: status, SecondaryStatus: 'Training' });
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: false });
  });

  test('Completed returns name, ARN, model URL and the final metrics finalMetric() reads, as flattened attributes', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({
      ...running, TrainingJobStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: `s3://models-bucket/models/${NAME}/output/model.tar.gz` },
      FinalMetricDataList: [
        { MetricName: 'validation:accuracy', Value: 0.96, Timestamp: new Date(0) },
        { MetricName: 'test:macro_f1', Value: 0.9512, Timestamp: new Date(0) },
        { MetricName: 'train:loss', Value: 0.1, Timestamp: new Date(0) }, // defined, but nobody reads it: not returned
      ],
    });
    const requested = { ...props(), FinalMetrics: JSON.stringify(['validation:accuracy', 'test:macro_f1']) };
    expect(await isComplete(event('Create', { PhysicalResourceId: NAME, ResourceProperties: requested }), deps)).toEqual({
      IsComplete: true,
      Data: {
        TrainingJobName: NAME,
        TrainingJobArn: ARN,
        ModelDataUrl: `s3://models-bucket/models/${NAME}/output/model.tar.gz`,
        'FinalMetric.validation.accuracy': '0.96',
        'FinalMetric.test.macro.f1': '0.9512',
      },
    });
  });

  test('Failed throws with SageMaker\'s FailureReason', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: 'Failed', FailureReason: 'AlgorithmError: loss is NaN' });
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).rejects.toThrow(`Training job ${NAME} failed: AlgorithmError: loss is NaN`);
  });

  test('Stopped throws with the secondary status', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded' });
    await expect(isComplete(event('Update', { PhysicalResourceId: NAME }), deps)).rejects.toThrow(/was stopped \(MaxRuntimeExceeded\)/);
  });

  test('with WaitForCompletion=false a running job is complete and the model URL is where it will be', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: 'InProgress' });
    const response = await isComplete(event('Create', { PhysicalResourceId: NAME, ResourceProperties: props(NAME, 'false') }), deps);
    expect(response.IsComplete).toBe(true);
    expect(response.Data?.ModelDataUrl).toBe(`s3://models-bucket/models/${NAME}/output/model.tar.gz`);
  });

  test.each(['Failed', 'Stopped', 'Completed'] as const)('with WaitForCompletion=false a %s job does not fail the resource', async (status) => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: status, FailureReason: 'OOM' });
    const response = await isComplete(event('Update', { PhysicalResourceId: NAME, ResourceProperties: props(NAME, 'false') }), deps);
    expect(response).toEqual({ IsComplete: true, Data: expect.objectContaining({ TrainingJobName: NAME }) });
  });

  test('Delete waits while the job is stopping, and completes once it stopped', async () => {
    sagemaker.on(DescribeTrainingJobCommand)
      .resolvesOnce({ ...running, TrainingJobStatus: 'Stopping' })
      .resolvesOnce({ ...running, TrainingJobStatus: 'Stopped' });
    await expect(isComplete(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: true });
  });
});

describe('retries', () => {
  test('throttling, then success: retried with exponential backoff and jitter', async () => {
    sagemaker.on(DescribeTrainingJobCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .resolves({ TrainingJobName: NAME, TrainingJobStatus: 'InProgress' });
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: false });
    // random() = 0.5: half of the ceiling fixed plus a quarter → 750 ms, then 1500 ms.
    expect(deps.sleep.mock.calls).toEqual([[750], [1500]]);
  });

  test.each([
    ['a 5xx', () => serviceError('InternalFailure', 'oops', 503)],
    ['a network error', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('%s is retried', async (_label, error) => {
    sagemaker.on(CreateTrainingJobCommand).rejectsOnce(error()).resolves({ TrainingJobArn: ARN });
    await expect(onEvent(event('Create'), deps)).resolves.toEqual({ PhysicalResourceId: NAME });
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(2);
  });

  test('a non-transient error is not retried', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform iam:PassRole'));
    await expect(onEvent(event('Create'), deps)).rejects.toThrow('iam:PassRole');
    expect(deps.sleep).not.toHaveBeenCalled();
  });

  test(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    await expect(onEvent(event('Create'), deps)).rejects.toThrow('Rate exceeded');
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(MAX_ATTEMPTS);
    expect(deps.sleep).toHaveBeenCalledTimes(MAX_ATTEMPTS - 1);
    expect(Math.max(...deps.sleep.mock.calls.map((c) => c[0] as number))).toBeLessThanOrEqual(16000);
  });
});

describe('quality gate (evaluation before deployment)', () => {
  const gated = (gate: object) => event('Create', {
    PhysicalResourceId: NAME, ResourceProperties: { ...props(), QualityGate: JSON.stringify(gate) },
  });
  const completedWith = (metrics: { MetricName: string; Value: number }[]) => sagemaker.on(DescribeTrainingJobCommand).resolves({
    TrainingJobName: NAME, TrainingJobArn: ARN, TrainingJobStatus: 'Completed',
    ModelArtifacts: { S3ModelArtifacts: `s3://models-bucket/models/${NAME}/output/model.tar.gz` },
    FinalMetricDataList: metrics.map((m) => ({ ...m, Timestamp: new Date(0) })),
  });

  test('a completed job whose metric meets the minimum completes the resource', async () => {
    completedWith([{ MetricName: 'test:accuracy', Value: 0.95 }]);
    await expect(isComplete(gated({ MetricName: 'test:accuracy', Minimum: 0.9 }), deps)).resolves.toMatchObject({ IsComplete: true });
  });

  test('a completed job below the minimum fails the resource with the value and the bound', async () => {
    completedWith([{ MetricName: 'test:accuracy', Value: 0.81 }]);
    await expect(isComplete(gated({ MetricName: 'test:accuracy', Minimum: 0.9 }), deps))
      .rejects.toThrow(`Training job ${NAME} completed but failed its quality gate: test:accuracy = 0.81, required ≥ 0.9`);
  });

  test('a maximum bounds a loss', async () => {
    completedWith([{ MetricName: 'validation:loss', Value: 0.4 }]);
    await expect(isComplete(gated({ MetricName: 'validation:loss', Maximum: 0.3 }), deps)).rejects.toThrow(/validation:loss = 0.4, required ≤ 0.3/);
  });

  test('a job that never reported the gated metric fails the resource (no silent pass)', async () => {
    completedWith([{ MetricName: 'train:loss', Value: 0.1 }]);
    await expect(isComplete(gated({ MetricName: 'test:accuracy', Minimum: 0.9 }), deps)).rejects.toThrow(/reported no final test:accuracy/);
  });

  test('without a gate any completed job completes the resource (control)', async () => {
    completedWith([{ MetricName: 'test:accuracy', Value: 0.1 }]);
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).resolves.toMatchObject({ IsComplete: true });
  });
});

describe('faults: nothing is left running, polling survives transient trouble', () => {
  const running = { TrainingJobName: NAME, TrainingJobArn: ARN, TrainingJobStatus: 'InProgress' as const };

  test('every SageMaker call carries a per-attempt AbortSignal (a hung call is abandoned and retried)', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: ARN });
    const send = jest.spyOn(deps.client, 'send');
    await onEvent(event('Create'), deps);
    expect(send.mock.calls[0][1]).toEqual({ abortSignal: expect.any(AbortSignal) });
  });

  test('a CreateTrainingJob that timed out every attempt, but did start the job, stops that job before failing', async () => {
    // CloudFormation never sends a Delete for a failed Create (the Provider framework ignores it), so this is the only stop.
    sagemaker.on(CreateTrainingJobCommand).rejects(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    sagemaker.on(DescribeTrainingJobCommand).resolves(running);
    sagemaker.on(StopTrainingJobCommand).resolves({});
    await expect(onEvent(event('Create'), deps)).rejects.toThrow('This operation was aborted');
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(MAX_ATTEMPTS);
    expect(sagemaker.commandCalls(StopTrainingJobCommand).map((c) => c.args[0].input)).toEqual([{ TrainingJobName: NAME }]);
  });

  test('an Update to a new job that fails to start stops it too; a create rejected outright finds nothing to stop', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('InternalFailure', 'oops', 500));
    sagemaker.on(DescribeTrainingJobCommand).resolves(running);
    await expect(onEvent(event('Update', { PhysicalResourceId: 'old-job' }), deps)).rejects.toThrow('oops');
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(1);
    sagemaker.reset();
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('ValidationException', 'bad instance type'));
    sagemaker.on(DescribeTrainingJobCommand).rejects(notFound());
    await expect(onEvent(event('Create'), deps)).rejects.toThrow('bad instance type');
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
  });

  test.each([
    ['a throttling burst longer than the retries', () => serviceError('ThrottlingException', 'Rate exceeded')],
    ['a malformed (unparseable) response', () => Object.assign(new SyntaxError('Unexpected token < in JSON at position 0'), {
      message: 'Unexpected token <\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
    })],
    ['timeouts', () => Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ])('isComplete: %s while polling → not complete yet (poll again), not a failed deployment', async (_label, error) => {
    sagemaker.on(DescribeTrainingJobCommand).rejects(error());
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event('Delete', { PhysicalResourceId: NAME }), deps)).resolves.toEqual({ IsComplete: false });
    sagemaker.reset();
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...running, TrainingJobStatus: 'Completed' });
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).resolves.toMatchObject({ IsComplete: true });
  });

  test('isComplete: a permanent error (access denied) still fails the resource', async () => {
    sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME }), deps)).rejects.toThrow('not authorized');
  });

  test('a finalMetric() the completed job never reported fails with this resource\'s own reason', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({
      ...running, TrainingJobStatus: 'Completed',
      FinalMetricDataList: [{ MetricName: 'train:loss', Value: 0.1, Timestamp: new Date(0) }],
    });
    const requested = { ...props(), FinalMetrics: JSON.stringify(['validation:accuracy']) };
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME, ResourceProperties: requested }), deps)).rejects.toThrow(
      `Training job ${NAME} completed but reported no final value for "validation:accuracy", which finalMetric() reads; `
      + 'reported: train:loss. Check the metric definitions\' regexes');
  });

  test('the success response stays under CloudFormation\'s 4096-byte limit: an oversized one fails with the reason', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `${'m'.repeat(250)}${i}`);
    sagemaker.on(DescribeTrainingJobCommand).resolves({
      ...running, TrainingJobStatus: 'Completed',
      FinalMetricDataList: names.map((MetricName) => ({ MetricName, Value: 0.5, Timestamp: new Date(0) })),
    });
    const requested = (n: number) => ({ ...props(), FinalMetrics: JSON.stringify(names.slice(0, n)) });
    await expect(isComplete(event('Create', { PhysicalResourceId: NAME, ResourceProperties: requested(12) }), deps))
      .rejects.toThrow(/attributes take \d+ bytes, over the 3072 bytes a custom-resource response can carry/);
    const ok = await isComplete(event('Create', { PhysicalResourceId: NAME, ResourceProperties: requested(3) }), deps);
    expect(Buffer.byteLength(JSON.stringify(ok.Data))).toBeLessThanOrEqual(3072);
    expect(Object.keys(ok.Data ?? {})).toHaveLength(6);
  });
});
