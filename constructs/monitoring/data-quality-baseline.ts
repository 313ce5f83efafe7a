import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MlInstanceType, PropsCheck } from '../core';
import { checkInstanceType } from '../core/private/instance-type-checks';
import { acknowledgeWildcards } from '../core/private/iam-wildcards';
import { modelMonitorAnalyzerImageUri } from './private/model-monitor-image';
import { createMonitorJobRole, grantMonitorJobLogs, JOB_NAME_PREFIX_ALLOWED, JOB_NAME_PREFIX_PATTERN, jobNamePrefixFor, MAX_MONITOR_JOB_PREFIX, trimSlashes } from './private/monitor-job-role';
import {
  MONITOR_JOB_KMS_ACTIONS, PASS_ROLE_ACTIONS, PROCESSING_JOB_SYNC_ACTIONS, PROCESSING_JOB_SYNC_RULE, SYNC_EVENT_RULE_ACTIONS,
} from './private/perms';

/** Properties of a {@link DataQualityBaseline}. */
export interface DataQualityBaselineProps {
  /** Bucket holding the dataset the baseline describes (the training data). */
  readonly datasetBucket: s3.IBucket;
  /**
   * Key prefix of the dataset: CSV files whose columns are laid out like the captured records the
   * monitor reads (for the reference container: the label first, then the 784 pixels).
   */
  readonly datasetPrefix: string;
  /** Whether the CSV files start with a header row. @default false */
  readonly datasetHasHeader?: boolean;
  /** Bucket the baseline (`statistics.json`, `constraints.json`) is written to. */
  readonly outputBucket: s3.IBucket;
  /**
   * Key prefix of the baseline. Every run overwrites the same two objects, so the monitoring
   * schedule always compares against the baseline of the newest training data.
   */
  readonly outputPrefix: string;
  /** KMS key for the baseline objects and the job's storage volume. @default - the bucket's default encryption, an AWS-managed volume key */
  readonly encryptionKey?: kms.IKey;
  /** Instance type of the baselining job. @default MlInstanceType.M5_XLARGE */
  readonly instanceType?: MlInstanceType;
  /** Storage volume of the job (1–16384 GiB). @default Size.gibibytes(20) */
  readonly volumeSize?: Size;
  /** Longest the job may run (SageMaker stops it then). @default Duration.hours(1) */
  readonly maxRuntime?: Duration;
  /**
   * Start of every processing-job name (lower-case letters, digits, hyphens, ≤ 30 characters);
   * the execution's hash is appended, so each execution gets its own job.
   * @default - derived from the construct path
   */
  readonly jobNamePrefix?: string;
  /**
   * Where the state writes its result (job name, status, baseline URIs) in the state data.
   * @default '$' (the output is the result: what a Parallel branch such as the pipeline's `Baseline` state collects)
   */
  readonly resultPath?: string;
}

/**
 * The baselining step of a training pipeline: a Step Functions fragment that runs the Model Monitor
 * analyzer in baselining mode as a processing job (`createProcessingJob.sync`, network-isolated),
 * writing `statistics.json` and `constraints.json` for a {@link DataQualityMonitor}. An aborted or
 * timed-out execution stops the job (Step Functions calls StopProcessingJob for `.sync` tasks).
 */
export class DataQualityBaseline extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The processing-job state; add a Catch to route failures. */
  public readonly task: sfn.CustomState;
  /** The role the processing job runs with. */
  public readonly role: iam.IRole;
  /** `s3://…/statistics.json`: what the monitor compares against. */
  public readonly statisticsS3Uri: string;
  /** `s3://…/constraints.json`: the rules a monitoring run checks. */
  public readonly constraintsS3Uri: string;
  /** Start of every job name. */
  public readonly jobNamePrefix: string;
  private readonly outputBucket: s3.IBucket;
  private readonly outputPrefix: string;
  private readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: DataQualityBaselineProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'DataQualityBaseline');
    check.matches('jobNamePrefix', props.jobNamePrefix, JOB_NAME_PREFIX_PATTERN, JOB_NAME_PREFIX_ALLOWED);
    check.require(props.jobNamePrefix === undefined || props.jobNamePrefix.length <= MAX_MONITOR_JOB_PREFIX, 'jobNamePrefix', props.jobNamePrefix,
      `must be at most ${MAX_MONITOR_JOB_PREFIX} characters (a 32-character execution hash follows)`);
    checkInstanceType(check, 'instanceType', props.instanceType);
    check.integerInRange('volumeSize (GiB)', props.volumeSize?.toGibibytes(), 1, 16384);
    check.integerInRange('maxRuntime (seconds)', props.maxRuntime?.toSeconds(), 60, 432000);
    check.require(!trimSlashes(props.outputPrefix ?? '').includes('*'), 'outputPrefix', props.outputPrefix, 'must not contain *');
    check.throwIfInvalid();

    const stack = Stack.of(this);
    this.jobNamePrefix = props.jobNamePrefix ?? jobNamePrefixFor(this);
    const datasetPrefix = trimSlashes(props.datasetPrefix);
    const outputPrefix = trimSlashes(props.outputPrefix);
    this.outputBucket = props.outputBucket;
    this.outputPrefix = outputPrefix;
    this.encryptionKey = props.encryptionKey;
    const outputUri = `s3://${props.outputBucket.bucketName}/${outputPrefix}`;
    this.statisticsS3Uri = `${outputUri}/statistics.json`;
    this.constraintsS3Uri = `${outputUri}/constraints.json`;

    this.role = createMonitorJobRole(this, `Model Monitor baselining ${this.node.path}`);
    props.datasetBucket.grantRead(this.role, datasetPrefix ? `${datasetPrefix}/*` : '*');
    props.outputBucket.grantPut(this.role, `${outputPrefix}/*`);
    props.encryptionKey?.grant(this.role, ...MONITOR_JOB_KMS_ACTIONS);
    grantMonitorJobLogs(this, this.role);

    const maxRuntime = props.maxRuntime ?? Duration.hours(1);
    this.task = new sfn.CustomState(this, 'ComputeBaseline', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${stack.partition}:states:::sagemaker:createProcessingJob.sync`,
        // The state waits a little longer than SageMaker lets the job run, then fails (and stops it).
        TimeoutSeconds: maxRuntime.toSeconds() + 600,
        Parameters: {
          'ProcessingJobName.$': `States.Format('${this.jobNamePrefix}-{}', States.Hash($$.Execution.Id, 'MD5'))`,
          AppSpecification: { ImageUri: modelMonitorAnalyzerImageUri(this) },
          Environment: {
            dataset_format: JSON.stringify({ csv: { header: props.datasetHasHeader ?? false, output_columns_position: 'START' } }),
            dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
            output_path: '/opt/ml/processing/output',
            publish_cloudwatch_metrics: 'Disabled',
          },
          ProcessingInputs: [{
            InputName: 'baseline_dataset_input',
            S3Input: {
              S3Uri: `s3://${props.datasetBucket.bucketName}/${datasetPrefix}`,
              LocalPath: '/opt/ml/processing/input/baseline_dataset_input',
              S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated',
            },
          }],
          ProcessingOutputConfig: {
            Outputs: [{
              OutputName: 'monitoring_output',
              S3Output: { S3Uri: outputUri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' },
            }],
            KmsKeyId: props.encryptionKey?.keyArn,
          },
          ProcessingResources: {
            ClusterConfig: {
              InstanceCount: 1,
              InstanceType: (props.instanceType ?? MlInstanceType.M5_XLARGE).name,
              VolumeSizeInGB: (props.volumeSize ?? Size.gibibytes(20)).toGibibytes(),
              VolumeKmsKeyId: props.encryptionKey?.keyArn,
            },
          },
          NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true },
          RoleArn: this.role.roleArn,
          StoppingCondition: { MaxRuntimeInSeconds: maxRuntime.toSeconds() },
        },
        ResultSelector: {
          'ProcessingJobName.$': '$.ProcessingJobName',
          'ProcessingJobStatus.$': '$.ProcessingJobStatus',
          statisticsS3Uri: this.statisticsS3Uri,
          constraintsS3Uri: this.constraintsS3Uri,
        },
        // Omitted means '$' (the output is the result).
        ...(props.resultPath !== undefined ? { ResultPath: props.resultPath } : {}),
      },
    });
    this.task.addRetry({
      errors: ['SageMaker.AmazonSageMakerException', 'ThrottlingException', 'SageMaker.ResourceLimitExceededException'],
      interval: Duration.seconds(10), maxAttempts: 4, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL,
    });
    this.startState = this.task;
    this.endStates = [this.task];
  }

  /** Routes the step's failures (after its retries) to `handler`. */
  public addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): DataQualityBaseline {
    this.task.addCatch(handler, props);
    return this;
  }

  /** Lets `grantee` (a monitoring job's role) read the baseline. */
  public grantReadBaseline(grantee: iam.IGrantable): void {
    this.outputBucket.grantRead(grantee, `${this.outputPrefix}/*`);
    this.encryptionKey?.grantDecrypt(grantee);
  }

  /**
   * Lets the state machine's role run the step: start, poll, stop and tag processing jobs named with
   * this step's prefix, pass the job role to SageMaker only, and manage Step Functions' `.sync` rule.
   */
  public grantRun(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee,
      actions: PROCESSING_JOB_SYNC_ACTIONS,
      resourceArns: [stack.formatArn({ service: 'sagemaker', resource: 'processing-job', resourceName: `${this.jobNamePrefix}-*` })],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: SYNC_EVENT_RULE_ACTIONS,
      resourceArns: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: PROCESSING_JOB_SYNC_RULE })],
    });
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: PASS_ROLE_ACTIONS,
      resources: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));    // The prefix wildcard is this step's own job names (one per execution), acknowledged on the grantee's policy.
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcards(grantee.grantPrincipal, [{ pattern: /:processing-job\/[a-z0-9-]+-\*$/, reason: 'Limited to the '
        + 'baselining jobs of this pipeline step, named <jobNamePrefix>-<MD5 of the execution id>: one per execution, known only at run time.' }]);
    }
  }
}
