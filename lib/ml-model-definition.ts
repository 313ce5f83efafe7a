import { ContainerImage, MlInstanceType } from '../constructs/core';
import { ModelData } from '../constructs/serving';

/**
 * One model, described once, rendered to both targets: `MlPlatformStack` hosts it on SageMaker and
 * `ModelServingChart` runs it on Kubernetes. The instance type drives both (SageMaker instance type;
 * Kubernetes GPU limits, requests, tolerations and placement).
 */
export interface MlModelDefinition {
  /** Short name: a DNS-1123 label (lowercase letters, digits, '-'; ≤ 40 characters). Names the k8s objects and prefixes S3 keys. */
  readonly name: string;
  /** Where the model runs: SageMaker instance type, and the node shape on Kubernetes. */
  readonly instanceType: MlInstanceType;
  /** The serving image for SageMaker. */
  readonly image: ContainerImage;
  /** The same serving image as a reference a cluster can pull (for example the ECR URI it was pushed to). */
  readonly kubernetesImage: string;
  /** Model artifacts for SageMaker. @default - none, or what the model's training job produced */
  readonly modelData?: ModelData;
  /** `s3://…/model.tar.gz` the Kubernetes pods fetch at start. @default - the model is baked into the image */
  readonly kubernetesModelDataUri?: string;
  /** Container environment on both targets. @default - none */
  readonly environment?: Record<string, string>;
  /** Fewest instances / replicas. @default 1 */
  readonly minCapacity?: number;
  /** Most instances / replicas. @default 4 */
  readonly maxCapacity?: number;
  /** SageMaker autoscaling target: invocations per instance per minute. @default 1000 */
  readonly invocationsPerInstance?: number;
  /** SageMaker autoscaling target for GPU types: average utilisation per GPU, in percent. @default 70 */
  readonly gpuUtilizationPercent?: number;
  /** Kubernetes HPA target: average CPU utilisation of the pods, in percent. @default 70 */
  readonly kubernetesCpuUtilizationPercent?: number;
  /** p99 model-latency alarm threshold in milliseconds. @default 1000 */
  readonly p99LatencyThresholdMs?: number;
}
