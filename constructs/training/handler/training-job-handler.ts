import {
  CreateTrainingJobCommand, CreateTrainingJobCommandInput, DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput, SageMakerClient, StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import {
  ATTR_JOB_ARN, ATTR_JOB_NAME, ATTR_MODEL_DATA_URL, finalMetricAttributeName, MAX_RESPONSE_DATA_BYTES, modelArtifactsKeySuffix,
  PROP_FINAL_METRICS, PROP_JOB_NAME, PROP_QUALITY_GATE, PROP_REQUEST, PROP_WAIT, QualityGateProperty,
} from '../private/protocol';
import { isTransient, RetryDeps, withRetry } from './retry';
import { IsCompleteResponse, OnEventResponse, TrainingJobEvent } from './types';

/** Everything the handler talks to, injected so tests control the API, time and randomness. */
export interface HandlerDeps extends RetryDeps {
  readonly client: SageMakerClient;
  /** Per-attempt limit of one SageMaker call (an AbortSignal), so a hung call is retried, not waited on. Default CALL_TIMEOUT_MS. */
  readonly callTimeoutMs?: number;
}

/**
 * One attempt of one SageMaker call may take this long. Six attempts plus ~31 s of backoff is ~91 s per
 * call; an invocation makes at most three calls in a row, which the handler's 5-minute Lambda timeout covers.
 */
export const CALL_TIMEOUT_MS = 10_000;

/** Runs one SageMaker call with the retry policy, each attempt under its own timeout signal. */
function send<T>(label: string, call: (options: { abortSignal: AbortSignal }) => Promise<T>, deps: HandlerDeps): Promise<T> {
  return withRetry(label, () => call({ abortSignal: AbortSignal.timeout(deps.callTimeoutMs ?? CALL_TIMEOUT_MS) }), deps);
}

type Description = DescribeTrainingJobCommandOutput;

/** Starts the job (Create, or Update to a new name), or stops it (Delete). */
export async function onEvent(event: TrainingJobEvent, deps: HandlerDeps): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  switch (event.RequestType) {
    case 'Create':
      return startJob(event, deps);
    case 'Update':
      // Same configuration hash → same name → nothing to do. A new name makes CloudFormation delete the old job.
      if (props[PROP_JOB_NAME] === event.PhysicalResourceId) {
        deps.log?.(`Update: configuration of ${event.PhysicalResourceId} is unchanged; no new job`);
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      return startJob(event, deps);
    case 'Delete':
      return stopJob(requirePhysicalId(event), deps);
    default:
      throw new Error(`Unknown RequestType ${JSON.stringify((event as { RequestType: unknown }).RequestType)}`);
  }
}

/** Polled until the job finishes (Create/Update) or has stopped (Delete). */
export async function isComplete(event: TrainingJobEvent, deps: HandlerDeps): Promise<IsCompleteResponse> {
  const name = requirePhysicalId(event);
  let job: Description | undefined;
  try {
    job = await describe(name, deps);
  } catch (error) {
    // A throttling burst or a garbled answer that outlasted the retries says nothing about the job: poll again
    // at the next interval (the Provider's totalTimeout still bounds the wait) instead of failing the stack.
    if (!isTransient(error)) throw error;
    deps.log?.(`${name}: DescribeTrainingJob still failing (${(error as Error).name}: ${(error as Error).message}); polling again`);
    return { IsComplete: false };
  }
  if (event.RequestType === 'Delete') {
    const stopping = job !== undefined && (job.TrainingJobStatus === 'InProgress' || job.TrainingJobStatus === 'Stopping');
    return { IsComplete: !stopping };
  }
  if (job === undefined) throw new Error(`Training job ${name} does not exist (was it created in another account or region?)`);
  if (!waits(event)) {
    // The resource only starts the job; its outcome is failureTopic's business. Failing here on a job that ended
    // badly since would also fail every later rollback to this configuration (UPDATE_ROLLBACK_FAILED).
    deps.log?.(`${name}: ${job.TrainingJobStatus ?? 'unknown status'}; WaitForCompletion is false, so the resource is complete`);
    return { IsComplete: true, Data: attributes(job, []) };
  }
  switch (job.TrainingJobStatus) {
    case 'Completed':
      checkQualityGate(name, job, event, deps);
      return { IsComplete: true, Data: attributes(job, requestedMetrics(name, job, event)) };
    case 'Failed':
      throw new Error(`Training job ${name} failed: ${job.FailureReason ?? 'SageMaker gave no reason'}`);
    case 'Stopped':
      throw new Error(`Training job ${name} was stopped (${job.SecondaryStatus ?? 'Stopped'}): `
        + `${job.FailureReason ?? 'it was stopped outside CloudFormation, or reached its MaxRuntime/MaxWaitTime'}`);
    case 'InProgress':
      deps.log?.(`${name}: ${job.SecondaryStatus ?? 'InProgress'}`);
      return { IsComplete: false };
    default: // Stopping, or a status added after this handler was written
      deps.log?.(`${name}: ${job.TrainingJobStatus ?? 'unknown status'}`);
      return { IsComplete: false };
  }
}

/**
 * The evaluation gate: a completed job whose final metric is missing or out of bounds fails the resource,
 * so CloudFormation rolls back and the endpoint keeps serving the model it had.
 */
function checkQualityGate(name: string, job: Description, event: TrainingJobEvent, deps: HandlerDeps): void {
  const raw = event.ResourceProperties[PROP_QUALITY_GATE];
  if (!raw) return;
  const gate = JSON.parse(raw) as QualityGateProperty;
  const metric = job.FinalMetricDataList?.find((m) => m.MetricName === gate.MetricName)?.Value;
  const bounds = [gate.Minimum !== undefined ? `≥ ${gate.Minimum}` : '', gate.Maximum !== undefined ? `≤ ${gate.Maximum}` : '']
    .filter(Boolean).join(' and ');
  if (metric === undefined) {
    throw new Error(`Training job ${name} completed but reported no final ${gate.MetricName}, which its quality gate `
      + `requires (${bounds}); check the metric definitions against the job's log. The model is not deployed.`);
  }
  if ((gate.Minimum !== undefined && metric < gate.Minimum) || (gate.Maximum !== undefined && metric > gate.Maximum)) {
    throw new Error(`Training job ${name} completed but failed its quality gate: ${gate.MetricName} = ${metric}, `
      + `required ${bounds}. The model is not deployed; the previous one keeps serving.`);
  }
  deps.log?.(`${name}: quality gate passed: ${gate.MetricName} = ${metric} (${bounds})`);
}

async function startJob(event: TrainingJobEvent, deps: HandlerDeps): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const name = props[PROP_JOB_NAME];
  if (!name) throw new Error(`Property ${PROP_JOB_NAME} is missing`);
  const request = JSON.parse(props[PROP_REQUEST] ?? '{}') as Omit<CreateTrainingJobCommandInput, 'TrainingJobName'>;
  try {
    await send(`CreateTrainingJob ${name}`, (o) => deps.client.send(new CreateTrainingJobCommand({ ...request, TrainingJobName: name }), o), deps);
    deps.log?.(`Started training job ${name}`);
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUse') {
      await stopAfterFailedStart(name, deps);
      throw error;
    }
    // Names are derived from the configuration, so an existing job with this name was started from the
    // same configuration (a retried create, or a rollback to it): adopt it unless it already ended badly.
    const existing = await describe(name, deps);
    const status = existing?.TrainingJobStatus;
    // An Update back to a name that does not wait (a rollback, or a revert) takes the job as it is, whatever its
    // outcome; refusing would leave CloudFormation unable to roll back. Everything else refuses a job that ended badly.
    const adoptAnyOutcome = event.RequestType === 'Update' && !waits(event);
    if ((status === 'Failed' || status === 'Stopped') && !adoptAnyOutcome) {
      throw new Error(`Training job ${name} already exists and ended ${status}: ${existing?.FailureReason ?? 'no reason given'}. `
        + 'SageMaker does not reuse the name of an existing job; change the job configuration or its retrainTrigger prop to start a new job.');
    }
    deps.log?.(`Training job ${name} already exists (${status}); adopting it`);
  }
  return { PhysicalResourceId: name };
}

/**
 * A CreateTrainingJob that failed on our side (timeouts, a lost response) may still have started the job.
 * When this Create fails, CloudFormation's rollback never sends a Delete for it (the Provider framework
 * skips Deletes of failed Creates), so nothing else would ever stop it: stop it here, best effort.
 */
async function stopAfterFailedStart(name: string, deps: HandlerDeps): Promise<void> {
  try {
    await stopJob(name, deps);
  } catch (cleanup) {
    deps.log?.(`CreateTrainingJob ${name} failed, and stopping a job it may have started failed too: ${(cleanup as Error).message}`);
  }
}

async function stopJob(name: string, deps: HandlerDeps): Promise<OnEventResponse> {
  const job = await describe(name, deps);
  if (job?.TrainingJobStatus === 'InProgress') {
    try {
      await send(`StopTrainingJob ${name}`, (o) => deps.client.send(new StopTrainingJobCommand({ TrainingJobName: name }), o), deps);
      deps.log?.(`Stopping training job ${name}`);
    } catch (error) {
      // The job may have finished between Describe and Stop; anything else is a real problem.
      if (!isNotFound(error) && (error as Error).name !== 'ValidationException') throw error;
    }
  } else {
    deps.log?.(`Delete: training job ${name} is ${job?.TrainingJobStatus ?? 'gone'}; nothing to stop`);
  }
  return { PhysicalResourceId: name };
}

/** DescribeTrainingJob, or undefined when the job does not exist. */
async function describe(name: string, deps: HandlerDeps): Promise<Description | undefined> {
  try {
    return await send(`DescribeTrainingJob ${name}`, (o) => deps.client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }), o), deps);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** SageMaker reports a missing job as ResourceNotFound or as ValidationException "Requested resource not found". */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  if (e?.name === 'ResourceNotFound' || e?.name === 'ResourceNotFoundException') return true;
  return e?.name === 'ValidationException' && /resource not found|does not exist/i.test(e.message ?? '');
}

/**
 * The metrics `finalMetric()` reads (the FinalMetrics property). A completed job that did not report one
 * fails here with a reason, instead of CloudFormation's generic "attribute does not exist" later.
 */
function requestedMetrics(name: string, job: Description, event: TrainingJobEvent): string[] {
  const requested = JSON.parse(event.ResourceProperties[PROP_FINAL_METRICS] ?? '[]') as string[];
  const reported = new Set((job.FinalMetricDataList ?? []).filter((m) => m.Value !== undefined).map((m) => m.MetricName));
  const missing = requested.filter((m) => !reported.has(m));
  if (missing.length > 0) {
    throw new Error(`Training job ${name} completed but reported no final value for ${missing.map((m) => JSON.stringify(m)).join(', ')}, `
      + `which finalMetric() reads; reported: ${[...reported].join(', ') || 'none'}. Check the metric definitions' regexes `
      + 'against the job\'s log in CloudWatch (/aws/sagemaker/TrainingJobs).');
  }
  return requested;
}

/** Name, ARN, model URL and the requested final metrics; never more than CloudFormation accepts. */
function attributes(job: Description, metricNames: string[]): Record<string, string> {
  const name = job.TrainingJobName ?? '';
  const data: Record<string, string> = {
    [ATTR_JOB_NAME]: name,
    [ATTR_JOB_ARN]: job.TrainingJobArn ?? '',
    // Until the job completes SageMaker has no artifact yet; the URL is where it will be.
    [ATTR_MODEL_DATA_URL]: job.ModelArtifacts?.S3ModelArtifacts
      ?? `${(job.OutputDataConfig?.S3OutputPath ?? '').replace(/\/+$/, '')}/${modelArtifactsKeySuffix(name)}`,
  };
  for (const metricName of metricNames) {
    const value = job.FinalMetricDataList?.find((m) => m.MetricName === metricName)?.Value;
    if (value !== undefined) data[finalMetricAttributeName(metricName)] = String(value);
  }
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > MAX_RESPONSE_DATA_BYTES) {
    throw new Error(`Training job ${name}'s attributes take ${bytes} bytes, over the ${MAX_RESPONSE_DATA_BYTES} bytes a `
      + 'custom-resource response can carry (CloudFormation\'s limit is 4096 bytes for the whole response): '
      + 'read fewer final metrics, or use shorter metric names or output path.');
  }
  return data;
}

/** Whether the resource waits for the job to finish (the WaitForCompletion property, true unless 'false'). */
function waits(event: TrainingJobEvent): boolean {
  return event.ResourceProperties[PROP_WAIT] !== 'false';
}

function requirePhysicalId(event: TrainingJobEvent): string {
  if (!event.PhysicalResourceId) throw new Error(`${event.RequestType} event without a PhysicalResourceId`);
  return event.PhysicalResourceId;
}
