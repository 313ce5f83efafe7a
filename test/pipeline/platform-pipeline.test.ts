import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { ApprovalMode, PipelineStateNames as N } from '../../constructs/pipeline';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { allStates, definitionWithState, fakeReference } from './local-sfn';

function digits(overrides: Partial<MlModelDefinition> = {}): MlModelDefinition {
  const repo = ecr.Repository.fromRepositoryName(new Stack(new App(), 'Images'), 'Repo', 'digits');
  return {
    name: 'digits',
    instanceType: MlInstanceType.M5_LARGE,
    image: ContainerImage.fromEcrRepository(repo, '1.0'),
    kubernetesImage: 'example/digits:1',
    training: { instanceType: MlInstanceType.M5_XLARGE, channels: ['train', 'test'], qualityGate: { metricName: 'test:accuracy', minimum: 0.9 } },
    pipeline: {
      schedule: events.Schedule.rate(Duration.days(7)),
      championMargin: 0.01,
      approval: ApprovalMode.AUTO,
    },
    ...overrides,
  };
}

describe('MlPlatformStack with a pipeline', () => {
  test('the first deploy still trains with the custom resource; the pipeline, registry and triggers come on top', () => {
    const stack = new MlPlatformStack(new App(), 'P', { models: [digits()] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::SageMakerTrainingJob', 1);
    t.hasResourceProperties('AWS::SageMaker::ModelPackageGroup', { ModelPackageGroupName: 'p-digits' });
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 3); // the pipeline, its stop-on-abort machine, the training provider's waiter
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(7 days)' });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: Match.objectLike({ object: { key: [{ prefix: 'digits/_manifests/' }] } }) }) });
    // The data bucket sends its object events to EventBridge.
    t.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
    const hosted = stack.hostedModels[0];
    expect(hosted.pipeline).toBeDefined();
    expect(hosted.registry?.modelPackageGroupName).toBe('p-digits');
  });

  test('the pipeline trains with exactly the deploy-time job\'s request, and gates with the training gate plus the margin', () => {
    const stack = new MlPlatformStack(new App(), 'P', { models: [digits()] });
    const t = Template.fromStack(stack);
    const states = allStates(definitionWithState(stack, N.TRAIN));
    const custom = Object.values(t.findResources('Custom::SageMakerTrainingJob'))[0].Properties;
    const request = JSON.parse(fakeReference(custom.TrainingJobRequest));
    const train = states[N.TRAIN].Parameters;
    // One renderer: everything but the role (the pipeline's jobs have their own) and the names is the same.
    for (const key of ['AlgorithmSpecification', 'InputDataConfig', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition',
      'HyperParameters', 'Environment', 'EnableNetworkIsolation', 'EnableInterContainerTrafficEncryption']) {
      expect({ key, value: train[key] }).toEqual({ key, value: request[key] });
    }
    expect(train.InputDataConfig.map((c: { ChannelName: string }) => c.ChannelName)).toEqual(['train', 'test']);
    expect(states[N.EVALUATE].Parameters.gate).toEqual({ metricName: 'test:accuracy', minimum: 0.9, championMargin: 0.01, higherIsBetter: true });
    expect(states[N.REGISTER].Parameters.ModelApprovalStatus).toBe('Approved');
    expect(states[N.UPDATE_ENDPOINT].Parameters.RetainDeploymentConfig).toBe(true);
  });

  test('a loss gated with both bounds: gateHigherIsBetter false makes the champion check prefer the lower value', () => {
    const stack = new MlPlatformStack(new App(), 'P', { models: [digits({
      pipeline: { gateMetric: 'train:loss', gateMinimum: 0, gateMaximum: 0.5, gateHigherIsBetter: false, championMargin: 0.01 },
    })] });
    const states = allStates(definitionWithState(stack, N.TRAIN));
    expect(states[N.EVALUATE].Parameters.gate).toEqual({ metricName: 'train:loss', minimum: 0, maximum: 0.5, championMargin: 0.01, higherIsBetter: false });
  });

  test('bad input: a pipeline without training, or without a gate metric', () => {
    expect(() => new MlPlatformStack(new App(), 'P', { models: [digits({ training: undefined })] }))
      .toThrow(/models\[0\].pipeline = "set": needs training/);
    expect(() => new MlPlatformStack(new App(), 'P', {
      models: [digits({ training: { instanceType: MlInstanceType.M5_XLARGE } })],
    })).toThrow(/models\[0\].pipeline.gateMetric = undefined: is required unless training.qualityGate names a metric/);
    expect(() => new MlPlatformStack(new App(), 'P', {
      models: [digits({ training: { instanceType: MlInstanceType.M5_XLARGE }, pipeline: { gateMetric: 'test:accuracy' } })],
    })).toThrow(/models\[0\].pipeline.gateMinimum = undefined: the gate needs gateMinimum, gateMaximum or both/);
  });
});
