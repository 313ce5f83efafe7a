import { createHash } from 'node:crypto';
import { ArnFormat, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PropsCheck } from '../core';
import { acknowledgeRules } from '../core/private/rule-acknowledgments';
import { acknowledgeWildcards, S3_BUCKET_ARN_PATTERN } from '../core/private/iam-wildcards';
import { DEFAULT_METRIC_DEFINITIONS } from '../training/private/metric-definitions';
import { checkTrainingJobProps, trimSlashes } from '../training/private/training-job-checks';
import { grantTrainingJobAccess } from '../training/private/training-job-grants';
import {
  bindTrainingInputs, inputS3Locations, longestJobDuration, renderTrainingJobRequest, trainingJobRole, trainingOutputPrefix, trainingSecurityGroups,
} from '../training/private/training-job-request';
import { DataQualityBaseline } from '../monitoring/data-quality-baseline';
import { EvaluateFunction } from './private/evaluate-function';
import { ApprovalMode, TrainingPipelineProps } from './pipeline-options';
import { MANIFEST_FOLDER, PipelineTrigger } from './pipeline-states';
import { endpointConfigRequest } from '../serving/private/production-variant';
import { buildPipelineSteps, DeploymentContext, PIPELINE_RUN_TAGS, trainingTaskStatements } from './private/pipeline-steps';
import { ENDPOINT_KMS_ACTIONS, SYNC_RULE_NAME } from './private/perms';
import { eventsPrincipal } from './private/events-principal';
import { StopTrainingOnAbort } from './stop-training-on-abort';

/** Longest job-name prefix: `<prefix>-<36-character execution name>` must fit SageMaker's 63. */
const MAX_PIPELINE_PREFIX_LENGTH = 26;
const PREFIX_PATTERN = /^[a-z0-9](-*[a-z0-9])*$/;

/** Options of {@link TrainingPipeline.addNewDataTrigger}. */
export interface NewDataTriggerOptions {
  /** The data bucket; it must send events to EventBridge (`MlBucket` with `eventBridgeEnabled: true`). */
  readonly bucket: s3.IBucket;
  /**
   * The model's data prefix (e.g. `digits/`). Only objects under `<prefix>_manifests/` start a run: the
   * upload script writes one there last, so uploading 10,000 files starts one execution.
   */
  readonly prefix: string;
}

/**
 * The continuous-training loop of one model as a Step Functions state machine:
 * guard (one run at a time) → train (`createTrainingJob.sync`, no 45-minute cap) → champion from the
 * registry → evaluate (metric bounds and champion/challenger) → register (model package with metrics
 * and data version) → [baseline] → approve (auto or manual) → deploy (new Model + EndpointConfig,
 * blue/green UpdateEndpoint, wait, judge rollback) → notify → cool down. Triggers: `addScheduleTrigger`,
 * `addNewDataTrigger`, `addAlarmTrigger`, `addEventTrigger`, or a manual start (docs/pipeline.md).
 *
 * ```ts
 * const pipeline = new TrainingPipeline(this, 'Pipeline', {
 *   trainingJob: { image, instanceType: MlInstanceType.M5_XLARGE, inputChannels, outputBucket: models.bucket },
 *   modelPackageGroup: registry,
 *   gate: { metricName: 'test:accuracy', minimum: 0.9, championMargin: 0.01 },
 *   approval: ApprovalMode.AUTO,
 *   deployment: { endpoint, model },
 *   notificationTopic: topic,
 * });
 * pipeline.addScheduleTrigger('Weekly', events.Schedule.rate(Duration.days(7)));
 * ```
 */
export class TrainingPipeline extends Construct {
  /** The state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The role training jobs run as. */
  public readonly trainingRole: iam.IRole;
  /** Start of every per-execution name. */
  public readonly jobNamePrefix: string;
  /** Stops the training job of an aborted, timed-out or failed execution. */
  public readonly stopOnAbort: StopTrainingOnAbort;
  /** The trigger rules added so far. */
  public readonly triggers: events.Rule[] = [];
  private readonly stateMachineArnForPolicy: string;

  constructor(scope: Construct, id: string, props: TrainingPipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.jobNamePrefix = props.jobNamePrefix ?? defaultPrefix(this.node.path);
    validate(this, props);

    const spec = props.trainingJob;
    this.trainingRole = trainingJobRole(this, spec, `SageMaker training jobs of pipeline ${this.node.path}`);
    const imageUri = spec.image.bind(this, this.trainingRole).imageUri;
    const subnets = spec.vpc?.selectSubnets(spec.vpcSubnets).subnets;
    const securityGroups = trainingSecurityGroups(this, spec, `SageMaker training jobs of pipeline ${this.node.path}`);
    const metricDefinitions = spec.metricDefinitions ?? DEFAULT_METRIC_DEFINITIONS;
    const inputs = bindTrainingInputs(this, spec, securityGroups);
    const { Tags: _tags, ...request } = renderTrainingJobRequest(spec, { imageUri, roleArn: this.trainingRole.roleArn, metricDefinitions, subnets, securityGroups, inputs });
    const outputPrefix = trainingOutputPrefix(spec);
    const outputFolder = `${outputPrefix ? `${outputPrefix}/` : ''}${this.jobNamePrefix}-`;
    const checkpointBucket = spec.spot ? spec.spot.checkpointBucket ?? spec.outputBucket : undefined;
    const checkpointPrefix = spec.spot ? trimSlashes(spec.spot.checkpointPrefix ?? 'checkpoints') : '';
    grantTrainingJobAccess(this, this.trainingRole, {
      jobName: `${this.jobNamePrefix}-*`,
      inputs: inputS3Locations(inputs),
      output: { bucket: spec.outputBucket, prefix: outputFolder },
      checkpoint: checkpointBucket ? { bucket: checkpointBucket, prefix: `${checkpointPrefix ? `${checkpointPrefix}/` : ''}${this.jobNamePrefix}-` } : undefined,
      outputKey: spec.outputEncryptionKey,
      volumeKey: spec.volumeEncryptionKey,
      subnets,
      securityGroups,
    });

    const sagemakerArn = (resource: string, name: string) => stack.formatArn({
      service: 'sagemaker', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    // The guard lists this machine's own executions: a fixed name avoids a circular reference.
    this.stateMachineArnForPolicy = stack.formatArn({
      service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const evaluate = EvaluateFunction.of(this);
    const deployment = props.deployment ? this.renderDeployment(props, outputFolder) : undefined;
    const approval = props.approval ?? ApprovalMode.MANUAL;
    const approvalTimeout = props.approvalTimeout ?? Duration.days(7);
    const approvalPollInterval = props.approvalPollInterval ?? Duration.minutes(10);
    const minInterval = props.minInterval ?? Duration.hours(1);
    const trainingTimeout = longestJobDuration(spec).plus(Duration.hours(1));

    // States live in their own scope: their ids are the state names, which may repeat construct ids here.
    const definition = buildPipelineSteps(new Construct(this, 'States'), {
      jobNamePrefix: this.jobNamePrefix,
      displayName: props.displayName ?? props.modelPackageGroup.modelPackageGroupName,
      trainingRequest: compact(request) as Record<string, unknown>,
      checkpointBase: checkpointBucket ? `s3://${checkpointBucket.bucketName}/${checkpointPrefix ? `${checkpointPrefix}/` : ''}` : undefined,
      checkpointLocalPath: spec.spot?.localCheckpointPath ?? '/opt/ml/checkpoints',
      trainingTags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      trainingTimeout,
      outputS3Path: `s3://${spec.outputBucket.bucketName}${outputPrefix ? `/${outputPrefix}` : ''}`,
      group: props.modelPackageGroup,
      gate: props.gate,
      evaluateFunction: evaluate.lambdaFunction,
      topic: props.notificationTopic,
      approval,
      approvalPolls: Math.max(1, Math.ceil(approvalTimeout.toSeconds() / approvalPollInterval.toSeconds())),
      approvalPollInterval,
      servingImageUri: (props.servingImage ?? spec.image).bind(this, this.trainingRole).imageUri,
      contentTypes: props.contentTypes ?? ['application/json'],
      inferenceInstanceTypes: [...new Set((props.deployment?.endpoint.variants ?? []).flatMap((v) => (v.instanceType ? [v.instanceType.name] : [])))],
      minInterval,
      stateMachineArn: this.stateMachineArnForPolicy,
      baselineStep: props.baselineStep,
      deployment,
    });

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: trainingTimeout
        .plus(approval === ApprovalMode.MANUAL ? approvalTimeout.plus(approvalPollInterval) : Duration.seconds(0))
        .plus(props.deployment?.timeout ?? Duration.hours(2))
        .plus(minInterval)
        .plus(Duration.hours(1)),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: `Continuous training of ${props.displayName ?? props.modelPackageGroup.modelPackageGroupName}: train, evaluate, register, approve, deploy, notify`,
    });
    const jobArnPattern = sagemakerArn('training-job', `${this.jobNamePrefix}-*`);
    const passRoles = [this.trainingRole, ...(props.deployment?.model.role ? [props.deployment.model.role] : [])];
    for (const statement of trainingTaskStatements(jobArnPattern,
      stack.formatArn({ service: 'events', resource: 'rule', resourceName: SYNC_RULE_NAME }), passRoles)) {
      this.stateMachine.addToRolePolicy(statement);
    }
    if (deployment?.kmsKeyId) {
      this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ENDPOINT_KMS_ACTIONS, resources: [deployment.kmsKeyId] }));
    }
    // Training jobs must not start before their role has its permissions.
    this.stateMachine.node.addDependency(this.trainingRole);

    // A baselining processing job runs once per execution: the stop machine stops it too.
    const baselinePrefix = props.baselineStep instanceof DataQualityBaseline ? props.baselineStep.jobNamePrefix : undefined;
    this.stopOnAbort = new StopTrainingOnAbort(this, 'StopOnAbort', {
      pipeline: this.stateMachine, jobNamePrefix: this.jobNamePrefix, trainingJobArnPattern: jobArnPattern, logGroup,
      processingJobNamePrefix: baselinePrefix,
      processingJobArnPattern: baselinePrefix ? sagemakerArn('processing-job', `${baselinePrefix}-*`) : undefined,
    });
    this.acknowledgeFindings();
  }

  /** Starts a run on a schedule, e.g. `events.Schedule.rate(Duration.days(7))`; input `{ "trigger": "schedule" }`. */
  public addScheduleTrigger(id: string, schedule: events.Schedule): events.Rule {
    return this.addRule(id, { schedule, description: `Scheduled retraining (${this.node.path})` }, { trigger: PipelineTrigger.SCHEDULE });
  }

  /**
   * Starts a run when a manifest object appears under `<prefix>_manifests/` in the data bucket (the
   * upload script writes it after every data file); input `{ "trigger": "new-data", "manifestKey": <key> }`,
   * from which the pipeline takes the data version (the key's last segment).
   */
  public addNewDataTrigger(id: string, options: NewDataTriggerOptions): events.Rule {
    const prefix = options.prefix.replace(/^\/+/, '');
    const check = new PropsCheck(this, 'TrainingPipeline.addNewDataTrigger');
    check.require(Token.isUnresolved(prefix) || prefix === '' || prefix.endsWith('/'), 'prefix', prefix, 'must end with "/" (a folder such as "digits/")');
    check.throwIfInvalid();
    return this.addRule(id, {
      description: `Retraining on new data under ${prefix}${MANIFEST_FOLDER}/ (${this.node.path})`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [options.bucket.bucketName] }, object: { key: [{ prefix: `${prefix}${MANIFEST_FOLDER}/` }] } },
      },
    }, { trigger: PipelineTrigger.NEW_DATA, manifestKey: events.EventField.fromPath('$.detail.object.key') });
  }

  /** Starts a run when `alarm` goes into ALARM (e.g. a drift alarm); input `{ "trigger": "alarm", "alarmName": ... }`. */
  public addAlarmTrigger(id: string, alarm: cloudwatch.IAlarm): events.Rule {
    return this.addRule(id, {
      description: `Retraining when an alarm fires (${this.node.path})`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: [alarm.alarmArn],
        detail: { state: { value: ['ALARM'] } },
      },
    }, { trigger: PipelineTrigger.ALARM, alarmName: events.EventField.fromPath('$.detail.alarmName') });
  }

  /** Starts a run on any EventBridge event matching `eventPattern`; input `{ "trigger": <trigger> }`. */
  public addEventTrigger(id: string, eventPattern: events.EventPattern, trigger?: string): events.Rule {
    return this.addRule(id, { eventPattern, description: `Retraining on an event (${this.node.path})` }, { trigger: trigger ?? PipelineTrigger.EVENT });
  }

  private addRule(id: string, props: events.RuleProps, input: { [key: string]: unknown }): events.Rule {
    const rule = new events.Rule(this, id, props);
    rule.addTarget(new targets.SfnStateMachine(this.stateMachine, {
      role: this.triggerRole(),
      input: events.RuleTargetInput.fromObject(input),
      retryAttempts: 10,
      maxEventAge: Duration.hours(2),
    }));
    acknowledgeRules(rule, [{ id: 'Serverless-EventBusDLQ', reason: 'The target is this pipeline, which the rule may always start; '
      + 'EventBridge retries for 2 hours (10 attempts), and a trigger that is still lost is made up by the next schedule, upload or alarm: '
      + 'the pipeline always trains on the newest data, so replaying an old trigger from a dead-letter queue would add nothing.' }]);
    this.triggers.push(rule);
    return rule;
  }

  /** One role for every trigger rule: EventBridge may assume it only for this account's rules (confused deputy). */
  private triggerRole(): iam.IRole {
    const existing = this.node.tryFindChild('TriggerRole') as iam.IRole | undefined;
    if (existing) return existing;
    return new iam.Role(this, 'TriggerRole', {
      assumedBy: eventsPrincipal(this),
      description: `EventBridge starting the training pipeline ${this.node.path}`,
    });
  }

  private renderDeployment(props: TrainingPipelineProps, outputFolder: string): DeploymentContext {
    const d = props.deployment!;
    const stack = Stack.of(this);
    const targetVariantName = d.variantName ?? d.endpoint.variantNames[0];
    // The endpoint configuration's own variants and data capture in API form, tokens kept (one renderer for both).
    const request = endpointConfigRequest(d.endpoint.endpointConfig);
    const role = d.model.role!; // checked in validate()
    // New models read the archives this pipeline's jobs write.
    const spec = props.trainingJob;
    iam.Grant.addToPrincipal({ grantee: role, actions: ['s3:GetObject'], resourceArns: [spec.outputBucket.arnForObjects(`${outputFolder}*`)] });
    spec.outputBucket.encryptionKey?.grantDecrypt(role);
    spec.outputEncryptionKey?.grantDecrypt(role);
    acknowledgeWildcards(d.model, [{ pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/.*-\\*$`),
      reason: 'The model archives this model\'s training pipeline writes, <prefix>/<jobNamePrefix>-<execution name>/output/model.tar.gz: '
        + 'the execution name is only known at run time.' }]);
    const sagemakerArn = (resource: string, name: string) => stack.formatArn({
      service: 'sagemaker', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return {
      endpointName: d.endpoint.endpointName,
      endpointArn: d.endpoint.endpointArn,
      modelRoleArn: role.roleArn,
      networkIsolation: d.model.networkIsolation ?? true,
      environment: d.environment,
      productionVariants: request.ProductionVariants,
      targetVariantName,
      kmsKeyId: request.KmsKeyId,
      dataCaptureConfig: request.DataCaptureConfig,
      pollInterval: d.pollInterval ?? Duration.minutes(1),
      iam: {
        modelArn: sagemakerArn('model', `${this.jobNamePrefix}-*`),
        endpointConfigArn: sagemakerArn('endpoint-config', `${this.jobNamePrefix}-*`),
        modelPackagesArn: props.modelPackageGroup.packagesArn(),
      },
    };
  }

  private acknowledgeFindings(): void {
    acknowledgeWildcards(this, [
      { pattern: /^Resource::\*$/, reason: 'Only for actions without resource-level permissions: sagemaker:ListModelPackages (the champion lookup), '
        + 'X-Ray trace segments and CloudWatch Logs delivery of the state machines, ecr:GetAuthorizationToken, and '
        + 'cloudwatch:PutMetricData of the training jobs (limited by a namespace condition).' },
      { pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/.*\\*$`), reason: 'S3 access is limited to the key prefixes of the input channels, '
        + 'and the pipeline\'s own output and checkpoint folders (<prefix>/<jobNamePrefix>-*): job names are made per execution.' },
      { pattern: /:(training-job|model|endpoint-config|processing-job)\/[a-z0-9-]+-\*$/, reason: 'Limited to the names this pipeline creates, '
        + '<jobNamePrefix>-<execution name>: the execution name is only known at run time.' },
      { pattern: /:model-package\/.+\/\*$/, reason: 'The versions of this model\'s package group; version numbers are assigned at registration.' },
      { pattern: /:log-group:\/aws\/sagemaker\/TrainingJobs:/, reason: 'SageMaker training logs: the shared /aws/sagemaker/TrainingJobs group '
        + 'and the pipeline jobs\' own log streams (<jobNamePrefix>-*/*), whose suffixes SageMaker chooses.' },
      { pattern: /:network-interface\/\*$/, reason: 'SageMaker creates the job\'s network interfaces at run time; their ids cannot be known ahead.' },
      { pattern: /\.Arn>:\*$/, reason: 'Invoking the pipeline\'s own evaluation function, any version or alias of it (what LambdaInvoke grants).' },
    ]);
    acknowledgeRules(this, [{ id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason: 'State machine and function logs hold job names, metric values and ARNs, no training data; CloudWatch Logs encrypts them at rest with AWS-owned keys.' }]);
  }
}

/** `Pipelines/Digits` → `pipelines-digits`, shortened with a hash to 26 characters. */
function defaultPrefix(path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline';
  if (slug.length <= MAX_PIPELINE_PREFIX_LENGTH) return slug;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 6);
  return `${slug.slice(slug.length - (MAX_PIPELINE_PREFIX_LENGTH - 7)).replace(/^-+/, '')}-${hash}`;
}

/** Drops undefined values at every level (Step Functions parameters must not hold them). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value !== null && typeof value === 'object' && !Token.isUnresolved(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

/** Every prop rule, reported together. */
function validate(pipeline: TrainingPipeline, props: TrainingPipelineProps): void {
  const check = new PropsCheck(pipeline, 'TrainingPipeline');
  checkTrainingJobProps(check, { ...props.trainingJob, waitForCompletion: false }, { libraryTagCount: PIPELINE_RUN_TAGS.length });
  check.require(props.jobNamePrefix === undefined || (props.jobNamePrefix.length <= MAX_PIPELINE_PREFIX_LENGTH && PREFIX_PATTERN.test(props.jobNamePrefix)),
    'jobNamePrefix', props.jobNamePrefix, `must be 1-${MAX_PIPELINE_PREFIX_LENGTH} lower-case letters, digits and hyphens, starting and ending with a letter or digit `
    + '(names are "<prefix>-<execution name>", at most 63 characters)');
  const gate = props.gate;
  const metrics = (props.trainingJob.metricDefinitions ?? DEFAULT_METRIC_DEFINITIONS).map((m) => m.name);
  check.require(metrics.includes(gate.metricName), 'gate.metricName', gate.metricName, `must be one of the job's metric definitions: ${metrics.join(', ')}`);
  check.require(gate.minimum !== undefined || gate.maximum !== undefined, 'gate', gate, 'needs a minimum, a maximum or both');
  for (const bound of ['minimum', 'maximum', 'championMargin'] as const) {
    const value = gate[bound];
    if (value !== undefined) check.require(Number.isFinite(value), `gate.${bound}`, value, 'must be a finite number');
  }
  if (gate.championMargin !== undefined) check.require(gate.championMargin >= 0, 'gate.championMargin', gate.championMargin, 'must be ≥ 0');
  if (gate.minimum !== undefined && gate.maximum !== undefined) {
    check.require(gate.minimum <= gate.maximum, 'gate.maximum', gate.maximum, `must be ≥ gate.minimum (${gate.minimum})`);
  }
  const seconds = (d: Duration | undefined) => (d === undefined || d.isUnresolved() ? undefined : d.toSeconds());
  check.numberInRange('minInterval (seconds)', seconds(props.minInterval), 0, 365 * 24 * 3600);
  check.numberInRange('approvalPollInterval (seconds)', seconds(props.approvalPollInterval), 60, 24 * 3600);
  check.numberInRange('approvalTimeout (seconds)', seconds(props.approvalTimeout), 60, 300 * 24 * 3600);
  if (props.approval !== ApprovalMode.MANUAL && (props.approvalTimeout || props.approvalPollInterval)) {
    check.fail(props.approvalTimeout ? 'approvalTimeout' : 'approvalPollInterval', 'set', 'only with approval: ApprovalMode.MANUAL');
  }
  const d = props.deployment;
  if (d) {
    if (d.variantName !== undefined) {
      check.require(d.endpoint.variantNames.includes(d.variantName), 'deployment.variantName', d.variantName,
        `must be one of the endpoint's variants: ${d.endpoint.variantNames.join(', ')}`);
    }
    check.require(d.model.role !== undefined, 'deployment.model', d.model.node.path, 'needs a known execution role (new models run as it)');
    check.require(!d.model.inVpc, 'deployment.model', d.model.node.path, 'runs in a VPC, which the pipeline cannot copy to new models yet: use a model outside a VPC');
    check.numberInRange('deployment.pollInterval (seconds)', seconds(d.pollInterval), 10, 3600);
  }
  check.throwIfInvalid();
}
