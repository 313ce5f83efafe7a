import { Duration } from 'aws-cdk-lib';
import { ContainerImage, MlInstanceType } from '../constructs/core';
import { KubeSecurityProfile } from '../constructs/k8s';
import { DeploymentPolicy, ModelData } from '../constructs/serving';
import { Hyperparameter, TrainingQualityGate } from '../constructs/training';
import { MlPipelineDefinition } from './ml-pipeline-definition';

/**
 * How a model is trained, on SageMaker (a `SageMakerTrainingJob` whose artifact the endpoint serves)
 * and on Kubernetes (a `KubeTrainingJob` writing to a PersistentVolumeClaim the serving pods read).
 * Channels are read from the data bucket under `<model>/<channel>/`.
 */
export interface MlTrainingDefinition {
  /** Training instance type (must support training). */
  readonly instanceType: MlInstanceType;
  /** Instances; more than one is distributed training. @default 1 */
  readonly instanceCount?: number;
  /** Training image for SageMaker. @default - the model's serving image (one image, `train` and `serve`) */
  readonly image?: ContainerImage;
  /** Training image for Kubernetes. @default - the model's `kubernetesImage` */
  readonly kubernetesImage?: string;
  /** Hyperparameters. @default - none */
  readonly hyperparameters?: { [name: string]: Hyperparameter };
  /** Channel names, each read from `<model>/<channel>/` in the data bucket. @default ['train', 'validation', 'test'] */
  readonly channels?: string[];
  /** Longest the job may run. @default Duration.minutes(30) */
  readonly maxRuntime?: Duration;
  /** Managed spot: longest total time including waiting for capacity (> maxRuntime). @default - on-demand */
  readonly spotMaxWait?: Duration;
  /** Environment of the training container. @default - none */
  readonly environment?: Record<string, string>;
  /**
   * Any string whose change starts a new training job although the configuration is the same, typically
   * the data version `scripts/upload-training-data.ts` prints (new data under the same prefix).
   * @default - retrain only when the configuration changes
   */
  readonly retrainTrigger?: string;
  /**
   * Evaluation gate on SageMaker: deploy the trained model only if its final metric is within bounds
   * (e.g. `{ metricName: 'test:accuracy', minimum: 0.9 }`); otherwise the deployment fails and the
   * endpoint keeps its current model.
   * @default - every completed job is deployed
   */
  readonly qualityGate?: TrainingQualityGate;
  /** `s3://bucket/prefix/` holding `<channel>/` folders for the Kubernetes job. @default - no Kubernetes training job */
  readonly kubernetesDataUri?: string;
  /**
   * `s3://bucket/prefix/` the Kubernetes job uploads its model to, as SageMaker does
   * (`<prefix><job name>/output/model.tar.gz`); the serving pods wait for that key and fetch it.
   * @default - no upload: the job writes to the claim `kubernetesModelClaim`
   */
  readonly kubernetesOutputUri?: string;
  /** PersistentVolumeClaim the Kubernetes job writes the model to and the serving pods read (without `kubernetesOutputUri`). @default '<model>-model' */
  readonly kubernetesModelClaim?: string;
}

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
  /** Model artifacts for SageMaker (not with `training`, which provides them). @default - none, or what `training` produced */
  readonly modelData?: ModelData;
  /** Train the model in the stack (and in the chart), then serve what was trained. @default - no training */
  readonly training?: MlTrainingDefinition;
  /** `s3://…/model.tar.gz` the Kubernetes pods fetch at start. @default - the training job's claim, or the model baked into the image */
  readonly kubernetesModelDataUri?: string;
  /**
   * Security profile of the model's pods (serving and training) on Kubernetes: BASELINE for images that
   * run as root and write to their filesystem, such as AWS Deep Learning Containers.
   * @default KubeSecurityProfile.RESTRICTED (non-root, read-only root filesystem)
   */
  readonly kubernetesSecurityProfile?: KubeSecurityProfile;
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
  /**
   * How the SageMaker endpoint moves to a new model; the latency and 5XX-rate alarms roll a bad one back.
   * @default DeploymentPolicy.allAtOnce() (blue/green, 10-minute bake, works with one instance)
   */
  readonly deploymentPolicy?: DeploymentPolicy;
  /**
   * Continuous training on SageMaker (needs `training`): a Step Functions pipeline retrains on a schedule,
   * new data or drift, gates, registers, approves and deploys (docs/pipeline.md).
   * @default - no pipeline: the model is trained only by `cdk deploy`
   */
  readonly pipeline?: MlPipelineDefinition;
}
