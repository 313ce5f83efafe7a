import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage, MlInstanceType } from '../core';
import { Hyperparameter } from './hyperparameter';
import { MetricDefinition } from './metric-definitions';
import { TrainingInput, TrainingInputMode } from './training-input';

/** Managed spot training: up to ~90% cheaper, but instances can be reclaimed; checkpoints let the job resume. */
export interface SpotTrainingOptions {
  /**
   * Longest the job may take in total, waiting for spot capacity included. Must be longer than `maxRuntime`.
   */
  readonly maxWait: Duration;
  /** Bucket for checkpoints. @default - the output bucket */
  readonly checkpointBucket?: s3.IBucket;
  /**
   * Key prefix for checkpoints. SageMaker syncs `localCheckpointPath` to it and restores it after an interruption.
   * @default 'checkpoints/<job name>/' (a new configuration never resumes an old configuration's checkpoints)
   */
  readonly checkpointPrefix?: string;
  /** Where the container writes checkpoints. @default '/opt/ml/checkpoints' */
  readonly localCheckpointPath?: string;
}

/**
 * What a SageMaker training job runs: image, instances, channels, output, spot, VPC, KMS, metrics and
 * hyperparameters. `SageMakerTrainingJob` (a CloudFormation resource) and `TrainingPipeline` (a Step
 * Functions task) take the same spec and render it with the same code.
 */
export interface TrainingJobSpec {
  /** The training image; the job role is granted pull access to it. */
  readonly image: ContainerImage;
  /** Instance type; must support training (hosting-only types such as ml.inf2.* are rejected). */
  readonly instanceType: MlInstanceType;
  /**
   * Number of instances. Above 1 the job is distributed: each instance finds the others in
   * `/opt/ml/input/config/resourceconfig.json` (see docs/training.md).
   * @default 1
   */
  readonly instanceCount?: number;
  /** Size of each instance's ML storage volume (whole GiB). @default Size.gibibytes(30) */
  readonly volumeSize?: Size;
  /**
   * Longest the job may train; SageMaker stops it after that. While `waitForCompletion` is true it can
   * be at most 45 minutes (see `waitForCompletion`).
   * @default Duration.minutes(30)
   */
  readonly maxRuntime?: Duration;
  /**
   * Hyperparameters, rendered as strings into `/opt/ml/input/config/hyperparameters.json`.
   * @default - none
   */
  readonly hyperparameters?: { [name: string]: Hyperparameter };
  /** Input channels by name (`train`, `validation`, ...): 1 to 20. The role may read exactly these prefixes. */
  readonly inputChannels: { [channelName: string]: TrainingInput };
  /** Input mode of channels that do not set their own. @default TrainingInputMode.FILE */
  readonly defaultInputMode?: TrainingInputMode;
  /** Bucket for model artifacts; the role may write only the job's own folder in it. */
  readonly outputBucket: s3.IBucket;
  /** Key prefix under which SageMaker writes `<job name>/output/model.tar.gz`. @default 'models' */
  readonly outputPrefix?: string;
  /** KMS key SageMaker encrypts the artifacts with. @default - the output bucket's default encryption */
  readonly outputEncryptionKey?: kms.IKey;
  /** KMS key for the instances' storage volumes. @default - SageMaker's AWS-managed volume encryption */
  readonly volumeEncryptionKey?: kms.IKey;
  /** Run on managed spot instances. @default - on-demand instances */
  readonly spot?: SpotTrainingOptions;
  /**
   * Metrics SageMaker parses from the logs; readable afterwards with `finalMetric(name)`.
   * @default DEFAULT_METRIC_DEFINITIONS (the reference container's `train:loss` ... `test:macro_f1`)
   */
  readonly metricDefinitions?: MetricDefinition[];
  /** Environment variables of the training container. @default - none */
  readonly environment?: { [key: string]: string };
  /** VPC to run the job in (needs an S3 gateway endpoint or NAT for its data). @default - no VPC */
  readonly vpc?: ec2.IVpc;
  /** Subnets in `vpc`. @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups in `vpc`.
   * @default - one group allowing all outbound traffic, and traffic between its members for distributed jobs
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Block all network access from the container (SageMaker still delivers the channels and uploads
   * the model). Turn off only for images that download things at run time.
   * @default true
   */
  readonly enableNetworkIsolation?: boolean;
  /** Encrypt traffic between the instances of a distributed job (slower). @default - true when instanceCount > 1 */
  readonly interContainerTrafficEncryption?: boolean;
  /**
   * Role SageMaker runs the job as. The construct still adds this job's permissions to it.
   * @default - a role with exactly this job's permissions
   */
  readonly role?: iam.IRole;
  /** Tags on the training job (part of the configuration hash). @default - none */
  readonly tags?: { [key: string]: string };
}
