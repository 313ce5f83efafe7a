import { Duration, Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ApprovalMode, PipelineStateNames as N, TrainingPipeline } from '../../constructs/pipeline';
import { MlInstanceType } from '../../constructs/core';
import { SageMakerEndpoint, SageMakerModel } from '../../constructs/serving';
import { pipelineStack, withPipeline } from './fixtures';
import { allStates, definitionsOf, definitionWithState, fakeReference, JsonValue } from './local-sfn';

/** `value` with each CloudFormation intrinsic replaced by the stand-in the definition helpers resolve it to. */
function withFakeReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFakeReferences);
  if (value === null || typeof value !== 'object') return value;
  if (Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'))) return fakeReference(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFakeReferences(v)]));
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: () => string };

function statementsOf(template: Template, idPart: string): JsonValue[] {
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.includes(idPart))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

describe('TrainingPipeline definitions', () => {
  test.each([
    ['auto approval with deployment', {}],
    ['manual approval', { approval: ApprovalMode.MANUAL }],
    ['register only (no deployment)', { deployment: undefined }],
    ['a short cool-down', { minInterval: Duration.minutes(5) }],
  ])('every state machine passes asl-validator: %s', (_name, overrides) => {
    const { stack } = withPipeline(overrides);
    const definitions = Object.values(definitionsOf(stack));
    expect(definitions).toHaveLength(2); // the pipeline and its stop-on-abort machine
    for (const definition of definitions) {
      const result = aslValidator(JSON.parse(JSON.stringify(definition)));
      expect(result.errorsText()).toBe('');
      expect(result.isValid).toBe(true);
    }
  });

  test('every Task retries throttling and every Task but the notifications catches into a notification', () => {
    const { stack } = withPipeline({ approval: ApprovalMode.MANUAL });
    const states = allStates(definitionWithState(stack, N.TRAIN));
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(15);
    for (const [name, state] of tasks) {
      expect({ name, retry: state.Retry?.[0]?.BackoffRate }).toEqual({ name, retry: 2 });
      expect({ name, timeout: typeof state.TimeoutSeconds }).toEqual({ name, timeout: 'number' });
      const target = state.Catch?.find((c: JsonValue) => c.ErrorEquals.includes('States.ALL'))?.Next;
      const expected = name.startsWith('Notify') ? N.COOL_DOWN : name === N.REJECT_PACKAGE ? N.NOTIFY_ROLLED_BACK
        // Failures between registration and the endpoint first mark the version Rejected (which then notifies).
        : [N.CREATE_MODEL, N.CREATE_ENDPOINT_CONFIG, N.UPDATE_ENDPOINT].includes(name) ? N.REJECT_UNDEPLOYED
          : name === N.REJECT_UNDEPLOYED ? N.NOTIFY_FAILED : undefined;
      if (expected) expect({ name, target }).toEqual({ name, target: expected });
      else expect({ name, target: states[target]?.Resource }).toEqual({ name, target: expect.stringContaining(':sns:publish') });
    }
  });

  test('the training task is the .sync integration with the shared request, a per-execution name and a long timeout', () => {
    const { stack } = withPipeline();
    const train = allStates(definitionWithState(stack, N.TRAIN))[N.TRAIN];
    expect(train.Resource).toBe('arn:aws:states:::sagemaker:createTrainingJob.sync');
    expect(train.Parameters['TrainingJobName.$']).toBe('$.names.trainingJob');
    expect(train.Parameters.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3 * 3600 });
    expect(train.Parameters.EnableNetworkIsolation).toBe(true);
    expect(train.TimeoutSeconds).toBe(4 * 3600);
    expect(allStates(definitionWithState(stack, N.TRAIN))[N.NORMALIZE_INPUT].Parameters.names['trainingJob.$'])
      .toBe("States.Format('digits-pipeline-{}', $$.Execution.Name)");
  });

  test('spot jobs checkpoint to a per-execution folder', () => {
    const f = pipelineStack();
    new TrainingPipeline(f.stack, 'Pipeline', {
      ...f.baseProps,
      trainingJob: { ...f.baseProps.trainingJob, maxRuntime: Duration.hours(2), spot: { maxWait: Duration.hours(4) } },
    });
    const train = allStates(definitionWithState(f.stack, N.TRAIN))[N.TRAIN];
    expect(train.Parameters.EnableManagedSpotTraining).toBe(true);
    expect(train.Parameters.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 7200, MaxWaitTimeInSeconds: 14400 });
    expect(train.Parameters.CheckpointConfig).toEqual({
      'S3Uri.$': "States.Format('s3://models7f217e31/checkpoints/{}/', $.names.trainingJob)", LocalPath: '/opt/ml/checkpoints',
    });
    expect(train.TimeoutSeconds).toBe(5 * 3600);
  });

  test('the endpoint config copies data capture from the endpoint', () => {
    const f = pipelineStack();
    f.endpoint.endpointConfig.dataCaptureConfig = {
      enableCapture: true, initialSamplingPercentage: 20, destinationS3Uri: 's3://capture/digits',
      captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
    };
    new TrainingPipeline(f.stack, 'Pipeline', f.baseProps);
    const config = allStates(definitionWithState(f.stack, N.TRAIN))[N.CREATE_ENDPOINT_CONFIG];
    expect(config.Parameters.DataCaptureConfig).toEqual({
      EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://capture/digits',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    });
  });
});

describe('TrainingPipeline triggers', () => {
  test('schedule: a rule with the trigger in the input', () => {
    const { stack, pipeline } = withPipeline();
    pipeline.addScheduleTrigger('Weekly', events.Schedule.rate(Duration.days(7)));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(7 days)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ trigger: 'schedule' }), RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 } })],
    });
  });

  test('new data: Object Created in the data bucket, only for the model\'s manifest folder, with the key in the input', () => {
    const { stack, pipeline, data } = withPipeline();
    pipeline.addNewDataTrigger('NewData', { bucket: data.bucket, prefix: 'digits/' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('^Data') }] }, object: { key: [{ prefix: 'digits/_manifests/' }] } },
      },
      Targets: [Match.objectLike({
        InputTransformer: { InputPathsMap: { 'detail-object-key': '$.detail.object.key' }, InputTemplate: '{"trigger":"new-data","manifestKey":<detail-object-key>}' },
      })],
    });
  });

  test('alarm: ALARM state of exactly that alarm', () => {
    const { stack, pipeline } = withPipeline();
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Drift', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:digits-drift');
    pipeline.addAlarmTrigger('Drift', alarm);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.cloudwatch'], 'resources': ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:digits-drift'], 'detail': { state: { value: ['ALARM'] } } },
    });
    expect(pipeline.triggers).toHaveLength(1);
  });

  test('any event pattern', () => {
    const { stack, pipeline } = withPipeline();
    pipeline.addEventTrigger('Custom', { source: ['my.app'], detailType: ['Retrain'] }, 'my-app');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['my.app'], 'detail-type': ['Retrain'] },
      Targets: [Match.objectLike({ Input: JSON.stringify({ trigger: 'my-app' }) })],
    });
  });

  test('storm guard: the run counts its own machine\'s running executions and holds the slot for minInterval', () => {
    const { stack } = withPipeline({ minInterval: Duration.hours(6) });
    const template = Template.fromStack(stack);
    const states = allStates(definitionWithState(stack, N.TRAIN));
    expect(states[N.CHECK_RUNNING].Parameters).toEqual({ 'StateMachineArn.$': '$$.StateMachine.Id', 'StatusFilter': 'RUNNING', 'MaxResults': 100 });
    // Oldest running execution wins (ListExecutions lists newest first): two simultaneous triggers must not both skip.
    expect(states[N.CHECK_RUNNING].ResultSelector).toEqual({ 'count.$': 'States.ArrayLength($.Executions)', 'executions.$': '$.Executions' });
    expect(states[N.ANY_RUNNING_LISTED].Choices).toEqual([{ Variable: '$.running.count', NumericEquals: 0, Next: N.TRAIN }]);
    expect(states[N.OLDEST_RUNNING].Parameters).toEqual({ 'execution.$': 'States.ArrayGetItem($.running.executions, States.MathAdd($.running.count, -1))' });
    expect(states[N.NORMALIZE_INPUT].Parameters.names['execution.$']).toBe('$$.Execution.Id');
    expect(states[N.IS_ANOTHER_RUNNING].Choices[0]).toEqual({ Not: { Variable: '$.running.oldest.execution.ExecutionArn', StringEqualsPath: '$.names.execution' }, Next: N.SKIPPED });
    expect(states[N.COOL_DOWN]).toMatchObject({ Type: 'Wait', Seconds: 6 * 3600 });
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))
      .find((r) => JSON.stringify(r.Properties.DefinitionString).includes('listExecutions'))!;
    const list = statementsOf(template, 'PipelineRoleDefaultPolicy').find((s) => s.Action === 'states:ListExecutions');
    expect(list.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:us-east-1:123456789012:stateMachine:${machine.Properties.StateMachineName}`]] });
  });

  test('bad new-data prefix', () => {
    const { pipeline, data } = withPipeline();
    expect(() => pipeline.addNewDataTrigger('NewData', { bucket: data.bucket, prefix: 'digits' }))
      .toThrow(/TrainingPipeline.addNewDataTrigger at 'Stack\/Pipeline'.*\n.*prefix = "digits": must end with "\/"/);
  });
});

describe('TrainingPipeline IAM', () => {
  test('EventBridge may start the pipeline and the stop machine only from this account\'s rules (aws:SourceAccount)', () => {
    const { stack, pipeline, data } = withPipeline();
    pipeline.addScheduleTrigger('Weekly', events.Schedule.rate(Duration.days(7)));
    pipeline.addNewDataTrigger('NewData', { bucket: data.bucket, prefix: 'digits/' });
    const t = Template.fromStack(stack);
    const targetRoles = Object.values(t.findResources('AWS::Events::Rule')).flatMap((r) => r.Properties.Targets.map((x: JsonValue) => x.RoleArn['Fn::GetAtt'][0]));
    expect(new Set(targetRoles).size).toBe(2); // one for the triggers, one for the stop machine
    const roles = t.findResources('AWS::IAM::Role');
    for (const id of targetRoles) {
      expect({ id, trust: roles[id].Properties.AssumeRolePolicyDocument.Statement }).toEqual({ id, trust: [{
        Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }] });
    }
  });

  test('SageMaker may assume the training role only for this account\'s jobs (aws:SourceAccount)', () => {
    const { stack, pipeline } = withPipeline();
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const role = roles[stack.getLogicalId(pipeline.trainingRole.node.defaultChild as iam.CfnRole)].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    }]);
  });

  test('PassRole only for the training and model roles, only to SageMaker', () => {
    const { stack } = withPipeline();
    const pass = statementsOf(Template.fromStack(stack), 'PipelineRoleDefaultPolicy').filter((s) => s.Action === 'iam:PassRole');
    expect(pass).toHaveLength(1);
    expect(pass[0].Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    expect(pass[0].Resource).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^PipelineRole/), 'Arn'] }, { 'Fn::GetAtt': [expect.stringMatching(/^ModelRole/), 'Arn'] }]);
  });

  test('no service-wide actions; SageMaker resources limited to the pipeline\'s names, the group and the endpoint', () => {
    const { stack } = withPipeline({ approval: ApprovalMode.MANUAL });
    const statements = statementsOf(Template.fromStack(stack), 'Pipeline');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => a.endsWith(':*') || a === '*')).toEqual([]);
    const flat = (r: JsonValue) => JSON.stringify(r);
    for (const s of statements) {
      for (const action of [s.Action].flat() as string[]) {
        if (!/^sagemaker:(create|update|stop)/i.test(action)) continue;
        expect({ action, resource: flat(s.Resource) }).toEqual({ action, resource: expect.stringMatching(/digits-pipeline-\*|model-package|Endpoint/) });
        expect(flat(s.Resource)).not.toMatch(/"\*"/);
      }
    }
    const list = statements.find((s) => s.Action === 'sagemaker:ListModelPackages');
    expect(list.Resource).toBe('*'); // no resource-level permission exists for ListModelPackages
  });

  test('the model role may read the pipeline\'s artifacts, nothing else of the bucket', () => {
    const { stack } = withPipeline();
    const reads = statementsOf(Template.fromStack(stack), 'ModelRoleDefaultPolicy').filter((s) => s.Action === 's3:GetObject');
    expect(reads.map((s) => JSON.stringify(s.Resource))).toContainEqual(expect.stringContaining('/digits/digits-pipeline-*'));
  });
});

describe('TrainingPipeline bad input', () => {
  const cases: Array<[string, (f: ReturnType<typeof pipelineStack>) => object, RegExp]> = [
    ['jobNamePrefix too long', () => ({ jobNamePrefix: 'a'.repeat(27) }), /jobNamePrefix = "a{27}": must be 1-26 lower-case/],
    ['jobNamePrefix upper case', () => ({ jobNamePrefix: 'Digits' }), /jobNamePrefix = "Digits"/],
    ['unknown gate metric', (f) => ({ gate: { ...f.baseProps.gate, metricName: 'test:acc' } }), /gate.metricName = "test:acc": must be one of the job's metric definitions: train:loss/],
    ['gate without bounds', () => ({ gate: { metricName: 'test:accuracy' } }), /gate = .*: needs a minimum, a maximum or both/],
    ['negative margin', (f) => ({ gate: { ...f.baseProps.gate, championMargin: -0.1 } }), /gate.championMargin = -0.1: must be ≥ 0/],
    ['approval timeout with auto approval', () => ({ approvalTimeout: Duration.days(1) }), /approvalTimeout = "set": only with approval: ApprovalMode.MANUAL/],
    ['unknown variant', (f) => ({ deployment: { endpoint: f.endpoint, model: f.model, variantName: 'Blue' } }), /deployment.variantName = "Blue": must be one of the endpoint's variants: AllTraffic/],
    ['bad training spec', (f) => ({ trainingJob: { ...f.baseProps.trainingJob, inputChannels: {} } }), /inputChannels = "0 channels": must name 1 to 20 input channels/],
  ];
  test.each(cases)('%s', (_name, overrides, message) => {
    const f = pipelineStack();
    expect(() => new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, ...overrides(f) }))
      .toThrow(new RegExp(`TrainingPipeline at 'Stack/Pipeline': [^\\n]*\\n[\\s\\S]*${message.source}`));
  });

  test('problems are reported together', () => {
    const f = pipelineStack();
    expect(() => new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, jobNamePrefix: 'X', gate: { metricName: 'nope' } }))
      .toThrow(/3 invalid props/);
  });

  test('a long execution window for manual approval still fits the state machine timeout', () => {
    const { stack } = withPipeline({ approval: ApprovalMode.MANUAL, approvalTimeout: Duration.days(3) });
    expect(definitionWithState(stack, N.TRAIN).TimeoutSeconds).toBe((3 + 1) * 3600 + 3 * 86400 + 600 + 2 * 3600 + 3600 + 3600);
  });

  test('a second endpoint variant keeps its model', () => {
    const f = pipelineStack();
    const endpoint = new SageMakerEndpoint(f.stack, 'TwoVariants', {
      variants: [
        { variantName: 'Blue', model: f.model, instanceType: MlInstanceType.M5_LARGE },
        { variantName: 'Green', model: f.model, instanceType: MlInstanceType.M5_LARGE, initialWeight: 0 },
      ],
    });
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: { endpoint, model: f.model, variantName: 'Green' } });
    const variants = allStates(definitionWithState(f.stack, N.TRAIN))[N.CREATE_ENDPOINT_CONFIG].Parameters.ProductionVariants;
    expect(variants[0]).toMatchObject({ VariantName: 'Blue', ModelName: expect.stringMatching(/:model[0-9a-f]{8}\/ModelName$/) });
    expect(variants[1]).toMatchObject({ VariantName: 'Green', 'ModelName.$': '$.names.model', 'InitialVariantWeight': 0 });
  });

  test('the new endpoint config carries every variant setting the endpoint synthesized (only the model changes)', () => {
    // The pipeline sends the endpoint configuration's own rendering in API form (endpointConfigRequest):
    // this guards the pair, so a variant option that reached one and not the other fails here.
    const f = pipelineStack();
    const endpoint = new SageMakerEndpoint(f.stack, 'Tuned', {
      variants: [
        { variantName: 'Blue', model: f.model, instanceType: MlInstanceType.M5_LARGE, initialInstanceCount: 2, initialWeight: 3,
          modelDataDownloadTimeoutSeconds: 600, containerStartupHealthCheckTimeoutSeconds: 900 },
        { variantName: 'Green', model: f.model, instanceType: MlInstanceType.M5_XLARGE, initialWeight: 0 },
      ],
    });
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: { endpoint, model: f.model, variantName: 'Green' } });
    const withoutModel = (variants: Array<{ [key: string]: unknown }>) =>
      variants.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('ModelName'))));
    const synthesized = Template.fromStack(f.stack).toJSON().Resources[f.stack.resolve(endpoint.endpointConfig.logicalId)].Properties.ProductionVariants;
    const rendered = allStates(definitionWithState(f.stack, N.TRAIN))[N.CREATE_ENDPOINT_CONFIG].Parameters.ProductionVariants;
    expect(withoutModel(rendered)).toEqual(withoutModel(synthesized));
    expect(withoutModel(rendered)[0]).toMatchObject({ InitialInstanceCount: 2, ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 900 });
  });

  test('a serverless variant reaches the new endpoint config as synthesized, with CloudFormation\'s (= the API\'s) names', () => {
    const f = pipelineStack();
    const liteModel = new SageMakerModel(f.stack, 'LiteModel', { image: f.image, networkIsolation: false });
    const endpoint = new SageMakerEndpoint(f.stack, 'Mixed', {
      variants: [
        { variantName: 'Blue', model: f.model, instanceType: MlInstanceType.M5_LARGE },
        { variantName: 'Lite', model: liteModel, initialWeight: 0, serverless: { memorySize: Size.gibibytes(3), maxConcurrency: 7, provisionedConcurrency: 2 } },
      ],
    });
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: { endpoint, model: f.model, variantName: 'Blue' } });
    const synthesized = Template.fromStack(f.stack).toJSON().Resources[f.stack.resolve(endpoint.endpointConfig.logicalId)].Properties.ProductionVariants;
    const rendered = allStates(definitionWithState(f.stack, N.TRAIN))[N.CREATE_ENDPOINT_CONFIG].Parameters.ProductionVariants;
    expect(rendered[1]).toEqual(withFakeReferences(synthesized[1]));
    expect(rendered[1]).toMatchObject({ VariantName: 'Lite', InitialVariantWeight: 0, ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 7, ProvisionedConcurrency: 2 } });
    // Keys in the order the variant is rendered in (the definition text stays stable), undefined values dropped.
    expect(Object.keys(rendered[1])).toEqual(['VariantName', 'ModelName', 'InitialVariantWeight', 'ServerlessConfig']);
    expect(rendered[0]).not.toHaveProperty('ModelDataDownloadTimeoutInSeconds');
  });

  test('data capture and the volume key reach the new endpoint config as the endpoint synthesized them', () => {
    const f = pipelineStack();
    const key = new kms.Key(f.stack, 'VolumeKey', { enableKeyRotation: true });
    const endpoint = new SageMakerEndpoint(f.stack, 'Captured', {
      variants: [{ variantName: 'AllTraffic', model: f.model, instanceType: MlInstanceType.M5_LARGE }],
      encryptionKey: key,
      dataCapture: { bucket: f.data.bucket, prefix: 'capture', samplingPercentage: 20, captureResponses: false, jsonContentTypes: ['application/jsonlines'] },
    });
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: { endpoint, model: f.model } });
    const synthesized = Template.fromStack(f.stack).toJSON().Resources[f.stack.resolve(endpoint.endpointConfig.logicalId)].Properties;
    const params = allStates(definitionWithState(f.stack, N.TRAIN))[N.CREATE_ENDPOINT_CONFIG].Parameters;
    expect(params.DataCaptureConfig).toEqual(withFakeReferences(synthesized.DataCaptureConfig));
    expect(params.DataCaptureConfig).toMatchObject({ InitialSamplingPercentage: 20, CaptureOptions: [{ CaptureMode: 'Input' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/jsonlines'] } });
    expect(Object.keys(params.DataCaptureConfig)).toEqual(['EnableCapture', 'InitialSamplingPercentage', 'DestinationS3Uri', 'CaptureOptions', 'CaptureContentTypeHeader']);
    expect(params.KmsKeyId).toEqual(withFakeReferences(synthesized.KmsKeyId));
  });

  test('the baseline step is wrapped in a Parallel whose failure rejects the undeployed version and notifies', () => {
    const f = pipelineStack();
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, baselineStep: new sfn.Pass(f.stack, 'NoBaseline') });
    const states = allStates(definitionWithState(f.stack, N.TRAIN));
    expect(states[N.BASELINE]).toMatchObject({ Type: 'Parallel', ResultPath: '$.baseline', Next: N.CREATE_MODEL, Catch: [{ ErrorEquals: ['States.ALL'], Next: N.REJECT_UNDEPLOYED }] });
    expect(states[N.REJECT_UNDEPLOYED]).toMatchObject({ Next: N.NOTIFY_FAILED, Catch: [{ ErrorEquals: ['States.ALL'], Next: N.NOTIFY_FAILED }] });
  });

  test('without a deployment, a baseline failure just notifies (the registered version is the result)', () => {
    const f = pipelineStack();
    new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: undefined, baselineStep: new sfn.Pass(f.stack, 'NoBaseline') });
    const states = allStates(definitionWithState(f.stack, N.TRAIN));
    expect(states[N.BASELINE].Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: N.NOTIFY_FAILED })]);
    expect(states[N.REJECT_UNDEPLOYED]).toBeUndefined();
  });
});
