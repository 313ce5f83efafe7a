/**
 * Prop checks shared by every construct beyond PropsCheck's basics: tokens in values used in arithmetic,
 * whole-unit durations and sizes, and values a plain-JavaScript caller may leave out or mistype. Each records
 * problems on the PropsCheck (all are reported at once, named by prop); none throws.
 */
import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { isUnresolved, PropsCheck } from '../validation';

/** Units {@link checkWholeDuration} converts to. */
export enum DurationUnit {
  MILLISECONDS = 'milliseconds',
  SECONDS = 'seconds',
  MINUTES = 'minutes',
}

/**
 * A value used in arithmetic at synth time (scaled by a vCPU count, converted between units) must be a
 * literal: CloudFormation has no multiplication, and a token number multiplied in JavaScript becomes a
 * garbage literal (a CfnParameter's number times 4 renders as -7.55e+289). True when usable.
 */
export function checkLiteral(check: PropsCheck, prop: string, value: number | string | undefined, why: string): boolean {
  if (value === undefined || !isUnresolved(value)) return true;
  check.fail(prop, '(a token)', `must be a literal value, not a token (CfnParameter, reference): ${why}`);
  return false;
}

function toUnit(d: Duration, unit: DurationUnit): number {
  switch (unit) {
    case DurationUnit.MILLISECONDS: return d.toMilliseconds({ integral: true });
    case DurationUnit.SECONDS: return d.toSeconds({ integral: true });
    default: return d.toMinutes({ integral: true });
  }
}

/**
 * An optional Duration that must be a whole number of `unit` in [min, max]: a prop-named error instead of
 * aws-cdk-lib's deep "cannot be converted into a whole number" one. A token Duration passes when made in
 * `unit` (nothing to convert), else it is rejected (aws-cdk-lib cannot convert tokens). Returns the amount.
 */
export function checkWholeDuration(check: PropsCheck, prop: string, value: Duration | undefined, unit: DurationUnit,
  min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration)) {
    check.fail(prop, value, `must be a Duration, e.g. Duration.${unit}(${Math.max(min, 1)})`);
    return undefined;
  }
  let amount: number;
  try {
    amount = toUnit(value, unit);
  } catch {
    check.fail(prop, value.isUnresolved() ? '(a token)' : value.toHumanString(), value.isUnresolved()
      ? `a token Duration must be made in ${unit} (Duration.${unit}(token)): it cannot be converted at synth time`
      : `must be a whole number of ${unit} from ${min} to ${max}`);
    return undefined;
  }
  if (value.isUnresolved()) return undefined;
  check.require(Number.isInteger(amount) && amount >= min && amount <= max, prop, value.toHumanString(),
    `must be a whole number of ${unit} from ${min} to ${max}`);
  return amount;
}

/** An optional Size that must be a whole number of GiB in [min, max] (zero-sized disks are refused). Returns GiB. */
export function checkWholeGibibytes(check: PropsCheck, prop: string, value: Size | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Size)) {
    check.fail(prop, value, `must be a Size, e.g. Size.gibibytes(${Math.max(min, 1)})`);
    return undefined;
  }
  if (value.isUnresolved()) return undefined;
  let gib: number | undefined;
  try {
    gib = value.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    gib = undefined;
  }
  check.require(gib !== undefined && Number.isInteger(gib) && gib >= min && gib <= max, prop, value.toString(),
    `must be a whole number of GiB from ${min} to ${max}`);
  return gib;
}

/** A required object prop a plain-JavaScript caller may have left out (instead of a TypeError later). */
export function checkPresent(check: PropsCheck, prop: string, value: unknown, allowed: string): boolean {
  return check.require(value !== undefined && value !== null, prop, value, allowed);
}

/** A string prop a plain-JavaScript caller may have given as another type (a raw number, say). */
export function checkString(check: PropsCheck, prop: string, value: unknown, allowed: string): value is string {
  return check.require(typeof value === 'string', prop, value, allowed);
}

/** SageMaker's limits on a container environment, which differ by API (CreateModel vs CreateTrainingJob). */
export interface EnvironmentLimits {
  /** Most variables. */
  readonly maxEntries: number;
  /** Longest name and longest value, in characters. */
  readonly maxLength: number;
}

/** CreateModel's ContainerDefinition.Environment: 100 variables, names and values up to 1024 characters. */
export const MODEL_ENVIRONMENT_LIMITS: EnvironmentLimits = { maxEntries: 100, maxLength: 1024 };
/** CreateTrainingJob's Environment: 48 variables, names and values up to 512 characters. */
export const TRAINING_ENVIRONMENT_LIMITS: EnvironmentLimits = { maxEntries: 48, maxLength: 512 };

const SAGEMAKER_ENV_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The one environment rule for SageMaker containers (model and training): SageMaker's name pattern
 * `[a-zA-Z_][a-zA-Z0-9_]*`, and the API's count and length limits. Token names or values are skipped.
 */
export function checkSageMakerEnvironment(check: PropsCheck, prop: string, env: { [key: string]: string } | undefined,
  limits: EnvironmentLimits): void {
  if (env === undefined) return;
  const entries = Object.entries(env);
  check.require(entries.length <= limits.maxEntries, prop, `${entries.length} entries`,
    `at most ${limits.maxEntries} variables (SageMaker limit)`);
  for (const [name, value] of entries) {
    const at = `${prop}["${name}"]`;
    if (!isUnresolved(name)) {
      check.require(SAGEMAKER_ENV_NAME.test(name) && name.length <= limits.maxLength, at, name,
        `names match [a-zA-Z_][a-zA-Z0-9_]* and are at most ${limits.maxLength} characters`);
    }
    if (!checkString(check, at, value, `must be a string of at most ${limits.maxLength} characters`)) continue;
    if (!isUnresolved(value)) {
      check.require(value.length <= limits.maxLength, at, `${value.slice(0, 40)}… (${value.length} characters)`,
        `values are at most ${limits.maxLength} characters (SageMaker limit)`);
    }
  }
}

/**
 * Prefixes of tag keys a user may not set: `aws:` is AWS's (any case); `cdk-mlops:` is the library's own (the
 * training pipeline tags every run's job with `cdk-mlops:data-version` and `cdk-mlops:trigger`, and a duplicate
 * key would fail CreateTrainingJob on every run).
 */
const RESERVED_TAG_PREFIXES = [/^aws:/i, /^cdk-mlops:/i];

/**
 * The one tag rule, for every construct that takes user tags: keys 1-128 characters, values at most 256,
 * no key with a reserved prefix (`aws:`, `cdk-mlops:`, any case), at most `maxTags`. Token keys or values are skipped.
 */
export function checkAwsTags(
  check: PropsCheck, prop: string, tags: { [key: string]: string } | undefined, maxTags: number, whyMax?: string,
): void {
  if (tags === undefined) return;
  const entries = Object.entries(tags);
  check.require(entries.length <= maxTags, prop, `${entries.length} tags`, `at most ${maxTags} tags${whyMax ? ` (${whyMax})` : ''}`);
  for (const [key, value] of entries) {
    const at = `${prop}["${key}"]`;
    if (!isUnresolved(key)) {
      check.require(key.length >= 1 && key.length <= 128, at, key, 'tag keys are 1-128 characters');
      check.require(!RESERVED_TAG_PREFIXES[0].test(key), at, key, 'tag keys must not start with "aws:" (reserved for AWS)');
      check.require(!RESERVED_TAG_PREFIXES[1].test(key), at, key,
        'tag keys must not start with "cdk-mlops:" (reserved for the library\'s own tags, e.g. cdk-mlops:data-version)');
    }
    if (!checkString(check, at, value, 'tag values are strings of at most 256 characters')) continue;
    if (!isUnresolved(value)) check.require(value.length <= 256, at, value, 'tag values are at most 256 characters');
  }
}

/** A required S3 object key (or key prefix that must name something): non-empty once leading slashes go. */
export function checkS3Key(check: PropsCheck, prop: string, key: unknown, allowed: string): boolean {
  if (!checkString(check, prop, key, allowed)) return false;
  if (isUnresolved(key)) return true;
  return check.require(key.replace(/^\/+/, '').length > 0 && key.length <= 1024, prop, key, allowed);
}

/** An ECR image tag: 1-128 characters, `[a-zA-Z0-9_][a-zA-Z0-9_.-]*` (or a token). */
export function checkImageTag(check: PropsCheck, prop: string, tag: unknown): boolean {
  const allowed = 'must be an image tag: 1-128 letters, digits, "_", "." or "-", not starting with "." or "-" (e.g. "latest", "1.4.0")';
  if (!checkString(check, prop, tag, allowed)) return false;
  if (isUnresolved(tag)) return true;
  return check.require(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/.test(tag), prop, tag, allowed);
}

/** S3's general-purpose bucket naming rules, with the reserved prefixes and suffixes AWS keeps for itself. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `name` cannot be a general-purpose S3 bucket name, or undefined when it can. */
export function bucketNameProblem(name: string): string | undefined {
  const allowed = 'must be 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit';
  if (!BUCKET_NAME.test(name)) return allowed;
  if (name.includes('..')) return `${allowed}, without two adjacent dots`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return `${allowed}, not formatted as an IP address`;
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `${allowed}, not starting with the reserved prefix "${prefix}" (reserved: ${RESERVED_BUCKET_PREFIXES.join(', ')})`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `${allowed}, not ending with the reserved suffix "${suffix}" (reserved: ${RESERVED_BUCKET_SUFFIXES.join(', ')})`;
  return undefined;
}

/** An optional bucket name (tokens skipped): the one bucket-name rule. */
export function checkBucketName(check: PropsCheck, prop: string, name: string | undefined): void {
  if (name === undefined || isUnresolved(name)) return;
  const problem = typeof name === 'string' ? bucketNameProblem(name) : 'must be a string';
  if (problem) check.fail(prop, name, problem);
}
