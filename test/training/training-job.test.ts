import { stackJobNameScope } from '../../constructs/training/private/job-name';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MlInstanceType } from '../../constructs/core';
import {
  Hyperparameter, S3DataDistribution, SageMakerTrainingJob, TrainingInput, TrainingInputMode,
} from '../../constructs/training';
import { actionsOf, grantsOf, jobResource, resourcesOf, statementsOfRole, trainingStack } from './fixtures';

function synth(extra: Partial<ConstructorParameters<typeof SageMakerTrainingJob>[2]> = {}) {
  const fixture = trainingStack();
  const job = new SageMakerTrainingJob(fixture.stack, 'Job', { ...fixture.baseProps, ...extra });
  const template = Template.fromStack(fixture.stack);
  return { ...fixture, job, template, jobStatements: statementsOfRole(template, 'JobRole'), ...jobResource(template) };
}

describe('GIVEN a training job with two input channels', () => {
  const { template, job, stack, name, request, jobStatements, resource } = synth({
    hyperparameters: { epochs: Hyperparameter.fromInteger(5), learning_rate: Hyperparameter.fromNumber(0.001), shuffle: Hyperparameter.fromBoolean(true) },
    environment: { TFJS_BACKEND: 'wasm' },
  });

  test('THEN the job name is the stack scope, the path in the stack and a 12-hex configuration hash', () => {
    expect(name).toMatch(/^stack-e55164--job-[0-9a-f]{12}$/);
    expect(job.trainingJobName).toBe(name);
  });

  test('THEN the request carries the image, channels, output, resources and typed hyperparameters as strings', () => {
    expect(request).toMatchObject({
      AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.<AWS::URLSuffix>/mnist-trainer:1.0', TrainingInputMode: 'File' },
      RoleArn: expect.stringMatching(/^<JobRole[0-9A-F]+\.Arn>$/),
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://<Data2D4B752F>/mnist/train/' } } },
        { ChannelName: 'validation', DataSource: { S3DataSource: { S3Uri: 's3://<Data2D4B752F>/mnist/validation/' } } },
      ],
      OutputDataConfig: { S3OutputPath: 's3://<Models7F217E31>/models' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      HyperParameters: { epochs: '5', learning_rate: '0.001', shuffle: 'true' },
      Environment: { TFJS_BACKEND: 'wasm' },
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: false,
    });
    expect(request.EnableManagedSpotTraining).toBeUndefined();
    expect(request.VpcConfig).toBeUndefined();
  });

  test('THEN modelDataBucket/Key name exactly the artifact, and modelDataUrl waits for the job (Fn::GetAtt)', () => {
    expect(job.modelDataKey).toBe(`models/${name}/output/model.tar.gz`);
    expect(stack.resolve(job.modelDataBucket.bucketName)).toEqual({ Ref: 'Models7F217E31' });
    expect(stack.resolve(job.modelDataUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Job/), 'ModelDataUrl'] });
    expect(stack.resolve(job.trainingJobArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Job/), 'TrainingJobArn'] });
  });

  test('THEN finalMetric reads the flattened FinalMetric attribute', () => {
    expect(stack.resolve(job.finalMetric('validation:accuracy')))
      .toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Job/), 'FinalMetric.validation.accuracy'] });
    expect(() => job.finalMetric('validation:f1')).toThrow(/finalMetric\(metricName\) = "validation:f1": one of the job's metric definitions: train:loss/);
  });

  test('THEN the role reads only the two input prefixes', () => {
    expect(grantsOf(jobStatements, 's3:GetObject').flatMap(resourcesOf).sort())
      .toEqual(['<Data2D4B752F.Arn>/mnist/train/*', '<Data2D4B752F.Arn>/mnist/validation/*']);
    const lists = grantsOf(jobStatements, 's3:ListBucket');
    expect(lists.map((s) => [resourcesOf(s), s.Condition])).toEqual([
      [['<Data2D4B752F.Arn>'], { StringLike: { 's3:prefix': ['mnist/train/*'] } }],
      [['<Data2D4B752F.Arn>'], { StringLike: { 's3:prefix': ['mnist/validation/*'] } }],
    ]);
  });

  test('THEN the role writes only the job\'s own output folder', () => {
    const puts = grantsOf(jobStatements, 's3:PutObject');
    expect(puts.flatMap(resourcesOf)).toEqual([`<Models7F217E31.Arn>/models/${name}/*`]);
  });

  test('THEN logs, metrics and ECR are scoped; no s3:*, no managed policy, no VPC permissions', () => {
    const logStreams = grantsOf(jobStatements, 'logs:PutLogEvents');
    expect(logStreams.flatMap(resourcesOf)).toEqual([
      `arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:${name}/*`,
    ]);
    expect(grantsOf(jobStatements, 'cloudwatch:PutMetricData')[0].Condition)
      .toEqual({ StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } });
    expect(grantsOf(jobStatements, 'ecr:BatchGetImage').flatMap(resourcesOf))
      .toEqual([expect.stringMatching(/:ecr:us-east-1:123456789012:repository\/mnist-trainer$/)]);
    const wildcardResources = jobStatements.filter((s) => resourcesOf(s).includes('*')).flatMap(actionsOf).sort();
    expect(wildcardResources).toEqual(['cloudwatch:PutMetricData', 'ecr:GetAuthorizationToken']);
    expect(jobStatements.flatMap(actionsOf).filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    expect(jobStatements.flatMap(actionsOf).some((a) => a.startsWith('ec2:'))).toBe(false);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'sagemaker.amazonaws.com' } }] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('THEN the shared handler may only manage this stack\'s jobs and pass this job\'s role to SageMaker', () => {
    const handler = statementsOfRole(template, 'CdkMlopsTrainingJobProviderOnEventRole');
    expect(grantsOf(handler, 'sagemaker:CreateTrainingJob').flatMap(resourcesOf))
      .toEqual(['arn:<AWS::Partition>:sagemaker:us-east-1:123456789012:training-job/stack-e55164--*']);
    for (const action of ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob']) {
      expect(grantsOf(handler, action).flatMap(resourcesOf)).toEqual(['arn:<AWS::Partition>:sagemaker:us-east-1:123456789012:training-job/stack-e55164--*']);
    }
    const passRole = grantsOf(handler, 'iam:PassRole');
    expect(passRole.map((s) => [resourcesOf(s), s.Condition])).toEqual([
      [[expect.stringMatching(/^<JobRole[0-9A-F]+\.Arn>$/)], { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }],
    ]);
    const poller = statementsOfRole(template, 'CdkMlopsTrainingJobProviderIsCompleteRole');
    expect(poller.flatMap(actionsOf).filter((a) => a.startsWith('sagemaker:'))).toEqual(['sagemaker:DescribeTrainingJob']);
  });

  test('THEN the job starts only after its role and policy exist, and the handler runs on nodejs24.x', () => {
    expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^JobRoleDefaultPolicy/), expect.stringMatching(/^JobRole[0-9A-F]+$/)]));
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.onEvent', Runtime: 'nodejs24.x' }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.isComplete', Runtime: 'nodejs24.x' }, 1);
  });
});

describe('naming', () => {
  // The name is fixed at construction; no synthesis needed.
  const nameOf = (extra: Partial<ConstructorParameters<typeof SageMakerTrainingJob>[2]> = {}) => {
    const fixture = trainingStack();
    return new SageMakerTrainingJob(fixture.stack, 'Job', { ...fixture.baseProps, ...extra }).trainingJobName;
  };

  test('an unchanged configuration synthesizes the same name; a changed one a new name', () => {
    const base = nameOf({ hyperparameters: { epochs: Hyperparameter.fromInteger(5) } });
    expect(nameOf({ hyperparameters: { epochs: Hyperparameter.fromInteger(5) } })).toBe(base);
    expect(nameOf({ hyperparameters: { epochs: Hyperparameter.fromInteger(6) } })).not.toBe(base);
    expect(nameOf({ hyperparameters: { epochs: Hyperparameter.fromInteger(5) }, retrainTrigger: 'data-v2' })).not.toBe(base);
    expect(nameOf({ hyperparameters: { epochs: Hyperparameter.fromInteger(5) }, waitForCompletion: true })).toBe(base);
  });

  test('a long construct path keeps its end and stays within 63 characters', () => {
    const fixture = trainingStack();
    const deep = new Stack(fixture.app, 'A'.repeat(80));
    const bucket = new s3.Bucket(deep, 'B');
    const job = new SageMakerTrainingJob(deep, 'MnistConvolutionalNetworkNightlyRetraining', {
      ...fixture.baseProps, inputChannels: { train: TrainingInput.fromBucket(bucket, 'x/') }, outputBucket: bucket,
    });
    expect(job.trainingJobName.length).toBeLessThanOrEqual(63);
    expect(job.trainingJobName).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
    // A long stack name becomes its start plus a hash; a long path keeps its most specific end.
    expect(job.trainingJobName).toMatch(/^a{13}-[0-9a-f]{6}--[a-z-]*retraining-[0-9a-f]{12}$/);
  });

  test('the stack scope of two long stack names that share their start differs', () => {
    expect(stackJobNameScope('MlPlatformProductionEuWest1')).not.toBe(stackJobNameScope('MlPlatformProductionEuWest2'));
    expect(stackJobNameScope('MlPlatformProductionEuWest1')).toHaveLength(20);
    expect(stackJobNameScope('MlPlatform')).toMatch(/^mlplatform-[0-9a-f]{6}$/);
  });

  test('jobNamePrefix replaces the path-derived prefix after the stack scope', () => {
    expect(nameOf({ jobNamePrefix: 'mnist' })).toMatch(/^stack-e55164--mnist-[0-9a-f]{12}$/);
  });
});

describe('spot training', () => {
  const { request, jobStatements, name } = synth({ maxRuntime: Duration.minutes(20), spot: { maxWait: Duration.minutes(40) } });

  test('THEN managed spot, MaxWaitTime and a job-specific checkpoint folder are rendered', () => {
    expect(request.EnableManagedSpotTraining).toBe(true);
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1200, MaxWaitTimeInSeconds: 2400 });
    expect(request.CheckpointConfig).toEqual({ S3Uri: `s3://<Models7F217E31>/checkpoints/${name}/`, LocalPath: '/opt/ml/checkpoints' });
  });

  test('THEN the role reads and writes exactly the checkpoint prefix', () => {
    const checkpoint = `<Models7F217E31.Arn>/checkpoints/${name}/*`;
    expect(grantsOf(jobStatements, 's3:GetObject').flatMap(resourcesOf)).toContain(checkpoint);
    expect(grantsOf(jobStatements, 's3:PutObject').flatMap(resourcesOf).sort()).toEqual([checkpoint, `<Models7F217E31.Arn>/models/${name}/*`].sort());
    expect(grantsOf(jobStatements, 's3:ListBucket').map((s) => s.Condition.StringLike['s3:prefix'][0])).toContain(`checkpoints/${name}/*`);
  });

  test('THEN a given checkpoint bucket and prefix are used', () => {
    const fixture = trainingStack();
    const checkpoints = new s3.Bucket(fixture.stack, 'Checkpoints');
    new SageMakerTrainingJob(fixture.stack, 'Job', {
      ...fixture.baseProps,
      maxRuntime: Duration.minutes(20),
      spot: { maxWait: Duration.minutes(30), checkpointBucket: checkpoints, checkpointPrefix: '/ckpt/mnist/', localCheckpointPath: '/opt/ml/ckpt' },
    });
    const { request: r } = jobResource(Template.fromStack(fixture.stack));
    expect(r.CheckpointConfig.S3Uri).toMatch(/^s3:\/\/<Checkpoints[0-9A-F]+>\/ckpt\/mnist\/$/);
    expect(r.CheckpointConfig.LocalPath).toBe('/opt/ml/ckpt');
  });
});

test('spot training: an empty checkpoint prefix means the bucket root, not the key prefix "/"', () => {
  const fixture = trainingStack();
  const checkpoints = new s3.Bucket(fixture.stack, 'Checkpoints');
  new SageMakerTrainingJob(fixture.stack, 'Job', {
    ...fixture.baseProps, maxRuntime: Duration.minutes(20),
    spot: { maxWait: Duration.minutes(30), checkpointBucket: checkpoints, checkpointPrefix: '/' },
  });
  const template = Template.fromStack(fixture.stack);
  expect(jobResource(template).request.CheckpointConfig.S3Uri).toMatch(/^s3:\/\/<Checkpoints[0-9A-F]+>\/$/);
  const statements = statementsOfRole(template, 'JobRole');
  expect(grantsOf(statements, 's3:PutObject').flatMap(resourcesOf)).toContainEqual(expect.stringMatching(/^<Checkpoints[0-9A-F]+\.Arn>\/\*$/));
});

describe('distributed training in a VPC with KMS keys', () => {
  const fixture = trainingStack();
  const vpc = new ec2.Vpc(fixture.stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(fixture.stack, 'Key', { enableKeyRotation: true });
  new SageMakerTrainingJob(fixture.stack, 'Job', {
    ...fixture.baseProps,
    instanceType: MlInstanceType.P3_8XLARGE, // EBS-backed: SageMaker accepts a VolumeKmsKeyId only for those
    instanceCount: 4,
    volumeSize: Size.gibibytes(100),
    inputChannels: {
      train: TrainingInput.fromMlBucket(fixture.data, 'mnist/train/', {
        distribution: S3DataDistribution.SHARDED_BY_S3_KEY, inputMode: TrainingInputMode.FAST_FILE, contentType: 'application/x-ndjson',
      }),
    },
    vpc,
    outputEncryptionKey: key,
    volumeEncryptionKey: key,
  });
  const template = Template.fromStack(fixture.stack);
  const { request } = jobResource(template);
  const statements = statementsOfRole(template, 'JobRole');

  test('THEN instance count, traffic encryption, sharding and VPC config are rendered', () => {
    expect(request.ResourceConfig).toEqual({
      InstanceType: 'ml.p3.8xlarge', InstanceCount: 4, VolumeSizeInGB: 100, VolumeKmsKeyId: expect.stringMatching(/^<Key[0-9A-F]+\.Arn>$/),
    });
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
    expect(request.InputDataConfig[0]).toEqual({
      ChannelName: 'train', ContentType: 'application/x-ndjson', InputMode: 'FastFile',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://<Data2D4B752F>/mnist/train/', S3DataDistributionType: 'ShardedByS3Key' } },
    });
    expect(request.OutputDataConfig.KmsKeyId).toMatch(/^<Key[0-9A-F]+\.Arn>$/);
    expect(request.VpcConfig.Subnets).toHaveLength(2);
    expect(request.VpcConfig.SecurityGroupIds).toEqual([expect.stringMatching(/^<JobSecurityGroup[0-9A-F]+\.GroupId>$/)]);
  });

  test('THEN the default security group lets the instances talk to each other', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: '-1',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobSecurityGroup'), 'GroupId'] },
    });
  });

  test('THEN ENI permissions exist, scoped to the job\'s subnets and group where EC2 allows it', () => {
    const create = grantsOf(statements, 'ec2:CreateNetworkInterface').flatMap(resourcesOf);
    expect(create).toContain('arn:<AWS::Partition>:ec2:us-east-1:123456789012:network-interface/*');
    expect(create.filter((r) => r.includes(':subnet/'))).toHaveLength(2);
    expect(create.filter((r) => r.includes(':security-group/'))).toHaveLength(1);
    expect(grantsOf(statements, 'ec2:DescribeSubnets').flatMap(resourcesOf)).toEqual(['*']);
  });

  test('THEN the role may use the keys for volumes and output', () => {
    const kmsActions = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kmsActions.flatMap(resourcesOf).every((r) => /^<Key[0-9A-F]+\.Arn>$/.test(r))).toBe(true);
    expect(kmsActions.flatMap(actionsOf)).toEqual(expect.arrayContaining(['kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Encrypt']));
  });
});

describe('shared provider', () => {
  test('two jobs in a stack share one set of handler functions, one stack-wide job scope, and each adds its role', () => {
    const fixture = trainingStack();
    new SageMakerTrainingJob(fixture.stack, 'JobA', fixture.baseProps);
    new SageMakerTrainingJob(fixture.stack, 'JobB', { ...fixture.baseProps, jobNamePrefix: 'nightly' });
    const template = Template.fromStack(fixture.stack);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.onEvent' }, 1);
    template.resourceCountIs('Custom::SageMakerTrainingJob', 2);
    const handler = statementsOfRole(template, 'CdkMlopsTrainingJobProviderOnEventRole');
    expect(grantsOf(handler, 'sagemaker:CreateTrainingJob').flatMap(resourcesOf).map((r) => r.split('training-job/')[1]).sort())
      .toEqual(['stack-e55164--*']);
    expect(grantsOf(handler, 'iam:PassRole').flatMap(resourcesOf)).toHaveLength(2);
  });
});

describe('options', () => {
  test('failureTopic: an EventBridge rule on this job\'s Failed state sends a readable message; the job waits for the rule', () => {
    const fixture = trainingStack();
    const topic = new sns.Topic(fixture.stack, 'Alerts');
    const job = new SageMakerTrainingJob(fixture.stack, 'Job', { ...fixture.baseProps, failureTopic: topic });
    const template = Template.fromStack(fixture.stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.sagemaker'],
        'detail-type': ['SageMaker Training Job State Change'],
        'detail': { TrainingJobName: [job.trainingJobName], TrainingJobStatus: ['Failed'] },
      },
      Targets: [{
        Arn: { Ref: Match.stringLikeRegexp('^Alerts') },
        InputTransformer: {
          InputPathsMap: { 'detail-TrainingJobName': '$.detail.TrainingJobName', 'detail-FailureReason': '$.detail.FailureReason' },
          InputTemplate: '"SageMaker training job <detail-TrainingJobName> failed: <detail-FailureReason>"',
        },
      }],
    });
    expect(job.failureRule).toBeDefined();
    expect(jobResource(template).resource.DependsOn).toContain(fixture.stack.getLogicalId(job.failureRule!.node.defaultChild as never));
  });

  test('waitForCompletion: false allows long jobs and renders the flag; finalMetric is refused', () => {
    const { wait, request, job } = synth({ waitForCompletion: false, maxRuntime: Duration.hours(12) });
    expect(wait).toBe('false');
    expect(request.StoppingCondition.MaxRuntimeInSeconds).toBe(43200);
    expect(() => job.finalMetric('validation:accuracy')).toThrow(/waitForCompletion = false: must be true to read final metrics/);
  });

  test('a given role is used as is: no role is created, the job\'s permissions are added to it', () => {
    const fixture = trainingStack();
    const role = new iam.Role(fixture.stack, 'SharedRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const job = new SageMakerTrainingJob(fixture.stack, 'Job', { ...fixture.baseProps, role });
    const template = Template.fromStack(fixture.stack);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('Job'))).toEqual([]);
    expect(grantsOf(statementsOfRole(template, 'SharedRole'), 's3:PutObject').flatMap(resourcesOf))
      .toEqual([`<Models7F217E31.Arn>/models/${job.trainingJobName}/*`]);
    expect(job.grantPrincipal).toBe(role);
  });

  test('fromTrainingJobAttributes: an existing job\'s artifact location and lower-case ARN', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'models');
    const job = SageMakerTrainingJob.fromTrainingJobAttributes(stack, 'Old', { trainingJobName: 'Mnist-2024', modelDataBucket: bucket });
    expect(job.modelDataKey).toBe('Mnist-2024/output/model.tar.gz');
    expect(stack.resolve(job.modelDataUrl)).toBe('s3://models/Mnist-2024/output/model.tar.gz');
    expect(stack.resolve(job.trainingJobArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:training-job/mnist-2024']] });
  });
});
