/**
 * The contract of the training pipeline's state machine: the state names (stable: local runs override
 * Tasks by these names, dashboards and alarms may refer to them), the execution input, and where each
 * step leaves its result in the state data. Changing a value here changes the synthesized definition.
 */

/**
 * Folder under a model's data prefix where `scripts/upload-training-data.ts` writes one manifest per data
 * version (`<model>/_manifests/<dataVersion>`) after every data file: the new-data trigger listens to it.
 */
export const MANIFEST_FOLDER = '_manifests';

/** State names of the `TrainingPipeline` state machine, in execution order. */
export class PipelineStateNames {
  /** Pass: the execution input over the defaults (`{ trigger: 'manual' }`) at `$.input`, and the per-execution names at `$.names`. */
  public static readonly NORMALIZE_INPUT = 'NormalizeInput';
  /** Choice: is `dataVersion` given, or can it come from `manifestKey`? */
  public static readonly HAS_DATA_VERSION = 'HasDataVersion';
  /** Pass: `dataVersion` = the last segment of `manifestKey` (`<model>/_manifests/<dataVersion>`). */
  public static readonly DATA_VERSION_FROM_MANIFEST = 'DataVersionFromManifest';
  /** Pass: neither given: `dataVersion` = 'unversioned'. */
  public static readonly DEFAULT_DATA_VERSION = 'DefaultDataVersion';
  /** Task (states:ListExecutions): the running executions of this state machine, their count and the oldest. */
  public static readonly CHECK_RUNNING = 'CheckRunningExecutions';
  /** Choice: did ListExecutions list any running execution? (It is eventually consistent: none → train.) */
  public static readonly ANY_RUNNING_LISTED = 'AnyRunningListed';
  /** Pass: the oldest listed running execution's ARN (the list is newest first). */
  public static readonly OLDEST_RUNNING = 'OldestRunningExecution';
  /** Choice: an older running execution (training, waiting or cooling down) holds the model: skip. */
  public static readonly IS_ANOTHER_RUNNING = 'IsAnotherRunActive';
  /** Succeed: skipped because another execution is running (no-retrain-storm guard). */
  public static readonly SKIPPED = 'SkippedAnotherRunActive';
  /** Task (sagemaker:createTrainingJob.sync): trains; its result is the DescribeTrainingJob response. */
  public static readonly TRAIN = 'Train';
  /** Task (sagemaker:ListModelPackages): the newest Approved package of the group, the champion. */
  public static readonly FIND_CHAMPION = 'FindChampion';
  /** Choice: is there a champion? */
  public static readonly HAS_CHAMPION = 'HasChampion';
  /** Task (sagemaker:DescribeModelPackage): the champion's metric (customer metadata). */
  public static readonly DESCRIBE_CHAMPION = 'DescribeChampion';
  /** Pass: no champion (the first model). */
  public static readonly NO_CHAMPION = 'NoChampion';
  /** Task (lambda:invoke): bounds on the final metric, and challenger vs champion. */
  public static readonly EVALUATE = 'Evaluate';
  /** Choice on the evaluation verdict. */
  public static readonly VERDICT = 'Verdict';
  /** Task (sagemaker:CreateModelPackage): registers the version. */
  public static readonly REGISTER = 'Register';
  /** Parallel: the optional step after registration (e.g. a Model Monitor baseline); result at `$.baseline`. */
  public static readonly BASELINE = 'Baseline';
  /** Pass (manual approval only): starts the poll counter. Auto-approved versions go straight on. */
  public static readonly START_APPROVAL_WAIT = 'StartApprovalWait';
  /** Wait: one poll interval of the manual-approval loop. */
  public static readonly WAIT_FOR_APPROVAL = 'WaitForApproval';
  /** Task (sagemaker:DescribeModelPackage): the package's approval status. */
  public static readonly CHECK_APPROVAL = 'CheckApproval';
  /** Pass: counts approval polls. */
  public static readonly COUNT_APPROVAL_POLL = 'CountApprovalPoll';
  /** Choice: Approved → deploy, Rejected → notify, pending → poll again (until the approval timeout). */
  public static readonly APPROVAL_DECISION = 'ApprovalDecision';
  /** Task (sagemaker:CreateModel): a model from the registered package. */
  public static readonly CREATE_MODEL = 'CreateModel';
  /** Task (sagemaker:CreateEndpointConfig): the endpoint's configuration with the new model. */
  public static readonly CREATE_ENDPOINT_CONFIG = 'CreateEndpointConfig';
  /** Task (sagemaker:UpdateEndpoint): blue/green update keeping the deployment config and variant properties. */
  public static readonly UPDATE_ENDPOINT = 'UpdateEndpoint';
  /** Wait: one poll interval while the endpoint updates. */
  public static readonly WAIT_FOR_DEPLOYMENT = 'WaitForDeployment';
  /** Task (sagemaker:DescribeEndpoint): status and current endpoint config. */
  public static readonly CHECK_DEPLOYMENT = 'CheckDeployment';
  /** Choice: updating → poll; InService on the new config → succeeded; anything else → rolled back. */
  public static readonly DEPLOYMENT_STATUS = 'DeploymentStatus';
  /** Task (sagemaker:UpdateModelPackage): a rolled-back version is marked Rejected. */
  public static readonly REJECT_PACKAGE = 'RejectPackage';
  /**
   * Task (sagemaker:UpdateModelPackage): a registered version that never reached the endpoint (its baseline,
   * model, endpoint config or UpdateEndpoint failed) is marked Rejected, so the champion stays the serving version.
   */
  public static readonly REJECT_UNDEPLOYED = 'RejectUndeployedPackage';
  /** Task (sns:Publish) per outcome. */
  public static readonly NOTIFY_SUCCEEDED = 'NotifySucceeded';
  public static readonly NOTIFY_GATE_FAILED = 'NotifyGateFailed';
  public static readonly NOTIFY_BEATEN_BY_CHAMPION = 'NotifyBeatenByChampion';
  public static readonly NOTIFY_TRAINING_FAILED = 'NotifyTrainingFailed';
  public static readonly NOTIFY_ROLLED_BACK = 'NotifyRolledBack';
  public static readonly NOTIFY_REJECTED = 'NotifyRejected';
  /** Any other failure (a call that failed after its retries). */
  public static readonly NOTIFY_FAILED = 'NotifyFailed';
  /** Wait: the minimum interval between runs; the execution holds the model's slot until it ends. */
  public static readonly COOL_DOWN = 'CoolDown';
  /** Choice after the cool-down: succeed or fail the execution by outcome. */
  public static readonly FINISH = 'Finish';
  /** Succeed: trained, registered (and deployed when an endpoint is set). */
  public static readonly SUCCEEDED = 'Succeeded';
  /** Succeed: the candidate was rejected (gate, champion or a person): the pipeline worked as intended. */
  public static readonly CANDIDATE_REJECTED = 'CandidateRejected';
  /** Fail: training, deployment or an AWS call failed. */
  public static readonly FAILED = 'Failed';
  /** Pass: the run's notification could not be sent, so its outcome is unknown. */
  public static readonly NO_OUTCOME = 'NoOutcome';
  /** Fail: after NO_OUTCOME. */
  public static readonly NOTIFICATION_FAILED = 'NotificationFailed';

  /** States of the stop-training state machine (run on ABORTED / TIMED_OUT / FAILED executions). */
  public static readonly STOP_TRAINING_JOB = 'StopTrainingJob';
  /** Task (sagemaker:StopProcessingJob): the execution's baselining job, when the pipeline has a `DataQualityBaseline` step. */
  public static readonly STOP_PROCESSING_JOB = 'StopProcessingJob';
  public static readonly NOTHING_TO_STOP = 'NothingToStop';
  public static readonly STOPPED = 'Stopped';

  private constructor() {}
}

/** Values of `outcome.status` (state data) and of the notification subject. */
export enum PipelineOutcome {
  SUCCEEDED = 'SUCCEEDED',
  GATE_FAILED = 'GATE_FAILED',
  BEATEN_BY_CHAMPION = 'BEATEN_BY_CHAMPION',
  TRAINING_FAILED = 'TRAINING_FAILED',
  ROLLED_BACK = 'ROLLED_BACK',
  REJECTED = 'REJECTED',
  FAILED = 'FAILED',
}

/** Values the Evaluate step returns as `verdict`. */
export enum EvaluationVerdict {
  PASSED = 'PASSED',
  GATE_FAILED = 'GATE_FAILED',
  BEATEN_BY_CHAMPION = 'BEATEN_BY_CHAMPION',
}

/** Values of `trigger` in the execution input, set by the trigger that started it. */
export enum PipelineTrigger {
  MANUAL = 'manual',
  SCHEDULE = 'schedule',
  NEW_DATA = 'new-data',
  ALARM = 'alarm',
  EVENT = 'event',
}

/**
 * The execution input. Every field is optional; `aws stepfunctions start-execution --name <name>
 * --input '{"trigger":"manual","dataVersion":"3f2a..."}'` starts a run by hand. The execution name
 * becomes part of the training job, model and endpoint-config names (`<jobNamePrefix>-<execution name>`),
 * so it must be letters, digits and hyphens and short enough (see docs/pipeline.md).
 */
export interface PipelineExecutionInput {
  /** Who started the run. @default 'manual' */
  readonly trigger?: string;
  /** The data version trained on (`scripts/upload-training-data.ts` prints it). @default - from `manifestKey`, else 'unversioned' */
  readonly dataVersion?: string;
  /** The manifest object that started a new-data run (`<model>/_manifests/<dataVersion>`). @default - none */
  readonly manifestKey?: string;
  /** The alarm that started a drift run. @default - none */
  readonly alarmName?: string;
}

/**
 * Where the steps leave their results in the state data (JSONPath). A step added with `baselineStep`
 * reads these and must not overwrite them (its result goes to `$.baseline`).
 */
export class PipelineStatePaths {
  /** The normalized execution input: `{ trigger, dataVersion, manifestKey?, alarmName? }`. */
  public static readonly INPUT = '$.input';
  /** Names derived from the execution name: `{ trainingJob, model, endpointConfig }`, and `execution` (this execution's ARN). */
  public static readonly NAMES = '$.names';
  /** The Train result: `{ TrainingJobName, TrainingJobArn, ModelArtifacts: { S3ModelArtifacts }, FinalMetricDataList, ... }`. */
  public static readonly TRAINING = '$.training';
  /** The champion: `{ found, metricValue? , modelPackageArn? }`. */
  public static readonly CHAMPION = '$.champion';
  /** The Evaluate result: `{ verdict, metricName, metricValue, championValue, reason }`. */
  public static readonly EVALUATION = '$.evaluation';
  /** The Register result: `{ ModelPackageArn }`. */
  public static readonly REGISTRATION = '$.registration';
  /** The baseline step's result (an array: one element per branch). */
  public static readonly BASELINE = '$.baseline';
  /** The last DescribeEndpoint result while deploying. */
  public static readonly DEPLOYMENT = '$.deployment';
  /** `{ status: PipelineOutcome, ... }`, set on every path before the notification. */
  public static readonly OUTCOME = '$.outcome';
  /** The error of a caught failure: `{ Error, Cause }`. */
  public static readonly ERROR = '$.error';

  private constructor() {}
}
