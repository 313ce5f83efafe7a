import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Stack } from 'aws-cdk-lib';
import { ContainerImage, MlInstanceType, MlopsValidationError } from '../../constructs/core';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { buildReferenceApp } from '../../bin/reference-app';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { MlStorageStack } from '../../lib/ml-storage';
import { ModelData } from '../../constructs/serving';
import { Hyperparameter } from '../../constructs/training';

function model(name: string, instanceType = MlInstanceType.M5_LARGE): MlModelDefinition {
  const app = new App();
  const repo = ecr.Repository.fromRepositoryName(new Stack(app, 'Images'), 'Repo', 'models');
  return { name, instanceType, image: ContainerImage.fromEcrRepository(repo, name), kubernetesImage: `example/${name}:1` };
}

describe('MlPlatformStack', () => {
  test('GIVEN a CPU and a GPU model WHEN synthesized THEN each gets model, endpoint, scaling, alarms and a dashboard', () => {
    const stack = new MlPlatformStack(new App(), 'P', { models: [model('cpu'), model('gpu', MlInstanceType.G5_XLARGE)] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SageMaker::Model', 2);
    t.resourceCountIs('AWS::SageMaker::Endpoint', 2);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    t.resourceCountIs('AWS::S3::Bucket', 3);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    // GPU-utilisation scaling only for the GPU model.
    t.resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ CustomizedMetricSpecification: Match.objectLike({ MetricName: 'GPUUtilization' }) }),
    }, 1);
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'GPUMemoryUtilization' }, 1);
    expect(stack.hostedModels.map((h) => h.alarms.alarms.length)).toEqual([5, 6]);
    // Every endpoint rolls out blue/green and its latency and 5XX alarms roll a bad model back.
    t.resourcePropertiesCountIs('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: Match.objectLike({ TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } }),
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: Match.stringLikeRegexp('^P-.*-ModelLatencyP99$') }, { AlarmName: Match.stringLikeRegexp('^P-.*-ErrorRate5XX$') }] },
      },
    }, 2);
  });

  test('GIVEN duplicate and invalid model names THEN one error lists both', () => {
    const build = () => new MlPlatformStack(new App(), 'P', { models: [model('a'), model('a'), model('Bad_Name')] });
    let thrown: unknown;
    try { build(); } catch (e) { thrown = e; }
    expect(MlopsValidationError.isMlopsValidationError(thrown)).toBe(true);
    expect(build).toThrow(/models\[1\]\.name = "a": must be unique[\s\S]*models\[2\]\.name = "Bad_Name": must be a DNS-1123 label/);
  });

  test('GIVEN no models THEN the error names the prop', () => {
    expect(() => new MlPlatformStack(new App(), 'P', { models: [] })).toThrow(/MlPlatformStack at 'P'[\s\S]*models = \[0 items\]: must hold at least 1 model/);
  });
});

describe('MlPlatformStack with training and shared storage', () => {
  const app = new App();
  const storage = new MlStorageStack(app, 'Data');
  const trained: MlModelDefinition = {
    ...model('digits'),
    training: {
      instanceType: MlInstanceType.M5_XLARGE,
      hyperparameters: { epochs: Hyperparameter.fromInteger(3) },
      qualityGate: { metricName: 'test:accuracy', minimum: 0.9 },
    },
  };
  const stack = new MlPlatformStack(app, 'Platform', { models: [trained], storage: storage.storage });
  const t = Template.fromStack(stack);

  test('GIVEN a definition with training WHEN synthesized THEN the model serves the job\'s artifact', () => {
    const [jobId] = Object.keys(t.findResources('Custom::SageMakerTrainingJob'));
    t.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: Match.objectLike({ ModelDataUrl: { 'Fn::GetAtt': [jobId, 'ModelDataUrl'] } }) });
    expect(stack.hostedModels[0].trainingJob).toBeDefined();
  });

  test('the definition\'s quality gate guards the deployment', () => {
    const job = Object.values(t.findResources('Custom::SageMakerTrainingJob'))[0];
    expect(JSON.parse(job.Properties.QualityGate)).toEqual({ MetricName: 'test:accuracy', Minimum: 0.9 });
  });

  test('the job reads the default channels under <model>/ in the shared data bucket', () => {
    const request = JSON.stringify(Object.values(t.findResources('Custom::SageMakerTrainingJob'))[0].Properties.TrainingJobRequest);
    for (const channel of MlPlatformStack.DEFAULT_TRAINING_CHANNELS) expect(request).toContain(`/digits/${channel}/`);
    t.resourceCountIs('AWS::S3::Bucket', 0); // the buckets live in the storage stack
  });

  test('GIVEN training and modelData together THEN the error names the prop', () => {
    const bad = { ...trained, modelData: ModelData.fromBucket(storage.storage.modelBucket.bucket, 'x/model.tar.gz') };
    expect(() => new MlPlatformStack(app, 'Bad', { models: [bad], storage: storage.storage }))
      .toThrow(/models\[0\]\.modelData = "set": must be omitted when training is set/);
  });
});

describe('reference app data versions', () => {
  test('-c dataVersion:digits=<v> retrains digits (new job name) and leaves the other model alone', () => {
    const names = (context: Record<string, string>) => {
      const app = new App({ context });
      buildReferenceApp(app);
      const platform = app.node.findChild('MlPlatform') as MlPlatformStack;
      return platform.hostedModels.map((h) => h.trainingJob?.trainingJobName);
    };
    const [digits, vision] = names({});
    const [digits2, vision2] = names({ 'dataVersion:digits': '0123456789abcdef' });
    expect(digits2).not.toBe(digits);
    expect(vision2).toBe(vision);
  });
});
