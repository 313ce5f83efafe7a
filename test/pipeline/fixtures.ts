import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { ApprovalMode, TrainingPipeline, TrainingPipelineProps } from '../../constructs/pipeline';
import { ModelPackageGroup } from '../../constructs/registry';
import { SageMakerEndpoint, SageMakerModel } from '../../constructs/serving';
import { MlBucket, MlBucketPurpose } from '../../constructs/storage';
import { TrainingInput } from '../../constructs/training';

export const ENV = { account: '123456789012', region: 'us-east-1' };

/** A stack with what a pipeline needs: data and model buckets, an image, a registry, a topic, a model and endpoint. */
export function pipelineStack(app: App = new App()) {
  const stack = new Stack(app, 'Stack', { env: ENV });
  const data = new MlBucket(stack, 'Data', { purpose: MlBucketPurpose.DATA, eventBridgeEnabled: true });
  const models = new MlBucket(stack, 'Models', { purpose: MlBucketPurpose.MODELS });
  const image = ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'digits'), '1.0');
  const registry = new ModelPackageGroup(stack, 'Registry', { modelPackageGroupName: 'digits' });
  const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
  const model = new SageMakerModel(stack, 'Model', { image });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.M5_LARGE }],
  });
  const baseProps: TrainingPipelineProps = {
    trainingJob: {
      image,
      instanceType: MlInstanceType.M5_XLARGE,
      inputChannels: {
        train: TrainingInput.fromMlBucket(data, 'digits/train/'),
        test: TrainingInput.fromMlBucket(data, 'digits/test/'),
      },
      outputBucket: models.bucket,
      outputPrefix: 'digits',
      maxRuntime: Duration.hours(3),
    },
    modelPackageGroup: registry,
    gate: { metricName: 'test:accuracy', minimum: 0.9, championMargin: 0.01 },
    approval: ApprovalMode.AUTO,
    deployment: { endpoint, model },
    notificationTopic: topic,
    jobNamePrefix: 'digits-pipeline',
  };
  return { app, stack, data, models, image, registry, topic, model, endpoint, baseProps };
}

/** The fixture with a pipeline built from `overrides`. */
export function withPipeline(overrides: Partial<TrainingPipelineProps> = {}) {
  const f = pipelineStack();
  const pipeline = new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, ...overrides });
  return { ...f, pipeline };
}
