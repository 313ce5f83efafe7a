import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContainerImage } from '../core';
import { IModelPackageGroup } from '../registry';
import { SageMakerEndpoint, SageMakerModel } from '../serving';
import { TrainingJobSpec } from '../training/training-job-spec';

/** How a registered version becomes Approved. */
export enum ApprovalMode {
  /** Registered as Approved when the gate and the champion check pass, then deployed at once. */
  AUTO = 'AUTO',
  /**
   * Registered as PendingManualApproval; the pipeline polls the package and deploys once a person sets
   * it to Approved (console, or `aws sagemaker update-model-package`), or stops when it is Rejected or the
   * approval timeout passes.
   */
  MANUAL = 'MANUAL',
}

/** The evaluation between training and registration. */
export interface PipelineGate {
  /** A metric of the job's metric definitions, e.g. `test:accuracy`. */
  readonly metricName: string;
  /** Lowest acceptable final value. @default - no lower bound */
  readonly minimum?: number;
  /** Highest acceptable final value (e.g. for a loss). @default - no upper bound */
  readonly maximum?: number;
  /**
   * How much worse than the champion (the newest Approved version of the group) a candidate may be and
   * still replace it, in metric units. The first model has no champion.
   * @default 0 - never worse than the champion
   */
  readonly championMargin?: number;
  /** Whether a higher value is better (accuracy) or a lower one (loss). @default - true, unless only `maximum` is set */
  readonly higherIsBetter?: boolean;
}

/** Where an approved version is deployed. */
export interface PipelineDeployment {
  /** The endpoint to update (blue/green, with its deployment policy and rollback alarms). */
  readonly endpoint: SageMakerEndpoint;
  /**
   * The endpoint's current model: new models reuse its role (granted read of the pipeline's artifacts)
   * and its network isolation. Models in a VPC are not supported by the pipeline.
   */
  readonly model: SageMakerModel;
  /** The variant that gets the new model; other variants keep theirs. @default - the endpoint's first variant */
  readonly variantName?: string;
  /** Environment of the new models' container. @default - none */
  readonly environment?: { [key: string]: string };
  /** How often the update is polled. @default Duration.minutes(1) */
  readonly pollInterval?: Duration;
  /** Longest an update may take (bake periods included) before the run fails. @default Duration.hours(2) */
  readonly timeout?: Duration;
}

/** Properties of a {@link TrainingPipeline}. */
export interface TrainingPipelineProps {
  /** The training job: the same spec `SageMakerTrainingJob` takes (spot, checkpoints, VPC, KMS, metrics, hyperparameters). */
  readonly trainingJob: TrainingJobSpec;
  /** Where candidates are registered. */
  readonly modelPackageGroup: IModelPackageGroup;
  /** Bounds on the final metric and the champion margin. */
  readonly gate: PipelineGate;
  /** Told once per run: succeeded, gate failed, beaten by champion, training failed, rolled back, rejected, failed. */
  readonly notificationTopic: sns.ITopic;
  /** How versions get approved. @default ApprovalMode.MANUAL */
  readonly approval?: ApprovalMode;
  /** With manual approval: how long to wait for a decision. @default Duration.days(7) */
  readonly approvalTimeout?: Duration;
  /** With manual approval: how often the package's status is read. @default Duration.minutes(10) */
  readonly approvalPollInterval?: Duration;
  /** Deploy approved versions to an endpoint. @default - register only */
  readonly deployment?: PipelineDeployment;
  /** The image registered for inference. @default - the training image (one image, `train` and `serve`) */
  readonly servingImage?: ContainerImage;
  /** Content types the registered model accepts and returns. @default ['application/json'] */
  readonly contentTypes?: string[];
  /**
   * Shortest time between the start of one run and the next: an execution holds the model's slot until
   * it ends, and ends this long after it started work (a Wait state, free in Standard workflows).
   * Triggers that arrive meanwhile are skipped.
   * @default Duration.hours(1)
   */
  readonly minInterval?: Duration;
  /**
   * Start of every name the pipeline creates (`<prefix>-<execution name>`: training jobs, models,
   * endpoint configs): 1-26 lower-case letters, digits and hyphens, so that a 36-character execution name
   * (what EventBridge generates) still fits SageMaker's 63.
   * @default - derived from the construct path
   */
  readonly jobNamePrefix?: string;
  /**
   * Steps run after registration and before approval/deployment, e.g. a Model Monitor baseline. They
   * run inside a Parallel state (`Baseline`, result at `$.baseline`); a failure there notifies and fails the run.
   * @default - none
   */
  readonly baselineStep?: sfn.IChainable;
  /** Name used in notifications. @default - the model package group's name */
  readonly displayName?: string;
}
