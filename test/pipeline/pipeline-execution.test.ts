/**
 * The synthesized pipeline definition, executed locally by aws-local-stepfunctions with every Task
 * replaced by the in-memory fake AWS (the Evaluate step runs its real inline source). One test per path.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ApprovalMode, PipelineOutcome, PipelineStateNames as N, TrainingPipelineProps } from '../../constructs/pipeline';
import { withPipeline } from './fixtures';
import { FakeAws, FakeAwsOptions } from './local-registry';
import { definitionWithState, JsonValue, runStateMachineLocally } from './local-sfn';

const EXECUTION = 'a1b2c3d4-0000-4000-8000-000000000001';

function definition(overrides: Partial<TrainingPipelineProps> = {}) {
  return definitionWithState(withPipeline(overrides).stack, N.TRAIN);
}

async function run(aws: FakeAws, input: JsonValue = { trigger: 'manual', dataVersion: 'v1' }, overrides: Partial<TrainingPipelineProps> = {}) {
  const execution = runStateMachineLocally(definition(overrides), input, { tasks: aws.tasks, executionName: EXECUTION });
  let output: JsonValue;
  let error: Error | undefined;
  try {
    output = await execution.result;
  } catch (e) {
    error = e as Error;
  }
  return { output, error, visited: execution.visited };
}

function fake(options: FakeAwsOptions) {
  return new FakeAws({ executionName: EXECUTION, ...options });
}

describe('TrainingPipeline, executed locally', () => {
  test('gate passes: the version is registered (Approved, with metrics and data version), deployed, and one success is notified', async () => {
    const aws = fake({ accuracy: 0.95 });
    const { output, error, visited } = await run(aws);

    expect(error).toBeUndefined();
    const [train] = aws.callsOf(N.TRAIN);
    expect(train.TrainingJobName).toBe(`digits-pipeline-${EXECUTION}`);
    expect(train.Tags).toEqual(expect.arrayContaining([{ Key: 'cdk-mlops:data-version', Value: 'v1' }, { Key: 'cdk-mlops:trigger', Value: 'manual' }]));
    expect(aws.packages).toHaveLength(1);
    const registered = aws.packages[0].request;
    expect(registered.ModelApprovalStatus).toBe('Approved');
    expect(registered.InferenceSpecification.Containers[0].ModelDataUrl).toBe(`s3://models7f217e31/digits/digits-pipeline-${EXECUTION}/output/model.tar.gz`);
    expect(registered.CustomerMetadataProperties).toMatchObject({ dataVersion: 'v1', metricName: 'test:accuracy', metricValue: '0.95', trainingJobName: train.TrainingJobName });
    expect(registered.ModelMetrics.ModelQuality.Statistics.S3Uri).toBe(`s3://models7f217e31/digits/digits-pipeline-${EXECUTION}/output/output.tar.gz`);
    const [model] = aws.callsOf(N.CREATE_MODEL);
    expect(model.PrimaryContainer.ModelPackageName).toBe(aws.packages[0].ModelPackageArn);
    const [config] = aws.callsOf(N.CREATE_ENDPOINT_CONFIG);
    expect(config.ProductionVariants[0]).toMatchObject({ VariantName: 'AllTraffic', ModelName: `digits-pipeline-${EXECUTION}`, InstanceType: 'ml.m5.large' });
    expect(aws.callsOf(N.UPDATE_ENDPOINT)[0]).toMatchObject({ RetainDeploymentConfig: true, RetainAllVariantProperties: true, EndpointConfigName: `digits-pipeline-${EXECUTION}` });
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_SUCCEEDED]);
    expect(aws.notifications[0].message).toContain('test:accuracy = 0.95');
    expect(aws.notifications[0].message).toContain('model-package/digits/1');
    expect(output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);
    expect(visited.slice(-3)).toEqual([N.COOL_DOWN, N.FINISH, N.SUCCEEDED]);
  });

  test('gate fails: nothing registered or deployed, the failure is notified with the metric', async () => {
    const aws = fake({ accuracy: 0.85 });
    const { output, error, visited } = await run(aws);

    expect(error).toBeUndefined(); // the pipeline worked: the candidate was not good enough
    expect(aws.packages).toHaveLength(0);
    expect(aws.callsOf(N.REGISTER)).toHaveLength(0);
    expect(aws.callsOf(N.CREATE_MODEL)).toHaveLength(0);
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_GATE_FAILED]);
    expect(aws.notifications[0].message).toContain('test:accuracy = 0.85 is below the minimum 0.9');
    expect(output.outcome.status).toBe(PipelineOutcome.GATE_FAILED);
    expect(visited).toContain(N.CANDIDATE_REJECTED);
  });

  test('challenger worse than the champion by more than the margin: not registered, not deployed', async () => {
    const aws = fake({ accuracy: 0.95, championAccuracy: 0.97 });
    const { output } = await run(aws);

    expect(aws.callsOf(N.DESCRIBE_CHAMPION)).toHaveLength(1);
    expect(aws.packages).toHaveLength(1); // only the champion
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_BEATEN_BY_CHAMPION]);
    expect(aws.notifications[0].message).toContain("worse than the champion's 0.97 by more than 0.01");
    expect(output.outcome.status).toBe(PipelineOutcome.BEATEN_BY_CHAMPION);
  });

  test('challenger within the margin of the champion replaces it', async () => {
    const aws = fake({ accuracy: 0.965, championAccuracy: 0.97 });
    const { output } = await run(aws);

    expect(aws.packages).toHaveLength(2);
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(1);
    expect(output.evaluation).toMatchObject({ verdict: 'PASSED', metricValue: 0.965, championValue: 0.97 });
  });

  test('training fails: notified with the reason, nothing registered, the execution fails', async () => {
    const aws = fake({ accuracy: undefined });
    const { error, visited } = await run(aws);

    expect(error?.message).toContain('Training, deployment or an AWS call failed');
    expect(aws.callsOf(N.REGISTER)).toHaveLength(0);
    expect(aws.callsOf(N.FIND_CHAMPION)).toHaveLength(0);
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_TRAINING_FAILED]);
    expect(aws.notifications[0].message).toContain(`training job digits-pipeline-${EXECUTION} (data v1) failed`);
    expect(aws.notifications[0].message).toContain('AlgorithmError: boom');
    expect(visited.slice(-3)).toEqual([N.COOL_DOWN, N.FINISH, N.FAILED]);
  });

  test('deployment rolled back by SageMaker: the version is marked Rejected and the rollback notified', async () => {
    const aws = fake({ accuracy: 0.95, rolledBack: true, deploymentStatuses: ['Updating', 'RollingBack', 'InService'] });
    const { error } = await run(aws);

    expect(error?.name).toBe('ExecutionError');
    expect(aws.callsOf(N.CHECK_DEPLOYMENT)).toHaveLength(3);
    expect(aws.callsOf(N.REJECT_PACKAGE)).toEqual([expect.objectContaining({ ModelPackageArn: aws.packages[0].ModelPackageArn, ModelApprovalStatus: 'Rejected' })]);
    expect(aws.packages[0].ModelApprovalStatus).toBe('Rejected');
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_ROLLED_BACK]);
    expect(aws.notifications[0].message).toContain('was rolled back: the endpoint is InService on configuration initial-config');
  });

  test('a rejected champion is no champion: after a rollback the next candidate is compared with the last Approved one', async () => {
    const aws = fake({ accuracy: 0.99, championAccuracy: 0.9 });
    aws.packages.push({ ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/digits/2', ModelApprovalStatus: 'Rejected',
      request: { CustomerMetadataProperties: { metricName: 'test:accuracy', metricValue: '0.999' } } });
    const { output } = await run(aws);

    expect(output.evaluation).toMatchObject({ verdict: 'PASSED', championValue: 0.9 });
  });

  test('an older execution running (or cooling down): the trigger is skipped, nothing trains', async () => {
    const aws = fake({ accuracy: 0.95, olderRunning: 1 });
    const { error, visited } = await run(aws);

    expect(error).toBeUndefined();
    expect(aws.callsOf(N.TRAIN)).toHaveLength(0);
    expect(visited[visited.length - 1]).toBe(N.SKIPPED);
    expect(aws.notifications).toHaveLength(0);
  });

  test('two triggers at the same moment: the older execution trains, the newer one is skipped — not both', async () => {
    const older = fake({ accuracy: 0.95, newerRunning: 1 });
    const first = await run(older);
    expect(first.error).toBeUndefined();
    expect(older.callsOf(N.TRAIN)).toHaveLength(1);
    expect(first.output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);

    const newer = fake({ accuracy: 0.95, olderRunning: 1 });
    const second = await run(newer);
    expect(newer.callsOf(N.TRAIN)).toHaveLength(0);
    expect(second.visited[second.visited.length - 1]).toBe(N.SKIPPED);
  });

  test('ListExecutions (eventually consistent) lists nothing, not even this run: it trains instead of failing', async () => {
    const aws = fake({ accuracy: 0.95 });
    const { output, error } = await run(aws, undefined, {});
    expect(error).toBeUndefined();
    expect(output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);
    const empty = fake({ accuracy: 0.95 });
    const execution = runStateMachineLocally(definition(), { dataVersion: 'v1' }, { tasks: { ...empty.tasks, [N.CHECK_RUNNING]: () => ({ Executions: [] }) }, executionName: EXECUTION });
    await expect(execution.result).resolves.toMatchObject({ outcome: { status: PipelineOutcome.SUCCEEDED } });
    expect(empty.callsOf(N.TRAIN)).toHaveLength(1);
  });

  test('a version that fails to reach the endpoint is marked Rejected, so it cannot become the champion', async () => {
    const aws = fake({ accuracy: 0.95, transientErrors: { [N.CREATE_ENDPOINT_CONFIG]: Array(6).fill('SageMaker.SageMakerException') } });
    const { output, error, visited } = await run(aws);

    expect(error?.message).toContain('Training, deployment or an AWS call failed');
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
    expect(aws.callsOf(N.REJECT_UNDEPLOYED)).toEqual([expect.objectContaining({ ModelPackageArn: aws.packages[0].ModelPackageArn, ModelApprovalStatus: 'Rejected' })]);
    expect(aws.packages[0].ModelApprovalStatus).toBe('Rejected');
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_FAILED]);
    expect(aws.notifications[0].message).toContain('SageMaker.SageMakerException');
    expect(visited.slice(-3)).toEqual([N.COOL_DOWN, N.FINISH, N.FAILED]);
    expect(output).toBeUndefined();
  });

  test('throttled calls are retried: a transient error on Register still ends in a deployed version', async () => {
    const aws = fake({ accuracy: 0.95, transientErrors: { [N.REGISTER]: ['SageMaker.SageMakerException'], [N.UPDATE_ENDPOINT]: ['SageMaker.SageMakerException'] } });
    const { output } = await run(aws);

    expect(aws.callsOf(N.REGISTER)).toHaveLength(2);
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(2);
    expect(aws.packages).toHaveLength(1);
    expect(output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);
  });

  test('an AWS call failing for good is caught and notified', async () => {
    const aws = fake({ accuracy: 0.95, transientErrors: { [N.CREATE_MODEL]: ['SageMaker.ResourceLimitExceededException'] } });
    const { error } = await run(aws);

    expect(error?.name).toBe('ExecutionError');
    expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
    expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_FAILED]);
    expect(aws.notifications[0].message).toContain('SageMaker.ResourceLimitExceededException');
  });

  test('new data: the data version comes from the manifest key', async () => {
    const aws = fake({ accuracy: 0.95 });
    await run(aws, { trigger: 'new-data', manifestKey: 'digits/_manifests/3f2a9c0d11e4b7a8' });

    expect(aws.packages[0].request.CustomerMetadataProperties).toMatchObject({ dataVersion: '3f2a9c0d11e4b7a8', trigger: 'new-data' });
  });

  test('no input at all: manual trigger, unversioned data', async () => {
    const aws = fake({ accuracy: 0.95 });
    await run(aws, {});

    expect(aws.packages[0].request.CustomerMetadataProperties).toMatchObject({ dataVersion: 'unversioned', trigger: 'manual' });
  });

  describe('manual approval', () => {
    const manual = { approval: ApprovalMode.MANUAL };

    test('registered as PendingManualApproval; deployed once a person approves', async () => {
      const aws = fake({ accuracy: 0.95, approvalStatuses: ['PendingManualApproval', 'PendingManualApproval', 'Approved'] });
      const { output } = await run(aws, undefined, manual);

      expect(aws.callsOf(N.REGISTER)[0].ModelApprovalStatus).toBe('PendingManualApproval');
      expect(aws.callsOf(N.CHECK_APPROVAL)).toHaveLength(3);
      expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(1);
      expect(output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);
    });

    test('rejected by a person: not deployed, notified', async () => {
      const aws = fake({ accuracy: 0.95, approvalStatuses: ['Rejected'] });
      const { output } = await run(aws, undefined, manual);

      expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
      expect(aws.notifications.map((n) => n.state)).toEqual([N.NOTIFY_REJECTED]);
      expect(output.outcome.status).toBe(PipelineOutcome.REJECTED);
    });

    test('no decision within the approval timeout: not deployed', async () => {
      const { Duration } = await import('aws-cdk-lib');
      const aws = fake({ accuracy: 0.95 });
      const { output } = await run(aws, undefined, { ...manual, approvalTimeout: Duration.hours(1), approvalPollInterval: Duration.minutes(20) });

      expect(aws.callsOf(N.CHECK_APPROVAL)).toHaveLength(3);
      expect(aws.callsOf(N.UPDATE_ENDPOINT)).toHaveLength(0);
      expect(output.outcome.status).toBe(PipelineOutcome.REJECTED);
    });
  });

  test('a baseline step runs after registration and before deployment, with the registration in its input', async () => {
    const { stack, baseProps } = (await import('./fixtures')).pipelineStack();
    const baseline = new sfn.CustomState(stack, 'ComputeBaseline', {
      stateJson: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createProcessingJob.sync', Parameters: { 'Package.$': '$.registration.ModelPackageArn' } },
    });
    const { TrainingPipeline } = await import('../../constructs/pipeline');
    new TrainingPipeline(stack, 'Pipeline', { ...baseProps, baselineStep: baseline });
    const aws = fake({ accuracy: 0.95 });
    const order: string[] = [];
    const tasks = Object.fromEntries(Object.entries(aws.tasks).map(([k, t]) => [k, (i: JsonValue) => { order.push(k); return t(i); }]));
    const execution = runStateMachineLocally(definitionWithState(stack, N.TRAIN), { dataVersion: 'v1' }, {
      executionName: EXECUTION,
      tasks: { ...tasks, ComputeBaseline: (input) => { order.push('ComputeBaseline'); return { baselineOf: input.Package }; } },
    });
    const output = await execution.result;

    expect(order.indexOf('ComputeBaseline')).toBeGreaterThan(order.indexOf(N.REGISTER));
    expect(order.indexOf('ComputeBaseline')).toBeLessThan(order.indexOf(N.CREATE_MODEL));
    expect(output.baseline).toEqual([{ baselineOf: aws.packages[0].ModelPackageArn }]);
  });
});

test('a notification that cannot be sent still ends the run (failed, nothing left waiting)', async () => {
  const aws = new FakeAws({ executionName: EXECUTION, accuracy: 0.95, transientErrors: { [N.NOTIFY_SUCCEEDED]: Array(6).fill('SNS.AmazonSNSException') } });
  const execution = runStateMachineLocally(definitionWithState(withPipeline().stack, N.TRAIN), { dataVersion: 'v1' }, { tasks: aws.tasks, executionName: EXECUTION });
  await expect(execution.result).rejects.toThrow(/notification could not be sent/);
  expect(aws.callsOf(N.NOTIFY_SUCCEEDED)).toHaveLength(6); // the call and its 5 retries, then caught
  expect(execution.visited.slice(-3)).toEqual([N.FINISH, N.NO_OUTCOME, N.NOTIFICATION_FAILED]);
});
