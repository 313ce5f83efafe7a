import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { ApprovalMode } from '../../constructs/pipeline';
import { Hyperparameter } from '../../constructs/training';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { MlMonitoringDefinition } from '../../lib/ml-monitoring-definition';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { allStates, stateMachineDefinitions } from '../../scripts/state-machine-asl';

/** A platform with one trained model whose pipeline has `monitoring` (or none). */
function platform(monitoring?: MlMonitoringDefinition) {
  const app = new App();
  const repo = ecr.Repository.fromRepositoryName(new Stack(app, 'Images'), 'Repo', 'digits');
  const digits: MlModelDefinition = {
    name: 'digits',
    instanceType: MlInstanceType.M5_LARGE,
    image: ContainerImage.fromEcrRepository(repo, '1'),
    kubernetesImage: 'example/digits:1',
    training: {
      instanceType: MlInstanceType.M5_XLARGE,
      channels: ['train', 'test'],
      hyperparameters: { epochs: Hyperparameter.fromInteger(5) },
      qualityGate: { metricName: 'test:accuracy', minimum: 0.9 },
    },
    pipeline: { approval: ApprovalMode.AUTO, championMargin: 0.01, monitoring },
  };
  const stack = new MlPlatformStack(app, 'P', { models: [digits], env: { account: '123456789012', region: 'us-east-1' } });
  return { stack, hosted: stack.hostedModels[0], template: Template.fromStack(stack) };
}

describe('MlPlatformStack pipeline.monitoring', () => {
  test('captures the endpoint\'s traffic under capture/<model> in the data bucket', () => {
    const { stack, template } = platform({ samplingPercentage: 25 });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({
        InitialSamplingPercentage: 25,
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(stack.storage.dataBucket.bucket.node.defaultChild as never) }, '/capture/digits']] },
      }),
    });
  });

  test('an hourly data-quality schedule over the endpoint, against the baseline the pipeline computes from the train channel', () => {
    const { stack, hosted, template } = platform({});
    const monitor = hosted.dataQualityMonitor!;
    expect(monitor).toBeDefined();
    template.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 1);
    template.hasResourceProperties('AWS::SageMaker::MonitoringSchedule', {
      EndpointName: stack.resolve(hosted.endpoint.endpointName),
      MonitoringScheduleConfig: Match.objectLike({ MonitoringType: 'DataQuality', ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' } }),
    });
    const modelBucket = { Ref: stack.getLogicalId(stack.storage.modelBucket.bucket.node.defaultChild as never) };
    template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      DataQualityBaselineConfig: { StatisticsResource: { S3Uri: { 'Fn::Join': ['', ['s3://', modelBucket, '/monitoring/digits/baseline/statistics.json']] } }, ConstraintsResource: Match.anyValue() },
    });
    // The pipeline's Baseline state runs the analyzer on the train channel, and its role may start those jobs.
    const pipelineId = stack.getLogicalId(hosted.pipeline!.stateMachine.node.defaultChild as never);
    const states = allStates(stateMachineDefinitions(template.toJSON())[pipelineId]);
    expect(states.Baseline.Type).toBe('Parallel');
    expect(states.ComputeBaseline.Parameters.ProcessingInputs[0].S3Input.S3Uri).toBe(`s3://${stack.getLogicalId(stack.storage.dataBucket.bucket.node.defaultChild as never).toLowerCase()}/digits/train`);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sagemaker:CreateProcessingJob']) })]) },
    });
  });

  test('violations start the pipeline with trigger "drift"; retrainOnDrift: false only notifies', () => {
    const drift = platform({});
    const pipelineArn = drift.stack.resolve(drift.hosted.pipeline!.stateMachine.stateMachineArn);
    drift.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.sagemaker'], 'detail-type': ['SageMaker Processing Job State Change'] }),
      Targets: [Match.objectLike({ Arn: pipelineArn, Input: '{"trigger":"drift"}' })],
    });
    const quiet = platform({ retrainOnDrift: false });
    const rulesToPipeline = Object.values(quiet.template.findResources('AWS::Events::Rule'))
      .filter((r) => (r.Properties.EventPattern?.source ?? []).includes('aws.sagemaker')
        && JSON.stringify(r.Properties.Targets).includes(quiet.stack.getLogicalId(quiet.hosted.pipeline!.stateMachine.node.defaultChild as never)));
    expect(rulesToPipeline).toEqual([]);
    // The alarm topic still hears about violations.
    quiet.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: quiet.stack.resolve(quiet.stack.alarmTopic.topic.topicArn) })],
      EventPattern: Match.objectLike({ source: ['aws.sagemaker'] }),
    });
  });

  test('without monitoring: no capture, no schedule, no baseline step', () => {
    const { template, hosted } = platform(undefined);
    expect(hosted.dataQualityMonitor).toBeUndefined();
    template.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 0);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { DataCaptureConfig: Match.absent() });
    const definitions = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definitions).not.toContain('createProcessingJob');
  });

  test('a bad sampling percentage is the endpoint\'s one clear error', () => {
    expect(() => platform({ samplingPercentage: 0 })).toThrow(/SageMakerEndpoint at 'P\/Digits\/Endpoint'[\s\S]*dataCapture.samplingPercentage = 0/);
  });
});
