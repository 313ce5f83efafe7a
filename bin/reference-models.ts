import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { ContainerImage, MlInstanceType } from '../constructs/core';
import { KubeSecurityProfile } from '../constructs/k8s';
import { Hyperparameter } from '../constructs/training';
import { MlModelDefinition } from '../lib/ml-model-definition';

/** AWS Deep Learning Containers for the GPU model (PyTorch 2.3, CUDA 12.1). */
const PYTORCH_TAG = '2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker';
const PYTORCH_INFERENCE = 'pytorch-inference';
const PYTORCH_TRAINING = 'pytorch-training';

/** Where the reference images are pushed for Kubernetes (replace with your registry). */
const DIGITS_KUBERNETES_IMAGE = 'ghcr.io/example/cdk-mlops-digits:0.1.0';
/** Where the Kubernetes training jobs read their channels (replace with your bucket). */
const KUBERNETES_DATA = 's3://example-ml-data';

/**
 * The reference platform's models:
 * - `digits`: our TensorFlow.js container (container/) trains on CPU and serves on ml.m5.large —
 *   the same image for `train` and `serve`, exactly what `npm run demo` runs locally.
 * - `vision-gpu`: a PyTorch model trained by a distributed GPU job (2 × ml.g5.2xlarge, managed spot)
 *   and served on ml.g5.xlarge, both with AWS Deep Learning Containers.
 */
export function referenceModels(region: string): MlModelDefinition[] {
  return [
    {
      name: 'digits',
      instanceType: MlInstanceType.M5_LARGE,
      image: ContainerImage.fromAsset(path.join(__dirname, '..', 'container')),
      kubernetesImage: DIGITS_KUBERNETES_IMAGE,
      training: {
        instanceType: MlInstanceType.M5_XLARGE,
        // What container/scripts/prepare-mnist.js writes; validation is split off train (validation_split).
        channels: ['train', 'test'],
        hyperparameters: {
          hidden_units: Hyperparameter.fromInteger(128),
          epochs: Hyperparameter.fromInteger(15),
          batch_size: Hyperparameter.fromInteger(64),
          learning_rate: Hyperparameter.fromNumber(0.001),
          early_stopping_patience: Hyperparameter.fromInteger(3),
        },
        maxRuntime: Duration.minutes(20),
        // The endpoint only ever serves a model that classifies ≥ 90 % of the held-out test digits.
        qualityGate: { metricName: 'test:accuracy', minimum: 0.9 },
        kubernetesDataUri: `${KUBERNETES_DATA}/digits/`,
      },
      minCapacity: 1,
      maxCapacity: 4,
      invocationsPerInstance: 2000,
      p99LatencyThresholdMs: 200,
    },
    {
      name: 'vision-gpu',
      instanceType: MlInstanceType.G5_XLARGE,
      image: ContainerImage.fromDeepLearningContainer(PYTORCH_INFERENCE, PYTORCH_TAG),
      kubernetesImage: ContainerImage.deepLearningContainerUri(PYTORCH_INFERENCE, PYTORCH_TAG, region),
      environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_MODEL_SERVER_WORKERS: '1' },
      // Deep Learning Containers run as root and write their toolkit config at start: baseline, not restricted.
      kubernetesSecurityProfile: KubeSecurityProfile.BASELINE,
      training: {
        instanceType: MlInstanceType.G5_2XLARGE,
        instanceCount: 2,
        image: ContainerImage.fromDeepLearningContainer(PYTORCH_TRAINING, PYTORCH_TAG),
        kubernetesImage: ContainerImage.deepLearningContainerUri(PYTORCH_TRAINING, PYTORCH_TAG, region),
        channels: ['train', 'validation'],
        hyperparameters: {
          epochs: Hyperparameter.fromInteger(10),
          'learning-rate': Hyperparameter.fromNumber(0.0003),
          'batch-size': Hyperparameter.fromInteger(64),
        },
        environment: { SAGEMAKER_PROGRAM: 'train.py' },
        maxRuntime: Duration.minutes(30),
        spotMaxWait: Duration.minutes(45),
        kubernetesDataUri: `${KUBERNETES_DATA}/vision-gpu/`,
      },
      minCapacity: 1,
      maxCapacity: 2,
      gpuUtilizationPercent: 70,
      p99LatencyThresholdMs: 500,
    },
  ];
}
