import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MlInstanceType } from '../../constructs/core';
import { DataQualityBaseline, DataQualityMonitor, MonitoringFrequency } from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { nagFindings } from '../compliance/nag';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
import { newModel, newStack } from '../serving/fixtures';

/** The state machine's definition as plain ASL, CloudFormation references flattened to `<Ref>` / `<Id.Attr>`. */
function aslOf(stack: Stack, machine: sfn.StateMachine) {
  const resolved = stack.resolve((machine.node.defaultChild as sfn.CfnStateMachine).definitionString);
  const flat = (part: { Ref?: string; 'Fn::GetAtt'?: string[] } | string): string =>
    (typeof part === 'string' ? part : part.Ref ? `<${part.Ref}>` : `<${part['Fn::GetAtt']!.join('.')}>`);
  return JSON.parse(typeof resolved === 'string' ? resolved : resolved['Fn::Join'][1].map(flat).join(''));
}

/** A stack with a capturing endpoint, a baseline step in a state machine and a monitor on both. */
function monitored(options: { capture?: boolean; stack?: Stack; monitor?: Partial<ConstructorParameters<typeof DataQualityMonitor>[2]> } = {}) {
  const stack = options.stack ?? newStack();
  const data = new s3.Bucket(stack, 'Data', { enforceSSL: true });
  const models = new s3.Bucket(stack, 'Models', { enforceSSL: true });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Topic', { masterKey: key, enforceSSL: true });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [{ variantName: 'AllTraffic', model: newModel(stack), instanceType: MlInstanceType.M5_LARGE }],
    encryptionKey: key,
    dataCapture: options.capture === false ? undefined : { bucket: data, prefix: 'capture/digits', encryptionKey: key },
  });
  const baseline = new DataQualityBaseline(stack, 'Baseline', {
    datasetBucket: data, datasetPrefix: 'digits/train/', outputBucket: models, outputPrefix: 'monitoring/digits/baseline', encryptionKey: key,
  });
  const machine = new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(baseline) });
  baseline.grantRun(machine);
  const monitor = new DataQualityMonitor(stack, 'Monitor', {
    endpoint, baseline, reportBucket: models, reportPrefix: 'monitoring/digits/reports', encryptionKey: key, alarmTopic: topic, ...options.monitor,
  });
  return { stack, data, models, key, topic, endpoint, baseline, machine, monitor, template: () => Template.fromStack(stack) };
}

describe('DataQualityBaseline', () => {
  test('renders a createProcessingJob.sync task running the analyzer in baselining mode, network-isolated and encrypted', () => {
    // GIVEN / WHEN
    const { stack, machine, key } = monitored();
    // THEN
    const state = aslOf(stack, machine).States.ComputeBaseline;
    expect(state.Resource).toBe('arn:<AWS::Partition>:states:::sagemaker:createProcessingJob.sync');
    const p = state.Parameters;
    expect(p['ProcessingJobName.$']).toBe(`States.Format('stack-baseline-{}', States.Hash($$.Execution.Id, 'MD5'))`);
    expect(p.AppSpecification.ImageUri).toBe('156813124566.dkr.ecr.us-east-1.<AWS::URLSuffix>/sagemaker-model-monitor-analyzer');
    expect(JSON.parse(p.Environment.dataset_format)).toEqual({ csv: { header: false, output_columns_position: 'START' } });
    expect(p.Environment.dataset_source).toBe(p.ProcessingInputs[0].S3Input.LocalPath);
    expect(p.ProcessingInputs[0].S3Input.S3Uri).toBe('s3://<Data666C94C7>/digits/train');
    expect(p.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toBe('s3://<ModelsC55D3500>/monitoring/digits/baseline');
    const keyArn = `<${stack.getLogicalId(key.node.defaultChild as never)}.Arn>`;
    expect(p.ProcessingOutputConfig.KmsKeyId).toBe(keyArn);
    expect(p.ProcessingResources.ClusterConfig).toEqual({ InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20, VolumeKmsKeyId: keyArn });
    expect(p.NetworkConfig).toEqual({ EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true });
    expect(p.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(state.TimeoutSeconds).toBe(4200);
  });

  test('the rendered state machine is valid Amazon States Language', () => {
    const { stack, machine } = monitored();
    // As deployed in the commercial partition (the validator checks ARNs).
    const asl = JSON.parse(JSON.stringify(aslOf(stack, machine)).replace(/<AWS::Partition>/g, 'aws').replace(/<AWS::URLSuffix>/g, 'amazonaws.com'));
    const { isValid, errors } = validator(asl);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
    expect(asl.States.ComputeBaseline.Retry[0].ErrorEquals).toContain('ThrottlingException');
    expect(asl.States.ComputeBaseline.ResultPath).toBeUndefined();
  });

  test('the state machine may run only this step\'s jobs and pass only its role, to SageMaker', () => {
    const { stack, machine, baseline, template } = monitored();
    const machineRole = stack.getLogicalId(machine.role.node.defaultChild as never);
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: machineRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob', 'sagemaker:AddTags', 'sagemaker:ListTags'],
            Resource: stack.resolve(stack.formatArn({ service: 'sagemaker', resource: 'processing-job', resourceName: 'stack-baseline-*' })),
          }),
          Match.objectLike({
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(baseline.role.node.defaultChild as never), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
          }),
        ]),
      },
    });
    expect(baseline.jobNamePrefix).toBe('stack-baseline');
  });

  test('the job role is assumable by SageMaker in this account only', () => {
    const { stack, baseline, template } = monitored();
    template().hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('baselining'),
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }],
      },
    });
    expect(stack.resolve(baseline.statisticsS3Uri)).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^Models/) }, '/monitoring/digits/baseline/statistics.json']] });
    expect(stack.resolve(baseline.constraintsS3Uri)).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^Models/) }, '/monitoring/digits/baseline/constraints.json']] });
  });

  test('a region without the analyzer image is one clear error; a token region uses a mapping', () => {
    const stack = new Stack(new App(), 'Far', { env: { account: '123456789012', region: 'xx-nowhere-1' } });
    const bucket = new s3.Bucket(stack, 'B');
    expect(() => new DataQualityBaseline(stack, 'Baseline', { datasetBucket: bucket, datasetPrefix: 'd', outputBucket: bucket, outputPrefix: 'o' }))
      .toThrow(/stack region "xx-nowhere-1" has no sagemaker-model-monitor-analyzer image; allowed: .*us-east-1/);
    const agnostic = new Stack(new App(), 'Agnostic');
    const b2 = new s3.Bucket(agnostic, 'B');
    new DataQualityBaseline(agnostic, 'Baseline', { datasetBucket: b2, datasetPrefix: 'd', outputBucket: b2, outputPrefix: 'o' });
    new sfn.StateMachine(agnostic, 'M', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(agnostic, 'P')) });
    expect(Template.fromStack(agnostic).toJSON().Mappings.CdkMlopsModelMonitorAnalyzerAccounts['eu-west-1']).toEqual({ account: '468650794304' });
  });

  test.each([
    [{ jobNamePrefix: 'Upper' }, 'jobNamePrefix = "Upper": must be lower-case letters'],
    [{ jobNamePrefix: 'a'.repeat(31) }, 'must be at most 30 characters'],
    [{ maxRuntime: Duration.seconds(10) }, 'maxRuntime (seconds) = 10: must be an integer from 60 to 432000'],
    [{ instanceType: MlInstanceType.of('m5.large') }, 'instanceType = "m5.large"'],
  ])('bad props %j are one clear error', (bad, message) => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'B');
    expect(() => new DataQualityBaseline(stack, 'Baseline', { datasetBucket: bucket, datasetPrefix: 'd', outputBucket: bucket, outputPrefix: 'o', ...bad }))
      .toThrow(new RegExp(`DataQualityBaseline at 'Stack/Baseline'[\\s\\S]*${message.replace(/[()]/g, '\\$&')}`));
  });
});

describe('DataQualityMonitor', () => {
  test('an hourly data-quality schedule against the baseline, network-isolated, encrypted reports', () => {
    // GIVEN / WHEN
    const { stack, endpoint, monitor, key, template } = monitored();
    const t = template();
    // THEN
    const endpointName = stack.resolve(endpoint.endpointName);
    const keyArn = stack.resolve(key.keyArn);
    t.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      EndpointName: endpointName,
      JobDefinitionName: Match.stringLikeRegexp('^[A-Za-z0-9-]+-[0-9a-f]{12}$'),
      DataQualityAppSpecification: {
        ImageUri: { 'Fn::Join': ['', ['156813124566.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-model-monitor-analyzer']] },
        Environment: { publish_cloudwatch_metrics: 'Enabled' },
      },
      DataQualityBaselineConfig: {
        StatisticsResource: { S3Uri: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/monitoring/digits/baseline/statistics.json']] } },
        ConstraintsResource: { S3Uri: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/monitoring/digits/baseline/constraints.json']] } },
      },
      DataQualityJobInput: { EndpointInput: Match.objectLike({ EndpointName: endpointName, LocalPath: '/opt/ml/processing/input/endpoint' }) },
      DataQualityJobOutputConfig: { KmsKeyId: keyArn, MonitoringOutputs: [{ S3Output: Match.objectLike({ S3Uri: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/monitoring/digits/reports']] } }) }] },
      JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20, VolumeKmsKeyId: keyArn } },
      NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true },
      StoppingCondition: { MaxRuntimeInSeconds: 3000 },
    });
    const [jobDefinition] = Object.values(t.findResources('AWS::SageMaker::DataQualityJobDefinition'));
    t.hasResourceProperties('AWS::SageMaker::MonitoringSchedule', {
      MonitoringScheduleName: monitor.scheduleName,
      EndpointName: endpointName,
      MonitoringScheduleConfig: {
        MonitoringJobDefinitionName: jobDefinition.Properties.JobDefinitionName,
        MonitoringType: 'DataQuality',
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      },
    });
    const [schedule] = Object.values(t.findResources('AWS::SageMaker::MonitoringSchedule'));
    expect(schedule.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(monitor.jobDefinition), stack.getLogicalId(endpoint.node.defaultChild as never)]));
  });

  test('a changed job definition gets a new name (CloudFormation replaces job definitions)', () => {
    const name = (maxRuntime: Duration) => {
      const { template } = monitored({ monitor: { maxRuntime } });
      return Object.values(template().findResources('AWS::SageMaker::DataQualityJobDefinition'))[0].Properties.JobDefinitionName;
    };
    expect(name(Duration.minutes(50))).toBe(name(Duration.minutes(50)));
    expect(name(Duration.minutes(40))).not.toBe(name(Duration.minutes(50)));
  });

  test('violations and failed runs of this schedule go to the alarm topic; the drift pattern matches only violations', () => {
    const { monitor, topic, stack, template } = monitored({ monitor: { scheduleName: 'digits-data-quality' } });
    const scheduleArn = stack.resolve(stack.formatArn({ service: 'sagemaker', resource: 'monitoring-schedule', resourceName: 'digits-data-quality' }));
    template().hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.sagemaker'],
        'detail-type': ['SageMaker Processing Job State Change'],
        'detail': { MonitoringScheduleArn: [scheduleArn], $or: [{ ExitMessage: [{ prefix: 'CompletedWithViolations' }] }, { ProcessingJobStatus: ['Failed'] }] },
      },
      Targets: [Match.objectLike({ Arn: stack.resolve(topic.topicArn) })],
    });
    expect(stack.resolve(monitor.violationEventPattern.detail)).toEqual({
      MonitoringScheduleArn: [scheduleArn], ProcessingJobStatus: ['Completed'], ExitMessage: [{ prefix: 'CompletedWithViolations' }],
    });
  });

  test('the job role reads only the capture and baseline prefixes and writes only the reports', () => {
    const { stack, monitor, data, models, template } = monitored();
    const roleId = stack.getLogicalId(monitor.role.node.defaultChild as never);
    const policies = template().findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement) as { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const resourcesFor = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    const dataArn = JSON.stringify(stack.resolve(data.bucketArn));
    const modelsArn = JSON.stringify(stack.resolve(models.bucketArn));
    expect(resourcesFor('s3:GetObject*').filter((r) => r.includes('/'))).toEqual(expect.arrayContaining([
      expect.stringContaining('/capture/digits/*'), expect.stringContaining('/monitoring/digits/baseline/*'),
    ]));
    expect(resourcesFor('s3:GetObject*').every((r) => r.includes('/capture/digits/*') || r.includes('/monitoring/digits/baseline/*') || r === dataArn || r === modelsArn)).toBe(true);
    expect(resourcesFor('s3:PutObject')).toEqual([expect.stringContaining('/monitoring/digits/reports/*')]);
    expect(statements.find((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'))?.Condition)
      .toEqual({ StringEquals: { 'cloudwatch:namespace': 'aws/sagemaker/Endpoints/data-metrics' } });
  });

  test('zero unsuppressed cdk-nag findings for the baseline, the monitor and their roles', () => {
    const { stack, monitor, baseline } = monitored();
    const app = stack.node.root as App;
    app.synth();
    const ours = nagFindings(app).filter((f) => f.path.includes('/Monitor') || f.path.includes('/Baseline')).map((f) => `${f.rule} at ${f.path}`);
    expect(ours).toEqual([]);
    expect(monitor.node.path).toBe('Stack/Monitor');
    expect(baseline.node.path).toBe('Stack/Baseline');
  });

  test('an endpoint without data capture is one clear error', () => {
    expect(() => monitored({ capture: false })).toThrow(/DataQualityMonitor at 'Stack\/Monitor'[\s\S]*endpoint = "Stack\/Endpoint": must be a SageMakerEndpoint with dataCapture/);
  });

  test.each([
    [{ maxRuntime: Duration.minutes(90) }, 'maxRuntime (seconds) = 5400: must be an integer from 60 to 3600'],
    [{ scheduleName: 'bad_name' }, 'scheduleName = "bad_name"'],
    [{ scheduleName: 'Digits-Quality' }, 'scheduleName = "Digits-Quality": must be 1-63 lower-case letters'],
    [{ reportPrefix: '/' }, 'reportPrefix = "/": must be a non-empty key prefix'],
  ])('bad props %j are one clear error', (bad, message) => {
    expect(() => monitored({ monitor: bad })).toThrow(message);
  });

  test('a daily schedule may run up to a day', () => {
    const { template } = monitored({ monitor: { frequency: MonitoringFrequency.DAILY, maxRuntime: Duration.hours(2) } });
    template().hasResourceProperties('AWS::SageMaker::MonitoringSchedule', {
      MonitoringScheduleConfig: Match.objectLike({ ScheduleConfig: { ScheduleExpression: 'cron(0 0 ? * * *)' } }),
    });
  });
});
