import { createHash } from 'node:crypto';

/** Hex digits of the configuration hash in a job name. 48 bits: collisions need ~16 million configs. */
export const JOB_NAME_HASH_LENGTH = 12;
/** SageMaker's limit on training job names. */
export const MAX_JOB_NAME_LENGTH = 63;
/** Longest prefix that still leaves room for `-<hash>`. */
export const MAX_JOB_NAME_PREFIX_LENGTH = MAX_JOB_NAME_LENGTH - 1 - JOB_NAME_HASH_LENGTH;
/**
 * What a name prefix may look like: SageMaker's `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`, restricted to
 * lower case because SageMaker lower-cases names inside ARNs and IAM matches ARNs case-sensitively.
 */
export const JOB_NAME_PREFIX_PATTERN = /^[a-z0-9](-*[a-z0-9])*$/;

/**
 * A readable prefix from a construct path: `MlPlatform/Training/Mnist` → `mlplatform-training-mnist`.
 * Long paths keep their end (the most specific part).
 */
export function jobNamePrefixFromPath(path: string): string {
  let prefix = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (prefix.length > MAX_JOB_NAME_PREFIX_LENGTH) {
    prefix = prefix.slice(prefix.length - MAX_JOB_NAME_PREFIX_LENGTH).replace(/^-+/, '');
  }
  return prefix || 'training-job';
}

/** JSON with object keys sorted at every level, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `<prefix>-<first 12 hex digits of sha256(configuration)>`. The configuration is the job's
 * CreateTrainingJob request after `Stack.resolve` (tokens become their deterministic CloudFormation
 * form, e.g. `{"Ref":"DataBucket..."}`), so synthesizing twice gives the same name.
 */
export function trainingJobName(prefix: string, configuration: unknown): string {
  const hash = createHash('sha256').update(canonicalJson(configuration)).digest('hex').slice(0, JOB_NAME_HASH_LENGTH);
  return `${prefix}-${hash}`;
}
