/**
 * One model definition, both targets: the defaults of an `MlModelDefinition` resolved once, here, for
 * `MlPlatformStack` (SageMaker) and `ModelServingChart` (Kubernetes), so the same definition gives the same
 * capacity, runtime and channels on both. What one target cannot honour is listed, to be shown as a
 * warning by that target (never silently dropped). Internal: not exported from the package.
 */
import { Duration } from 'aws-cdk-lib';
import {
  DEFAULT_MIN_CAPACITY, DEFAULT_TRAINING_CHANNELS, DEFAULT_TRAINING_INSTANCE_COUNT, DEFAULT_TRAINING_MAX_RUNTIME_SECONDS, defaultMaxCapacity,
} from '../../constructs/core/private/model-defaults';
import { KubeSecurityProfile } from '../../constructs/k8s';
import { DeploymentPolicy } from '../../constructs/serving';
import { MlModelDefinition, MlTrainingDefinition } from '../ml-model-definition';

/** Training with every default filled in. */
export interface ResolvedTrainingDefinition extends MlTrainingDefinition {
  readonly instanceCount: number;
  readonly channels: string[];
  readonly maxRuntime: Duration;
  readonly hyperparameters: NonNullable<MlTrainingDefinition['hyperparameters']>;
  readonly environment: { [name: string]: string };
  /** The Kubernetes training image. */
  readonly kubernetesImage: string;
}

/** A model definition with every default both targets share filled in. */
export interface ResolvedModelDefinition extends MlModelDefinition {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly invocationsPerInstance: number;
  readonly gpuUtilizationPercent: number;
  readonly kubernetesCpuUtilizationPercent: number;
  readonly p99LatencyThresholdMs: number;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly kubernetesSecurityProfile: KubeSecurityProfile;
  readonly environment: { [name: string]: string };
  readonly training?: ResolvedTrainingDefinition;
  /** Options of the definition the Kubernetes chart does not honour, one sentence each. */
  readonly kubernetesWarnings: string[];
}

/** Resolves the defaults of `definition` (see the module comment). Pure: the same input gives the same output. */
export function resolveModelDefinition(definition: MlModelDefinition): ResolvedModelDefinition {
  const minCapacity = definition.minCapacity ?? DEFAULT_MIN_CAPACITY;
  const training = definition.training ? resolveTraining(definition, definition.training) : undefined;
  return {
    ...definition,
    minCapacity,
    maxCapacity: definition.maxCapacity ?? defaultMaxCapacity(minCapacity),
    invocationsPerInstance: definition.invocationsPerInstance ?? 1000,
    gpuUtilizationPercent: definition.gpuUtilizationPercent ?? 70,
    kubernetesCpuUtilizationPercent: definition.kubernetesCpuUtilizationPercent ?? 70,
    p99LatencyThresholdMs: definition.p99LatencyThresholdMs ?? 1000,
    deploymentPolicy: definition.deploymentPolicy ?? DeploymentPolicy.allAtOnce(),
    kubernetesSecurityProfile: definition.kubernetesSecurityProfile ?? KubeSecurityProfile.RESTRICTED,
    environment: { ...definition.environment },
    training,
    kubernetesWarnings: kubernetesWarnings(definition),
  };
}

function resolveTraining(definition: MlModelDefinition, training: MlTrainingDefinition): ResolvedTrainingDefinition {
  return {
    ...training,
    instanceCount: training.instanceCount ?? DEFAULT_TRAINING_INSTANCE_COUNT,
    channels: training.channels ?? [...DEFAULT_TRAINING_CHANNELS],
    maxRuntime: training.maxRuntime ?? Duration.seconds(DEFAULT_TRAINING_MAX_RUNTIME_SECONDS),
    hyperparameters: training.hyperparameters ?? {},
    environment: { ...training.environment },
    kubernetesImage: training.kubernetesImage ?? definition.kubernetesImage,
  };
}

/** What the Kubernetes side cannot do with this definition, said where the user will read it. */
function kubernetesWarnings(definition: MlModelDefinition): string[] {
  const warnings: string[] = [];
  const training = definition.training;
  if (training && !training.kubernetesDataUri) {
    warnings.push('training is not run on Kubernetes (no training.kubernetesDataUri): '
      + (definition.kubernetesModelDataUri ? 'the pods serve kubernetesModelDataUri' : 'the pods serve the model baked into kubernetesImage'));
  }
  if (training?.kubernetesDataUri && training.qualityGate) {
    warnings.push(`training.qualityGate (${training.qualityGate.metricName}) is checked on SageMaker only: `
      + 'the Kubernetes pods serve whatever the training Job saved');
  }
  if (training?.kubernetesDataUri && training.spotMaxWait) {
    warnings.push('training.spotMaxWait is SageMaker managed spot: on Kubernetes spot capacity comes from the node pool '
      + '(e.g. a Karpenter NodePool allowing karpenter.sh/capacity-type spot), and the Job waits for it within maxRuntime');
  }
  if (training && definition.pipeline) {
    // The loop's triggers, gate, registry and approval are Step Functions and SageMaker: say so, never drop it silently.
    warnings.push('pipeline (continuous training: triggers, gate, registry, approval, Model Monitor) runs on SageMaker only: '
      + 'on Kubernetes a new training Job runs when training.retrainTrigger (e.g. the data version) changes in the config');
  }
  if (!training && definition.modelData && !definition.kubernetesModelDataUri) {
    warnings.push('modelData is rendered for SageMaker only: set kubernetesModelDataUri (s3://…/model.tar.gz) for the '
      + 'Kubernetes pods, or they serve the model baked into kubernetesImage');
  }
  return warnings;
}
