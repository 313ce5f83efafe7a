import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { IModelPackageGroup } from '../../registry';
import { ApprovalMode, PipelineGate } from '../pipeline-options';
import { EvaluationVerdict, PipelineOutcome, PipelineStateNames as N } from '../pipeline-states';
import { PASS_ROLE_ACTIONS, SYNC_RULE_ACTIONS, THROTTLING_ERRORS, TRAINING_JOB_ACTIONS } from './perms';

/** Tags every run's training job gets from the pipeline (counted against CreateTrainingJob's 50 by the prop check). */
export const PIPELINE_RUN_TAGS = [
  { Key: 'cdk-mlops:data-version', 'Value.$': '$.input.dataVersion' },
  { Key: 'cdk-mlops:trigger', 'Value.$': '$.input.trigger' },
];

/** Everything the steps need, resolved by `TrainingPipeline`. */
export interface PipelineStepsContext {
  readonly jobNamePrefix: string;
  readonly displayName: string;
  /** The CreateTrainingJob request without its name, checkpoint and tags (API form). */
  readonly trainingRequest: Record<string, unknown>;
  /** `s3://bucket/prefix/` under which per-job checkpoint folders go (spot only). */
  readonly checkpointBase?: string;
  readonly checkpointLocalPath?: string;
  /** The training job's static tags (API form). */
  readonly trainingTags: Array<{ Key: string; Value: string }>;
  readonly trainingTimeout: Duration;
  /** `s3://bucket/prefix` SageMaker writes `<job>/output/...` under. */
  readonly outputS3Path: string;
  readonly group: IModelPackageGroup;
  readonly gate: PipelineGate;
  readonly evaluateFunction: lambda.IFunction;
  readonly topic: sns.ITopic;
  readonly approval: ApprovalMode;
  readonly approvalPolls: number;
  readonly approvalPollInterval: Duration;
  readonly servingImageUri: string;
  readonly contentTypes: string[];
  readonly inferenceInstanceTypes: string[];
  readonly minInterval: Duration;
  readonly stateMachineArn: string;
  readonly baselineStep?: sfn.IChainable;
  readonly deployment?: DeploymentContext;
}

/** The deploy steps' inputs, rendered from the endpoint construct. */
export interface DeploymentContext {
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly modelRoleArn: string;
  readonly networkIsolation: boolean;
  readonly environment?: { [key: string]: string };
  /** ProductionVariants in API form; the target variant's ModelName is set per execution. */
  readonly productionVariants: Array<Record<string, unknown>>;
  readonly targetVariantName: string;
  readonly kmsKeyId?: string;
  readonly dataCaptureConfig?: Record<string, unknown>;
  readonly pollInterval: Duration;
  readonly iam: { modelArn: string; endpointConfigArn: string; modelPackagesArn: string };
}

const SDK_CALL_TIMEOUT = Duration.minutes(2);
/** Running executions the storm guard reads: enough that the oldest (the slot holder) is on the page. */
const GUARD_PAGE_SIZE = 100;

/** Exponential backoff on throttling and transient errors: 2, 4, 8, 16, 32 s. */
function retryOnThrottling<T extends { addRetry(props?: sfn.RetryProps): unknown }>(state: T, errors: string[]): T {
  state.addRetry({ errors, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 5, jitterStrategy: sfn.JitterType.FULL });
  return state;
}

/** The state machine's states, chained; returns the start. */
export function buildPipelineSteps(scope: Construct, ctx: PipelineStepsContext): sfn.IChainable {
  const sdk = (name: string, service: string, action: string, parameters: Record<string, unknown>, iamResources: string[],
    props: { resultPath?: string; resultSelector?: Record<string, unknown>; iamAction?: string } = {}) =>
    retryOnThrottling(new tasks.CallAwsService(scope, name, {
      service, action, parameters, iamResources, iamAction: props.iamAction ?? `sagemaker:${action.charAt(0).toUpperCase()}${action.slice(1)}`, resultPath: props.resultPath ?? sfn.JsonPath.DISCARD,
      resultSelector: props.resultSelector, taskTimeout: sfn.Timeout.duration(SDK_CALL_TIMEOUT),
    }), service === 'sfn' ? THROTTLING_ERRORS.stepFunctions : THROTTLING_ERRORS.sagemakerSdk);

  // Outcome → notification → cool-down → finish. Every failure path ends in one of these.
  // Without an outcome (its notification could not be sent) the run counts as failed.
  const finish = new sfn.Choice(scope, N.FINISH)
    .when(sfn.Condition.not(sfn.Condition.isPresent('$.outcome.status')), new sfn.Pass(scope, N.NO_OUTCOME, {
      comment: 'The notification failed, so the outcome is unknown to the finish step.',
    }).next(new sfn.Fail(scope, N.NOTIFICATION_FAILED, { error: 'NotificationFailed', cause: 'The run\'s notification could not be sent; see the execution history.' })))
    .when(sfn.Condition.stringEquals('$.outcome.status', PipelineOutcome.SUCCEEDED), new sfn.Succeed(scope, N.SUCCEEDED))
    .when(sfn.Condition.or(
      sfn.Condition.stringEquals('$.outcome.status', PipelineOutcome.GATE_FAILED),
      sfn.Condition.stringEquals('$.outcome.status', PipelineOutcome.BEATEN_BY_CHAMPION),
      sfn.Condition.stringEquals('$.outcome.status', PipelineOutcome.REJECTED),
    ), new sfn.Succeed(scope, N.CANDIDATE_REJECTED, { comment: 'The pipeline worked; the candidate was not good enough or not approved.' }))
    .otherwise(new sfn.Fail(scope, N.FAILED, { error: 'PipelineFailed', cause: 'Training, deployment or an AWS call failed; see the notification.' }));
  const coolDown = new sfn.Wait(scope, N.COOL_DOWN, {
    time: sfn.WaitTime.duration(ctx.minInterval),
    comment: 'Minimum interval between runs: the execution keeps the model\'s slot, so triggers meanwhile are skipped.',
  }).next(finish);
  const name = ctx.displayName;
  const notify = (stateName: string, outcome: PipelineOutcome, format: string, ...paths: string[]) => {
    const task = retryOnThrottling(new tasks.SnsPublish(scope, stateName, {
      topic: ctx.topic,
      subject: `[cdk-mlops] ${name}: ${outcome}`.slice(0, 100),
      message: sfn.TaskInput.fromText(sfn.JsonPath.format(format, ...paths.map((p) => sfn.JsonPath.stringAt(p)))),
      resultSelector: { status: outcome, 'messageId.$': '$.MessageId' },
      resultPath: '$.outcome',
      taskTimeout: sfn.Timeout.duration(SDK_CALL_TIMEOUT),
    }), THROTTLING_ERRORS.sns);
    // A notification that cannot be sent must not keep the run from ending.
    task.addCatch(coolDown, { resultPath: '$.notifyError' });
    return task.next(coolDown);
  };
  const notifyFailed = notify(N.NOTIFY_FAILED, PipelineOutcome.FAILED,
    `${name}: run {} failed: {}: {}`, '$$.Execution.Name', '$.error.Error', '$.error.Cause');
  const catchAll = <T extends { addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown }>(state: T, handler: sfn.IChainable = notifyFailed) => {
    state.addCatch(handler, { resultPath: '$.error' });
    return state;
  };

  // 1. Input and names.
  const normalize = new sfn.Pass(scope, N.NORMALIZE_INPUT, {
    parameters: {
      'input.$': "States.JsonMerge(States.StringToJson('{\"trigger\":\"manual\"}'), $$.Execution.Input, false)",
      names: {
        'trainingJob.$': `States.Format('${ctx.jobNamePrefix}-{}', $$.Execution.Name)`,
        'model.$': `States.Format('${ctx.jobNamePrefix}-{}', $$.Execution.Name)`,
        'endpointConfig.$': `States.Format('${ctx.jobNamePrefix}-{}', $$.Execution.Name)`,
        // This execution's ARN, for the storm guard's comparison (a Choice reads state data only).
        'execution.$': '$$.Execution.Id',
      },
    },
  });
  const versionFromManifest = new sfn.Pass(scope, N.DATA_VERSION_FROM_MANIFEST, {
    parameters: {
      'trigger.$': '$.input.trigger',
      'manifestKey.$': '$.input.manifestKey',
      'dataVersion.$': "States.ArrayGetItem(States.StringSplit($.input.manifestKey, '/'), "
        + "States.MathAdd(States.ArrayLength(States.StringSplit($.input.manifestKey, '/')), -1))",
    },
    resultPath: '$.input',
  });
  const defaultVersion = new sfn.Pass(scope, N.DEFAULT_DATA_VERSION, { result: sfn.Result.fromString('unversioned'), resultPath: '$.input.dataVersion' });

  // 2. No retrain storms: the oldest running execution holds the slot (training, waiting or cooling down);
  // every other one ends at once. Oldest-wins, not "am I alone": two triggers at the same moment see
  // each other, and a count would make both skip. ListExecutions lists newest first, so the oldest is last.
  const checkRunning = catchAll(sdk(N.CHECK_RUNNING, 'sfn', 'listExecutions', {
    'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: GUARD_PAGE_SIZE,
  }, [ctx.stateMachineArn], { iamAction: 'states:ListExecutions', resultPath: '$.running', resultSelector: {
    'count.$': 'States.ArrayLength($.Executions)',
    'executions.$': '$.Executions',
  } }));
  // ListExecutions is eventually consistent: an empty page (not even this run) is not an error.
  const anyListed = new sfn.Choice(scope, N.ANY_RUNNING_LISTED);
  const oldest = new sfn.Pass(scope, N.OLDEST_RUNNING, {
    parameters: { 'execution.$': 'States.ArrayGetItem($.running.executions, States.MathAdd($.running.count, -1))' },
    resultPath: '$.running.oldest',
  });
  const guard = new sfn.Choice(scope, N.IS_ANOTHER_RUNNING);

  // 3. Train, waiting as long as the job takes (no CloudFormation cap).
  const notifyTrainingFailed = notify(N.NOTIFY_TRAINING_FAILED, PipelineOutcome.TRAINING_FAILED,
    `${name}: training job {} (data {}) failed: {}`, '$.names.trainingJob', '$.input.dataVersion', '$.error.Cause');
  const train = new sfn.CustomState(scope, N.TRAIN, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Aws.PARTITION}:states:::sagemaker:createTrainingJob.sync`,
      Parameters: {
        'TrainingJobName.$': '$.names.trainingJob',
        ...ctx.trainingRequest,
        ...(ctx.checkpointBase ? {
          CheckpointConfig: { 'S3Uri.$': `States.Format('${ctx.checkpointBase}{}/', $.names.trainingJob)`, LocalPath: ctx.checkpointLocalPath },
        } : {}),
        Tags: [...ctx.trainingTags, ...PIPELINE_RUN_TAGS],
      },
      ResultPath: '$.training',
      TimeoutSeconds: ctx.trainingTimeout.toSeconds(),
    },
  });
  retryOnThrottling(train, THROTTLING_ERRORS.sagemakerSync);
  catchAll(train, notifyTrainingFailed);

  // 4. Champion: the newest Approved version of the group.
  const findChampion = catchAll(sdk(N.FIND_CHAMPION, 'sagemaker', 'listModelPackages', {
    ModelPackageGroupName: ctx.group.modelPackageGroupName, ModelApprovalStatus: 'Approved',
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 1,
  }, ['*'], { resultPath: '$.championList' }));
  const describeChampion = catchAll(sdk(N.DESCRIBE_CHAMPION, 'sagemaker', 'describeModelPackage', {
    'ModelPackageName.$': '$.championList.ModelPackageSummaryList[0].ModelPackageArn',
  }, [ctx.group.packagesArn()], { resultPath: '$.champion' }));
  const noChampion = new sfn.Pass(scope, N.NO_CHAMPION, { result: sfn.Result.fromObject({}), resultPath: '$.champion' });

  // 5. Evaluate: bounds, then challenger vs champion.
  const gate = ctx.gate;
  const evaluate = retryOnThrottling(new tasks.LambdaInvoke(scope, N.EVALUATE, {
    lambdaFunction: ctx.evaluateFunction,
    payload: sfn.TaskInput.fromObject({
      gate: {
        metricName: gate.metricName, minimum: gate.minimum, maximum: gate.maximum, championMargin: gate.championMargin ?? 0,
        higherIsBetter: gate.higherIsBetter ?? !(gate.minimum === undefined && gate.maximum !== undefined),
      },
      training: sfn.JsonPath.objectAt('$.training'),
      champion: sfn.JsonPath.objectAt('$.champion'),
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.evaluation',
    taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
  }), THROTTLING_ERRORS.lambda);
  catchAll(evaluate);
  const notifyGateFailed = notify(N.NOTIFY_GATE_FAILED, PipelineOutcome.GATE_FAILED,
    `${name}: training job {} (data {}) failed the gate: {}. Nothing was registered or deployed.`,
    '$.names.trainingJob', '$.input.dataVersion', '$.evaluation.reason');
  const notifyBeaten = notify(N.NOTIFY_BEATEN_BY_CHAMPION, PipelineOutcome.BEATEN_BY_CHAMPION,
    `${name}: training job {} (data {}) is beaten by the champion {}: {}. Nothing was registered or deployed.`,
    '$.names.trainingJob', '$.input.dataVersion', '$.evaluation.championArn', '$.evaluation.reason');

  // 6. Register the version, with its metrics and data version.
  const register = catchAll(sdk(N.REGISTER, 'sagemaker', 'createModelPackage', {
    ModelPackageGroupName: ctx.group.modelPackageGroupName,
    'ModelPackageDescription.$': "States.Format('Trained by {} on data version {} (trigger: {})', $.names.trainingJob, $.input.dataVersion, $.input.trigger)",
    InferenceSpecification: {
      Containers: [{ Image: ctx.servingImageUri, 'ModelDataUrl.$': '$.training.ModelArtifacts.S3ModelArtifacts' }],
      SupportedContentTypes: ctx.contentTypes,
      SupportedResponseMIMETypes: ctx.contentTypes,
      ...(ctx.inferenceInstanceTypes.length > 0 ? { SupportedRealtimeInferenceInstanceTypes: ctx.inferenceInstanceTypes } : {}),
    },
    ModelApprovalStatus: ctx.approval === ApprovalMode.AUTO ? 'Approved' : 'PendingManualApproval',
    ModelMetrics: {
      // The container's evaluation.json travels in the job's output archive (SM_OUTPUT_DATA_DIR).
      ModelQuality: { Statistics: { ContentType: 'application/gzip', 'S3Uri.$': `States.Format('${ctx.outputS3Path}/{}/output/output.tar.gz', $.names.trainingJob)` } },
    },
    CustomerMetadataProperties: {
      'dataVersion.$': '$.input.dataVersion',
      'trigger.$': '$.input.trigger',
      'trainingJobName.$': '$.names.trainingJob',
      metricName: gate.metricName,
      'metricValue.$': "States.Format('{}', $.evaluation.metricValue)",
      'executionName.$': '$$.Execution.Name',
    },
  }, [ctx.group.modelPackageGroupArn, ctx.group.packagesArn()], { resultPath: '$.registration' }));
  const verdict = new sfn.Choice(scope, N.VERDICT)
    .when(sfn.Condition.stringEquals('$.evaluation.verdict', EvaluationVerdict.PASSED), register)
    .when(sfn.Condition.stringEquals('$.evaluation.verdict', EvaluationVerdict.GATE_FAILED), notifyGateFailed)
    .when(sfn.Condition.stringEquals('$.evaluation.verdict', EvaluationVerdict.BEATEN_BY_CHAMPION), notifyBeaten)
    .otherwise(notifyFailed);

  // 7. Deploy (or, without an endpoint, report the registration). A version that fails before it reaches the
  // endpoint is marked Rejected: the champion (the newest Approved version) must be one that served.
  let rejectUndeployed: sfn.IChainable | undefined;
  if (ctx.deployment) {
    const reject = sdk(N.REJECT_UNDEPLOYED, 'sagemaker', 'updateModelPackage', {
      'ModelPackageArn.$': '$.registration.ModelPackageArn',
      ModelApprovalStatus: 'Rejected',
      'ApprovalDescription.$': "States.Format('Not deployed: execution {} failed after registration', $$.Execution.Name)",
    }, [ctx.deployment.iam.modelPackagesArn]);
    // Marking is best effort: the failure is still notified, with its own error at $.error.
    reject.addCatch(notifyFailed, { resultPath: '$.rejectError' });
    rejectUndeployed = reject.next(notifyFailed);
  }
  const afterApproval = ctx.deployment ? deploySteps(scope, ctx, ctx.deployment, sdk, catchAll, notify, rejectUndeployed!)
    : notify(N.NOTIFY_SUCCEEDED, PipelineOutcome.SUCCEEDED, `${name}: training job {} (data {}) passed: {} = {}; registered {}.`,
      '$.names.trainingJob', '$.input.dataVersion', '$.evaluation.metricName', '$.evaluation.metricValue', '$.registration.ModelPackageArn');

  // 8. Approval: automatic, or poll the package until a person decides.
  let approval: sfn.IChainable = afterApproval;
  if (ctx.approval === ApprovalMode.MANUAL) {
    const notifyRejected = notify(N.NOTIFY_REJECTED, PipelineOutcome.REJECTED,
      `${name}: version {} (training job {}) was not approved (status {}); nothing was deployed.`,
      '$.registration.ModelPackageArn', '$.names.trainingJob', '$.approval.status');
    const count = new sfn.Pass(scope, N.COUNT_APPROVAL_POLL, {
      parameters: { 'count.$': 'States.MathAdd($.approvalPolls.count, 1)' }, resultPath: '$.approvalPolls',
    });
    const wait = new sfn.Wait(scope, N.WAIT_FOR_APPROVAL, { time: sfn.WaitTime.duration(ctx.approvalPollInterval) });
    const check = catchAll(sdk(N.CHECK_APPROVAL, 'sagemaker', 'describeModelPackage', {
      'ModelPackageName.$': '$.registration.ModelPackageArn',
    }, [ctx.group.packagesArn()], { resultPath: '$.approval', resultSelector: { 'status.$': '$.ModelApprovalStatus' } }));
    const decision = new sfn.Choice(scope, N.APPROVAL_DECISION)
      .when(sfn.Condition.stringEquals('$.approval.status', 'Approved'), afterApproval)
      .when(sfn.Condition.stringEquals('$.approval.status', 'Rejected'), notifyRejected)
      .when(sfn.Condition.numberGreaterThanEquals('$.approvalPolls.count', ctx.approvalPolls), notifyRejected)
      .otherwise(wait);
    wait.next(count).next(check).next(decision);
    approval = new sfn.Pass(scope, N.START_APPROVAL_WAIT, { result: sfn.Result.fromObject({ count: 0 }), resultPath: '$.approvalPolls' }).next(wait);
  }
  if (ctx.baselineStep) {
    const baseline = new sfn.Parallel(scope, N.BASELINE, { resultPath: '$.baseline' }).branch(ctx.baselineStep);
    catchAll(baseline, rejectUndeployed);
    register.next(baseline).next(approval);
  } else {
    register.next(approval);
  }

  // Wiring.
  const hasVersion = new sfn.Choice(scope, N.HAS_DATA_VERSION)
    .when(sfn.Condition.isPresent('$.input.dataVersion'), checkRunning)
    .when(sfn.Condition.isPresent('$.input.manifestKey'), versionFromManifest.next(checkRunning))
    .otherwise(defaultVersion.next(checkRunning));
  checkRunning.next(anyListed
    .when(sfn.Condition.numberEquals('$.running.count', 0), train)
    .otherwise(oldest));
  oldest.next(guard
    .when(sfn.Condition.not(sfn.Condition.stringEqualsJsonPath('$.running.oldest.execution.ExecutionArn', '$.names.execution')), new sfn.Succeed(scope, N.SKIPPED, {
      comment: 'Another execution of this pipeline is running or cooling down; this trigger is dropped.',
    }))
    .otherwise(train));
  train.next(findChampion);
  findChampion.next(new sfn.Choice(scope, N.HAS_CHAMPION)
    .when(sfn.Condition.isPresent('$.championList.ModelPackageSummaryList[0]'), describeChampion.next(evaluate))
    .otherwise(noChampion.next(evaluate)));
  evaluate.next(verdict);
  return normalize.next(hasVersion);
}

type Sdk = (name: string, service: string, action: string, parameters: Record<string, unknown>, iamResources: string[],
  props?: { resultPath?: string; resultSelector?: Record<string, unknown> }) => tasks.CallAwsService;
type CatchAll = <T extends { addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown }>(state: T, handler?: sfn.IChainable) => T;
type Notify = (stateName: string, outcome: PipelineOutcome, format: string, ...paths: string[]) => sfn.IChainable;

/** New Model + EndpointConfig, UpdateEndpoint keeping deployment config and variant properties, poll, judge. */
function deploySteps(scope: Construct, ctx: PipelineStepsContext, d: DeploymentContext, sdk: Sdk, catchAll: CatchAll, notify: Notify,
  rejectUndeployed: sfn.IChainable): sfn.IChainable {
  const name = ctx.displayName;
  const createModel = catchAll(sdk(N.CREATE_MODEL, 'sagemaker', 'createModel', {
    'ModelName.$': '$.names.model',
    ExecutionRoleArn: d.modelRoleArn,
    PrimaryContainer: { 'ModelPackageName.$': '$.registration.ModelPackageArn', Environment: d.environment },
    EnableNetworkIsolation: d.networkIsolation,
  }, [d.iam.modelArn, d.iam.modelPackagesArn]), rejectUndeployed);
  const createConfig = catchAll(sdk(N.CREATE_ENDPOINT_CONFIG, 'sagemaker', 'createEndpointConfig', {
    'EndpointConfigName.$': '$.names.endpointConfig',
    ProductionVariants: d.productionVariants.map((v) => v.VariantName === d.targetVariantName
      ? { ...withoutKey(v, 'ModelName'), 'ModelName.$': '$.names.model' } : v),
    KmsKeyId: d.kmsKeyId,
    DataCaptureConfig: d.dataCaptureConfig,
  }, [d.iam.endpointConfigArn]), rejectUndeployed);
  const update = catchAll(sdk(N.UPDATE_ENDPOINT, 'sagemaker', 'updateEndpoint', {
    EndpointName: d.endpointName,
    'EndpointConfigName.$': '$.names.endpointConfig',
    // Blue/green with the endpoint's traffic routing, bake period and rollback alarms, as CloudFormation set them.
    RetainDeploymentConfig: true,
    // Keep the instance counts autoscaling chose; weights follow the new configuration.
    RetainAllVariantProperties: true,
    ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }],
  }, [d.endpointArn, d.iam.endpointConfigArn]), rejectUndeployed);
  const wait = new sfn.Wait(scope, N.WAIT_FOR_DEPLOYMENT, { time: sfn.WaitTime.duration(d.pollInterval) });
  const check = catchAll(sdk(N.CHECK_DEPLOYMENT, 'sagemaker', 'describeEndpoint', { EndpointName: d.endpointName }, [d.endpointArn], {
    resultPath: '$.deployment', resultSelector: { 'status.$': '$.EndpointStatus', 'endpointConfigName.$': '$.EndpointConfigName' },
  }));
  const notifySucceeded = notify(N.NOTIFY_SUCCEEDED, PipelineOutcome.SUCCEEDED,
    `${name}: training job {} (data {}) passed: {} = {}; version {} is serving on endpoint ${d.endpointName} (configuration {}).`,
    '$.names.trainingJob', '$.input.dataVersion', '$.evaluation.metricName', '$.evaluation.metricValue', '$.registration.ModelPackageArn',
    '$.names.endpointConfig');
  const notifyRolledBack = notify(N.NOTIFY_ROLLED_BACK, PipelineOutcome.ROLLED_BACK,
    `${name}: version {} (training job {}, {} = {}) was rolled back: the endpoint is {} on configuration {}. The version is marked Rejected.`,
    '$.registration.ModelPackageArn', '$.names.trainingJob', '$.evaluation.metricName', '$.evaluation.metricValue',
    '$.deployment.status', '$.deployment.endpointConfigName');
  const reject = sdk(N.REJECT_PACKAGE, 'sagemaker', 'updateModelPackage', {
    'ModelPackageArn.$': '$.registration.ModelPackageArn',
    ModelApprovalStatus: 'Rejected',
    'ApprovalDescription.$': "States.Format('Rolled back by SageMaker during deployment (execution {})', $$.Execution.Name)",
  }, [d.iam.modelPackagesArn]);
  // Marking is best effort: the notification still goes out.
  reject.addCatch(notifyRolledBack, { resultPath: '$.rejectError' });
  reject.next(notifyRolledBack);
  const status = new sfn.Choice(scope, N.DEPLOYMENT_STATUS)
    .when(sfn.Condition.or(
      sfn.Condition.stringEquals('$.deployment.status', 'Updating'),
      sfn.Condition.stringEquals('$.deployment.status', 'SystemUpdating'),
      sfn.Condition.stringEquals('$.deployment.status', 'RollingBack'),
      sfn.Condition.stringEquals('$.deployment.status', 'Creating'),
    ), wait)
    .when(sfn.Condition.and(
      sfn.Condition.stringEquals('$.deployment.status', 'InService'),
      sfn.Condition.stringEqualsJsonPath('$.deployment.endpointConfigName', '$.names.endpointConfig'),
    ), notifySucceeded)
    .otherwise(reject);
  wait.next(check).next(status);
  return createModel.next(createConfig).next(update).next(wait);
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** IAM the `.sync` training task needs (CustomState adds none by itself). */
export function trainingTaskStatements(jobArnPattern: string, ruleArn: string, passRoles: iam.IRole[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: TRAINING_JOB_ACTIONS, resources: [jobArnPattern] }),
    new iam.PolicyStatement({ actions: SYNC_RULE_ACTIONS, resources: [ruleArn] }),
    new iam.PolicyStatement({
      actions: PASS_ROLE_ACTIONS, resources: passRoles.map((r) => r.roleArn),
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }),
  ];
}
