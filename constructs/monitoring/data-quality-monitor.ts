import { Duration, Lazy, Names, Size, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MlInstanceType, PropsCheck } from '../core';
import { acknowledgeRules } from '../core/private/rule-acknowledgments';
import { checkInstanceType } from '../core/private/instance-type-checks';
import { CONFIGURATION_HASH_LENGTH, configurationHash } from '../core/private/configuration-hash';
import { grantDataCaptureRead } from '../serving/private/data-capture';
import { ISageMakerEndpoint } from '../serving/sagemaker-endpoint-base';
import { SageMakerEndpoint } from '../serving/sagemaker-endpoint';
import { DataQualityBaseline } from './data-quality-baseline';
import { modelMonitorAnalyzerImageUri } from './private/model-monitor-image';
import { createMonitorJobRole, grantMonitorJobLogs, trimSlashes } from './private/monitor-job-role';
import { DATA_QUALITY_METRIC_NAMESPACE, MONITOR_JOB_KMS_ACTIONS, MONITOR_METRIC_ACTIONS } from './private/perms';

/** How often a monitoring schedule analyses the traffic captured since its last run. */
export enum MonitoringFrequency {
  /** At the start of every hour (the shortest period Model Monitor allows). */
  HOURLY = 'cron(0 * ? * * *)',
  /** Once a day, at 00:00 UTC. */
  DAILY = 'cron(0 0 ? * * *)',
}

/** Properties of a {@link DataQualityMonitor}. */
export interface DataQualityMonitorProps {
  /** The endpoint whose captured requests are analysed. It must capture data (`dataCapture`). */
  readonly endpoint: ISageMakerEndpoint;
  /** Statistics and constraints to compare against, e.g. what the pipeline's baselining step writes. */
  readonly baseline: DataQualityBaseline;
  /** Bucket the hourly reports (`constraint_violations.json`, `statistics.json`) are written to. */
  readonly reportBucket: s3.IBucket;
  /** Key prefix of the reports. */
  readonly reportPrefix: string;
  /** KMS key for the reports and the job's storage volume. @default - the bucket's default encryption, an AWS-managed volume key */
  readonly encryptionKey?: kms.IKey;
  /** How often the schedule runs. @default MonitoringFrequency.HOURLY */
  readonly frequency?: MonitoringFrequency;
  /** Instance type of each monitoring job. @default MlInstanceType.M5_XLARGE */
  readonly instanceType?: MlInstanceType;
  /** Storage volume of each job (1–16384 GiB). @default Size.gibibytes(20) */
  readonly volumeSize?: Size;
  /** Longest one monitoring job may run (at most 1 hour for an hourly schedule). @default Duration.minutes(50) */
  readonly maxRuntime?: Duration;
  /** Topic told about every run that found violations and every run that failed. @default - no notification */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Physical name of the schedule (unique per account and region, ≤ 63 lower-case letters, digits and
   * hyphens: SageMaker lower-cases it in the ARN the violation rule matches).
   * @default - derived from the construct path
   */
  readonly scheduleName?: string;
}

const NAME = /^[a-z0-9](-*[a-z0-9]){0,62}$/;

/**
 * Data-quality monitoring of an endpoint with Model Monitor: a job definition (the analyzer image,
 * network-isolated, encrypted output) and a `MonitoringSchedule` that compares the traffic the
 * endpoint captured with the baseline of its training data. A run that finds violations ends as
 * `CompletedWithViolations`; the `violationRule` tells the alarm topic, and a training pipeline
 * retrains on it (`violationEventPattern`).
 */
export class DataQualityMonitor extends Construct {
  /** The role the monitoring jobs run with. */
  public readonly role: iam.IRole;
  /** The job definition. */
  public readonly jobDefinition: sagemaker.CfnDataQualityJobDefinition;
  /** The schedule. */
  public readonly schedule: sagemaker.CfnMonitoringSchedule;
  /** The schedule's name. */
  public readonly scheduleName: string;
  /** Events of a monitoring run of this schedule that found violations (what starts a drift retrain). */
  public readonly violationEventPattern: events.EventPattern;
  /** Sends violations and failed runs to the alarm topic (when one is given). */
  public readonly violationRule: events.Rule;
  /** `s3://…` the reports are written to. */
  public readonly reportS3Uri: string;

  constructor(scope: Construct, id: string, props: DataQualityMonitorProps) {
    super(scope, id);
    const capture = props.endpoint instanceof SageMakerEndpoint ? props.endpoint.dataCapture : undefined;
    const frequency = props.frequency ?? MonitoringFrequency.HOURLY;
    const maxRuntime = props.maxRuntime ?? Duration.minutes(50);
    const check = new PropsCheck(this, 'DataQualityMonitor');
    check.require(capture !== undefined, 'endpoint', props.endpoint.node.path,
      'must be a SageMakerEndpoint with dataCapture (Model Monitor analyses the captured requests)');
    checkInstanceType(check, 'instanceType', props.instanceType);
    check.integerInRange('volumeSize (GiB)', props.volumeSize?.toGibibytes(), 1, 16384);
    check.integerInRange('maxRuntime (seconds)', maxRuntime.toSeconds(), 60, frequency === MonitoringFrequency.HOURLY ? 3600 : 86400);
    check.matches('scheduleName', props.scheduleName, NAME, 'must be 1-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit');
    check.require(!props.reportPrefix.includes('*') && trimSlashes(props.reportPrefix) !== '', 'reportPrefix', props.reportPrefix, 'must be a non-empty key prefix without *');
    check.throwIfInvalid();

    const stack = Stack.of(this);
    const reportPrefix = trimSlashes(props.reportPrefix);
    this.reportS3Uri = `s3://${props.reportBucket.bucketName}/${reportPrefix}`;
    const role = createMonitorJobRole(this, `Model Monitor data quality ${this.node.path}`);
    this.role = role;
    grantDataCaptureRead(capture!, role);
    props.baseline.grantReadBaseline(role);
    props.reportBucket.grantPut(role, `${reportPrefix}/*`);
    props.encryptionKey?.grant(role, ...MONITOR_JOB_KMS_ACTIONS);
    grantMonitorJobLogs(this, role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: MONITOR_METRIC_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': DATA_QUALITY_METRIC_NAMESPACE } },
    }));

    const jobDefinitionProps: sagemaker.CfnDataQualityJobDefinitionProps = {
      endpointName: props.endpoint.endpointName,
      dataQualityAppSpecification: {
        imageUri: modelMonitorAnalyzerImageUri(this),
        environment: { publish_cloudwatch_metrics: 'Enabled' },
      },
      dataQualityBaselineConfig: {
        statisticsResource: { s3Uri: props.baseline.statisticsS3Uri },
        constraintsResource: { s3Uri: props.baseline.constraintsS3Uri },
      },
      dataQualityJobInput: {
        endpointInput: {
          endpointName: props.endpoint.endpointName,
          localPath: '/opt/ml/processing/input/endpoint',
          s3InputMode: 'File',
          s3DataDistributionType: 'FullyReplicated',
        },
      },
      dataQualityJobOutputConfig: {
        kmsKeyId: props.encryptionKey?.keyArn,
        monitoringOutputs: [{ s3Output: { s3Uri: this.reportS3Uri, localPath: '/opt/ml/processing/output', s3UploadMode: 'EndOfJob' } }],
      },
      jobResources: {
        clusterConfig: {
          instanceCount: 1,
          instanceType: (props.instanceType ?? MlInstanceType.M5_XLARGE).name,
          volumeSizeInGb: (props.volumeSize ?? Size.gibibytes(20)).toGibibytes(),
          volumeKmsKeyId: props.encryptionKey?.keyArn,
        },
      },
      networkConfig: { enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true },
      roleArn: role.roleArn,
      stoppingCondition: { maxRuntimeInSeconds: maxRuntime.toSeconds() },
    };
    // Every change replaces a job definition, and CloudFormation cannot replace a fixed name: the name
    // ends in a hash of the resolved definition, so a changed definition gets a new name.
    const namePrefix = Names.uniqueResourceName(this, { maxLength: 63 - 1 - CONFIGURATION_HASH_LENGTH, separator: '-' });
    this.jobDefinition = new sagemaker.CfnDataQualityJobDefinition(this, 'JobDefinition', {
      ...jobDefinitionProps,
      jobDefinitionName: Lazy.string({ produce: () => `${namePrefix}-${configurationHash(stack.resolve(jobDefinitionProps))}` }),
    });
    // The job definition is used by the schedule as soon as it exists: its role must be complete first.
    this.jobDefinition.node.addDependency(role);

    // Lower case: SageMaker writes the name lower-cased into the ARN that the violation rule matches.
    this.scheduleName = props.scheduleName ?? Names.uniqueResourceName(this, { maxLength: 63, separator: '-' }).toLowerCase();
    this.schedule = new sagemaker.CfnMonitoringSchedule(this, 'Resource', {
      monitoringScheduleName: this.scheduleName,
      endpointName: props.endpoint.endpointName,
      monitoringScheduleConfig: {
        monitoringJobDefinitionName: this.jobDefinition.jobDefinitionName!,
        monitoringType: 'DataQuality',
        scheduleConfig: { scheduleExpression: frequency },
      },
    });
    // A schedule needs its job definition (referred to by name) and an InService endpoint that captures data.
    this.schedule.node.addDependency(this.jobDefinition);
    this.schedule.node.addDependency(props.endpoint);

    // A monitoring run is a processing job; its state-change event carries the schedule's ARN and,
    // for a run with violations, an exit message starting with CompletedWithViolations.
    const scheduleArn = stack.formatArn({ service: 'sagemaker', resource: 'monitoring-schedule', resourceName: this.scheduleName });
    this.violationEventPattern = {
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Processing Job State Change'],
      detail: {
        MonitoringScheduleArn: [scheduleArn],
        ProcessingJobStatus: ['Completed'],
        ExitMessage: [{ prefix: 'CompletedWithViolations' }],
      },
    };
    this.violationRule = new events.Rule(this, 'ViolationRule', {
      description: `Model Monitor: data-quality violations or a failed run of ${this.scheduleName}`,
      eventPattern: {
        source: ['aws.sagemaker'],
        detailType: ['SageMaker Processing Job State Change'],
        detail: {
          MonitoringScheduleArn: [scheduleArn],
          $or: [
            { ExitMessage: [{ prefix: 'CompletedWithViolations' }] },
            { ProcessingJobStatus: ['Failed'] },
          ],
        },
      },
    });
    if (props.alarmTopic) {
      this.violationRule.addTarget(new targets.SnsTopic(props.alarmTopic, {
        message: events.RuleTargetInput.fromText(
          `Model Monitor ${this.scheduleName}: ${events.EventField.fromPath('$.detail.ProcessingJobStatus')} - `
          + `${events.EventField.fromPath('$.detail.ExitMessage')} (job ${events.EventField.fromPath('$.detail.ProcessingJobName')}, `
          + `reports under ${this.reportS3Uri})`),
      }));
      acknowledgeRules(this.violationRule, [{ id: 'Serverless-EventBusDLQ', reason: 'The target is the alarm topic, which the rule may '
        + 'always publish to; EventBridge retries delivery for 24 hours, and the violations stay in the monitoring reports and the '
        + 'schedule\'s execution history, so a dead-letter queue would hold copies of notifications nobody reads.' }]);
    }
  }
}
