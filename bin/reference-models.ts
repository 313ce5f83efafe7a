import * as path from 'path';
import { ContainerImage, deepLearningContainerUri, MlInstanceType } from '../constructs/core';
import { MlModelDefinition } from '../lib/ml-model-definition';

/** The AWS Deep Learning Container that serves the GPU model (PyTorch 2.3, CUDA 12.1). */
const PYTORCH_INFERENCE = { repository: 'pytorch-inference', tag: '2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker' };

/**
 * The reference platform's models: a CPU model served by our own TensorFlow.js container
 * (container/) and a GPU model served by an AWS Deep Learning Container on ml.g5.xlarge.
 */
export function referenceModels(region: string): MlModelDefinition[] {
  return [
    {
      name: 'digits',
      instanceType: MlInstanceType.M5_LARGE,
      image: ContainerImage.fromAsset(path.join(__dirname, '..', 'container')),
      kubernetesImage: 'ghcr.io/example/cdk-mlops-digits:0.1.0',
      minCapacity: 1,
      maxCapacity: 4,
      invocationsPerInstance: 2000,
      p99LatencyThresholdMs: 200,
    },
    {
      name: 'vision-gpu',
      instanceType: MlInstanceType.G5_XLARGE,
      image: ContainerImage.fromDeepLearningContainer(PYTORCH_INFERENCE.repository, PYTORCH_INFERENCE.tag),
      kubernetesImage: deepLearningContainerUri(PYTORCH_INFERENCE.repository, PYTORCH_INFERENCE.tag, region),
      environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_MODEL_SERVER_WORKERS: '1' },
      minCapacity: 1,
      maxCapacity: 2,
      gpuUtilizationPercent: 70,
      p99LatencyThresholdMs: 500,
    },
  ];
}
