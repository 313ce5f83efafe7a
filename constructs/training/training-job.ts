import { CustomResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { newValidationError, PropsCheck } from '../core';
import { acknowledgeRules } from '../core/private/rule-acknowledgments';
import { jobNamePrefixFromPath, stackJobNameScope, trainingJobName } from './private/job-name';
import { MetricDefinition } from './metric-definitions';
import { DEFAULT_METRIC_DEFINITIONS } from './private/metric-definitions';
import {
  ATTR_JOB_ARN, ATTR_MODEL_DATA_URL, finalMetricAttributeName, finalMetricAttributesBytes, MAX_FINAL_METRIC_BYTES,
  modelArtifactsKeySuffix, PROP_FINAL_METRICS, PROP_JOB_NAME, PROP_QUALITY_GATE, PROP_REQUEST, PROP_WAIT, RESOURCE_TYPE,
} from './private/protocol';
import { ImportedTrainingJob } from './private/imported-training-job';
import { ITrainingJob, TrainingJobAttributes, TrainingJobBase } from './training-job-base';
import { checkTrainingJobProps, trimSlashes } from './private/training-job-checks';
import { grantTrainingJobAccess, S3Location } from './private/training-job-grants';
import { TrainingJobProvider } from './private/training-job-provider';
import {
  bindTrainingInputs, inputS3Locations, renderCheckpointConfig, renderTrainingJobRequest, trainingJobRole, trainingOutputPrefix, trainingSecurityGroups,
} from './private/training-job-request';
import { TrainingJobSpec } from './training-job-spec';
import { acknowledgeWildcards } from './private/wildcard-acknowledgments';

/**
 * The evaluation gate between training and deployment: bounds on one final metric. A job that
 * completes outside them (or without reporting the metric) fails the deployment, so whatever
 * consumes its model (a `SageMakerModel` via `ModelData.fromTrainingJob`) is not updated.
 */
export interface TrainingQualityGate {
  /** A metric of the job's `metricDefinitions`, e.g. `test:accuracy`. */
  readonly metricName: string;
  /** Lowest acceptable final value. @default - no lower bound */
  readonly minimum?: number;
  /** Highest acceptable final value (e.g. for a loss). @default - no upper bound */
  readonly maximum?: number;
}

/** Properties of a {@link SageMakerTrainingJob}: the job spec, plus how the stack runs it. */
export interface SageMakerTrainingJobProps extends TrainingJobSpec {
  /**
   * Start of the job name, followed by `-<12-hex configuration hash>`: lower-case letters, digits and
   * hyphens, at most 50 characters.
   * @default - derived from the construct path
   */
  readonly jobNamePrefix?: string;
  /**
   * Any string that is part of the configuration hash. Change it (e.g. to a data version) to train
   * again with an otherwise unchanged configuration, or after a failed job.
   * @default - none
   */
  readonly retrainTrigger?: string;
  /**
   * Keep the stack operation open until the job completes, fail it if the job fails, and expose
   * final metrics. CloudFormation limits a custom resource to one hour, so `maxRuntime` (or `spot.maxWait`)
   * must then be at most 45 minutes. With false the resource completes as soon as the job has started:
   * longer jobs are fine, `modelDataUrl` points where the model will be, `finalMetric` is unavailable.
   * @default true
   */
  readonly waitForCompletion?: boolean;
  /** SNS topic told when the job fails (an EventBridge rule on the job's state changes). @default - no notification */
  readonly failureTopic?: sns.ITopic;
  /**
   * Fail the deployment unless the job's final metric is within bounds (needs `waitForCompletion`).
   * Not part of the configuration hash: tightening the gate re-checks the existing job, it does not retrain.
   * @default - no gate: any completed job is deployed
   */
  readonly qualityGate?: TrainingQualityGate;
}

/**
 * A SageMaker training job as a CloudFormation resource. The job name is the construct path plus a hash
 * of the job's configuration: redeploying an unchanged configuration starts nothing, a changed one
 * starts a new job (and the old job resource is deleted). Deployment waits for the job and fails with
 * SageMaker's FailureReason if it fails.
 *
 * ```ts
 * const job = new SageMakerTrainingJob(this, 'Mnist', {
 *   image: ContainerImage.fromAsset('container'),
 *   instanceType: MlInstanceType.M5_XLARGE,
 *   inputChannels: { train: TrainingInput.fromMlBucket(data, 'mnist/train/') },
 *   outputBucket: models.bucket,
 *   hyperparameters: { epochs: Hyperparameter.fromInteger(5) },
 * });
 * job.finalMetric('validation:accuracy'); // a token, e.g. for an evaluation gate
 * ```
 */
export class SageMakerTrainingJob extends TrainingJobBase implements iam.IGrantable {
  /** Metric definitions matching the reference container's log lines (`train:loss` ... `test:macro_f1`). */
  public static readonly DEFAULT_METRIC_DEFINITIONS: MetricDefinition[] = DEFAULT_METRIC_DEFINITIONS;

  /** A training job created elsewhere, e.g. to deploy its model. */
  public static fromTrainingJobAttributes(scope: Construct, id: string, attrs: TrainingJobAttributes): ITrainingJob {
    return new ImportedTrainingJob(scope, id, attrs);
  }

  public readonly trainingJobName: string;
  public readonly trainingJobArn: string;
  public readonly modelDataUrl: string;
  public readonly modelDataBucket: s3.IBucket;
  public readonly modelDataKey: string;
  /** The role the job runs as. */
  public readonly role: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;
  /** The metric definitions the job reports. */
  public readonly metricDefinitions: MetricDefinition[];
  /** The job's security groups (empty without a VPC). */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The rule sending failures to `failureTopic`, when one was given. */
  public readonly failureRule?: events.Rule;
  private readonly resource: CustomResource;
  private readonly waitForCompletion: boolean;
  /** Metrics read with finalMetric(): the handler returns exactly these, and fails if one is missing. */
  private readonly requestedMetrics = new Set<string>();

  constructor(scope: Construct, id: string, props: SageMakerTrainingJobProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'SageMakerTrainingJob');
    checkTrainingJobProps(check, props);
    check.throwIfInvalid();

    const stack = Stack.of(this);
    this.waitForCompletion = props.waitForCompletion ?? true;
    this.metricDefinitions = props.metricDefinitions ?? DEFAULT_METRIC_DEFINITIONS;
    this.role = trainingJobRole(this, props, `SageMaker training job ${this.node.path}`);
    this.grantPrincipal = this.role;
    const imageUri = props.image.bind(this, this.role).imageUri;

    const subnets = props.vpc?.selectSubnets(props.vpcSubnets).subnets;
    this.securityGroups = trainingSecurityGroups(this, props, `SageMaker training job ${this.node.path}`);

    const outputPrefix = trainingOutputPrefix(props);
    const spot = props.spot;
    const inputs = bindTrainingInputs(this, props, this.securityGroups);
    const request = renderTrainingJobRequest(props, {
      imageUri, roleArn: this.role.roleArn, metricDefinitions: this.metricDefinitions, subnets, securityGroups: this.securityGroups, inputs,
    });

    // The name hashes everything SageMaker would train with. The default checkpoint prefix derives from
    // the name, so only the user's checkpoint choices enter the hash.
    // `<stack scope>--<prefix>-<hash>`: the stack scope keeps every job of the stack inside the handler's IAM scope.
    const pathInStack = this.node.path.slice(stack.node.path.length + 1);
    const prefix = `${stackJobNameScope(stack.stackName)}--${props.jobNamePrefix ?? jobNamePrefixFromPath(pathInStack)}`;
    const checkpointBucket = spot ? spot.checkpointBucket ?? props.outputBucket : undefined;
    this.trainingJobName = trainingJobName(prefix, stack.resolve({
      path: this.node.path,
      request,
      checkpoint: spot ? { bucket: checkpointBucket!.bucketName, prefix: spot.checkpointPrefix, local: spot.localCheckpointPath } : undefined,
      retrainTrigger: props.retrainTrigger,
    }));
    const checkpointPrefix = spot ? trimSlashes(spot.checkpointPrefix ?? `checkpoints/${this.trainingJobName}`) : '';
    const checkpoint: S3Location | undefined = spot ? {
      bucket: checkpointBucket!,
      prefix: checkpointPrefix ? `${checkpointPrefix}/` : '', // '' = the bucket root, not the key prefix '/'
    } : undefined;
    const fullRequest = {
      ...request,
      CheckpointConfig: checkpoint ? renderCheckpointConfig(spot!, `s3://${checkpoint.bucket.bucketName}/${checkpoint.prefix}`) : undefined,
    };

    this.modelDataBucket = props.outputBucket;
    this.modelDataKey = `${outputPrefix ? `${outputPrefix}/` : ''}${modelArtifactsKeySuffix(this.trainingJobName)}`;
    grantTrainingJobAccess(this, this.role, {
      jobName: this.trainingJobName,
      inputs: inputS3Locations(inputs),
      output: { bucket: props.outputBucket, prefix: `${outputPrefix ? `${outputPrefix}/` : ''}${this.trainingJobName}/` },
      checkpoint,
      outputKey: props.outputEncryptionKey,
      volumeKey: props.volumeEncryptionKey,
      subnets,
      securityGroups: this.securityGroups,
    });

    const provider = TrainingJobProvider.of(this);
    provider.registerJobRole(this.role);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        [PROP_JOB_NAME]: this.trainingJobName,
        [PROP_REQUEST]: stack.toJsonString(fullRequest),
        [PROP_WAIT]: String(this.waitForCompletion),
        [PROP_FINAL_METRICS]: Lazy.string({
          produce: () => (this.requestedMetrics.size > 0 ? JSON.stringify([...this.requestedMetrics].sort()) : undefined),
        }),
        [PROP_QUALITY_GATE]: props.qualityGate ? stack.toJsonString({
          MetricName: props.qualityGate.metricName, Minimum: props.qualityGate.minimum, Maximum: props.qualityGate.maximum,
        }) : undefined,
      },
    });
    // The job must not start before its permissions exist.
    this.resource.node.addDependency(this.role);

    if (props.failureTopic) {
      this.failureRule = this.onFailure('FailureRule', {
        target: new targets.SnsTopic(props.failureTopic, {
          message: events.RuleTargetInput.fromText(
            `SageMaker training job ${events.EventField.fromPath('$.detail.TrainingJobName')} failed: `
            + `${events.EventField.fromPath('$.detail.FailureReason')}`),
        }),
      });
      // The rule must exist before the job can fail.
      this.resource.node.addDependency(this.failureRule);
      acknowledgeRules(this.failureRule, [{ id: 'Serverless-EventBusDLQ', reason: 'The target is this account\'s alarm topic, which the '
        + 'rule may always publish to; EventBridge retries delivery for 24 hours, and the failure itself stays recorded by SageMaker '
        + '(FailureReason) and in the stack events, so a dead-letter queue would hold copies of notifications nobody reads.' }]);
    }

    this.trainingJobArn = this.resource.getAttString(ATTR_JOB_ARN);
    this.modelDataUrl = this.resource.getAttString(ATTR_MODEL_DATA_URL);
    acknowledgeWildcards(this);
  }

  /**
   * The final value of a metric from `metricDefinitions`, as a token resolved when the job completes
   * (a Fn::GetAtt on the `FinalMetric.<name with punctuation as dots>` attribute).
   */
  public finalMetric(metricName: string): string {
    const problems = [];
    if (!this.metricDefinitions.some((m) => m.name === metricName)) {
      problems.push({ prop: 'finalMetric(metricName)', value: JSON.stringify(metricName),
        allowed: `one of the job's metric definitions: ${this.metricDefinitions.map((m) => m.name).join(', ')}` });
    }
    if (!this.waitForCompletion) {
      problems.push({ prop: 'waitForCompletion', value: 'false', allowed: 'must be true to read final metrics: the resource completes before the job does' });
    }
    const requested = [...new Set([...this.requestedMetrics, metricName])];
    const bytes = finalMetricAttributesBytes(requested);
    if (problems.length === 0 && bytes > MAX_FINAL_METRIC_BYTES) {
      problems.push({ prop: 'finalMetric(metricName)', value: JSON.stringify(metricName),
        allowed: `at most ${MAX_FINAL_METRIC_BYTES} bytes of final-metric attributes in the custom-resource response `
          + `(CloudFormation's limit is 4096 bytes); reading ${requested.length} metrics needs up to ${bytes}: read fewer, or shorten their names` });
    }
    if (problems.length > 0) throw newValidationError(this.node.path, 'SageMakerTrainingJob', problems);
    this.requestedMetrics.add(metricName);
    return this.resource.getAttString(finalMetricAttributeName(metricName));
  }
}
