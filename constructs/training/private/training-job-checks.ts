import { Duration } from 'aws-cdk-lib';
import { InstanceUsage, PropsCheck } from '../../core';
import { checkInstanceType } from '../../core/private/instance-type-checks';
import { checkAwsTags, checkSageMakerEnvironment, checkWholeGibibytes, TRAINING_ENVIRONMENT_LIMITS } from '../../core/private/prop-checks';
import { checkChannelName, checkHyperparameterCount, checkHyperparameterName } from '../../core/private/training-contract';
import { Hyperparameter } from '../hyperparameter';
import { JOB_NAME_PREFIX_PATTERN, MAX_JOB_NAME_PREFIX_LENGTH } from './job-name';
import { checkMetricDefinitions, DEFAULT_METRIC_DEFINITIONS } from './metric-definitions';
import { MAX_WAITED_JOB_DURATION } from './training-job-provider';
import type { SageMakerTrainingJobProps } from '../training-job';

/** SageMaker's longest MaxRuntimeInSeconds / MaxWaitTimeInSeconds: 28 days. */
const MAX_JOB_SECONDS = 28 * 24 * 3600;

/** 'models/' → 'models', '/a/b/' → 'a/b'. */
export function trimSlashes(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/** CreateTrainingJob's limit on tags. */
const MAX_TRAINING_JOB_TAGS = 50;

/** What the caller adds to the request beyond the props. */
export interface TrainingJobCheckOptions {
  /** Tags the caller adds to every job (the pipeline's per-run tags), which count toward the limit. @default 0 */
  readonly libraryTagCount?: number;
}

/** Records every problem with the props; the construct throws them together. */
export function checkTrainingJobProps(check: PropsCheck, props: SageMakerTrainingJobProps, options: TrainingJobCheckOptions = {}): void {
  checkInstanceType(check, 'instanceType', props.instanceType, InstanceUsage.TRAINING);
  check.integerInRange('instanceCount', props.instanceCount, 1, 1000);
  checkWholeGibibytes(check, 'volumeSize', props.volumeSize, 1, 16384);
  // SageMaker rejects VolumeKmsKeyId for types whose local NVMe storage it encrypts by hardware (decision 6).
  if (props.volumeEncryptionKey && props.instanceType.hasInstanceStorage) {
    check.fail('volumeEncryptionKey', props.instanceType.name, 'must be omitted for instance types with local NVMe storage '
      + '(g4dn, g5, g6, p4d, p5, trn1, ...), which SageMaker encrypts by hardware and rejects a VolumeKmsKeyId for; '
      + 'drop volumeEncryptionKey or pick a type without instance storage (e.g. ml.m5, ml.c5, ml.p3)');
  }

  const runtime = seconds(props.maxRuntime) ?? 30 * 60;
  check.integerInRange('maxRuntime (seconds)', seconds(props.maxRuntime), 1, MAX_JOB_SECONDS);
  const maxWait = seconds(props.spot?.maxWait);
  if (props.spot) {
    check.integerInRange('spot.maxWait (seconds)', maxWait, 1, MAX_JOB_SECONDS);
    check.require(maxWait === undefined || maxWait > runtime, 'spot.maxWait', `${maxWait} seconds`,
      `must be longer than maxRuntime (${runtime} seconds): it is the whole time allowed, waiting for spot capacity included`);
    check.matches('spot.localCheckpointPath', props.spot.localCheckpointPath, /^\/[^\s]*$/, 'must be an absolute path without spaces');
  }
  const longest = maxWait ?? runtime;
  if ((props.waitForCompletion ?? true) && longest > MAX_WAITED_JOB_DURATION.toSeconds()) {
    check.fail(props.spot ? 'spot.maxWait' : 'maxRuntime', `${longest} seconds`,
      `must be at most ${MAX_WAITED_JOB_DURATION.toMinutes()} minutes while waitForCompletion is true (CloudFormation gives a custom `
      + 'resource one hour, minus provisioning and upload time); set waitForCompletion: false, or run longer jobs from '
      + 'Step Functions (SageMakerCreateTrainingJob with .sync), see docs/training.md');
  }

  const channels = Object.entries(props.inputChannels ?? {});
  check.require(channels.length >= 1 && channels.length <= 20, 'inputChannels', `${channels.length} channels`,
    'must name 1 to 20 input channels, e.g. { train: TrainingInput.fromMlBucket(data, "train/") }');
  for (const [name] of channels) {
    checkChannelName(check, `inputChannels["${name}"]`, name);
  }

  checkMetricDefinitions(check, props.metricDefinitions ?? []);
  checkQualityGate(check, props);
  const hyperparameters = Object.entries(props.hyperparameters ?? {});
  checkHyperparameterCount(check, hyperparameters.length);
  for (const [name, value] of hyperparameters) {
    checkHyperparameterName(check, `hyperparameters["${name}"]`, name);
    // A plain-JavaScript caller may pass a raw number or string, which has no _problem() to call.
    if (!(value instanceof Hyperparameter)) {
      check.fail(`hyperparameters["${name}"]`, value, 'must be a Hyperparameter, e.g. Hyperparameter.fromNumber(0.001) or Hyperparameter.fromString("adam")');
      continue;
    }
    const problem = value._problem();
    if (problem) check.fail(`hyperparameters["${name}"]`, value.value, problem);
  }
  checkSageMakerEnvironment(check, 'environment', props.environment, TRAINING_ENVIRONMENT_LIMITS);
  const ownTags = options.libraryTagCount ?? 0;
  checkAwsTags(check, 'tags', props.tags, MAX_TRAINING_JOB_TAGS - ownTags,
    ownTags > 0 ? `CreateTrainingJob allows ${MAX_TRAINING_JOB_TAGS}, and ${ownTags} are the library's own on every run` : undefined);

  if (props.jobNamePrefix !== undefined) {
    check.require(props.jobNamePrefix.length <= MAX_JOB_NAME_PREFIX_LENGTH && JOB_NAME_PREFIX_PATTERN.test(props.jobNamePrefix),
      'jobNamePrefix', props.jobNamePrefix,
      `must be 1-${MAX_JOB_NAME_PREFIX_LENGTH} lower-case letters, digits and hyphens, starting and ending with a letter or digit `
      + '(the name is "<stack scope>--<prefix>-<12-hex hash>" and SageMaker allows 63 characters)');
  }
  if (!props.vpc) {
    check.require(props.vpcSubnets === undefined, 'vpcSubnets', props.vpcSubnets, 'only with vpc');
    check.require(props.securityGroups === undefined, 'securityGroups', `${props.securityGroups?.length} groups`, 'only with vpc');
  }
}

function seconds(duration: Duration | undefined): number | undefined {
  if (duration === undefined || duration.isUnresolved()) return undefined;
  try {
    return duration.toSeconds();
  } catch {
    return Number.NaN;
  }
}

/** The gate needs a metric the job reports, a bound, and a resource that waits for the job to finish. */
function checkQualityGate(check: PropsCheck, props: SageMakerTrainingJobProps): void {
  const gate = props.qualityGate;
  if (!gate) return;
  const metrics = (props.metricDefinitions ?? DEFAULT_METRIC_DEFINITIONS).map((m) => m?.name);
  check.require(metrics.includes(gate.metricName), 'qualityGate.metricName', gate.metricName,
    `must be one of the job's metric definitions: ${metrics.join(', ')}`);
  check.require(gate.minimum !== undefined || gate.maximum !== undefined, 'qualityGate', gate, 'needs a minimum, a maximum or both');
  for (const bound of ['minimum', 'maximum'] as const) {
    const value = gate[bound];
    if (value !== undefined) check.require(Number.isFinite(value), `qualityGate.${bound}`, value, 'must be a finite number');
  }
  if (gate.minimum !== undefined && gate.maximum !== undefined) {
    check.require(gate.minimum <= gate.maximum, 'qualityGate.maximum', gate.maximum, `must be ≥ qualityGate.minimum (${gate.minimum})`);
  }
  check.require(props.waitForCompletion !== false, 'waitForCompletion', false,
    'must be true with a qualityGate: the gate is checked when the job completes');
}
