import { createHash } from 'node:crypto';
import { canonicalJson, CONFIGURATION_HASH_LENGTH, configurationHash, lowerCaseSlug } from '../../core/private/configuration-hash';

export { canonicalJson };

/** Hex digits of the configuration hash in a job name. 48 bits: collisions need ~16 million configs. */
export const JOB_NAME_HASH_LENGTH = CONFIGURATION_HASH_LENGTH;
/** SageMaker's limit on training job names. */
export const MAX_JOB_NAME_LENGTH = 63;
/** Longest stack scope (`<scope>--` starts every job name of a stack). */
export const MAX_STACK_SCOPE_LENGTH = 20;
/** Longest prefix after the stack scope that still leaves room for `-<hash>`. */
export const MAX_JOB_NAME_PREFIX_LENGTH = MAX_JOB_NAME_LENGTH - (MAX_STACK_SCOPE_LENGTH + 2) - 1 - JOB_NAME_HASH_LENGTH;
/**
 * What a name prefix may look like: SageMaker's `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`, restricted to
 * lower case because SageMaker lower-cases names inside ARNs and IAM matches ARNs case-sensitively.
 */
export const JOB_NAME_PREFIX_PATTERN = /^[a-z0-9](-*[a-z0-9])*$/;

/**
 * The part every training-job name of a stack starts with (`<scope>--`). The custom-resource handler may
 * only touch jobs in its own stack's scope, and a renamed construct or a removed job stays inside it, so
 * CloudFormation can always describe and stop the jobs it deletes.
 *
 * Two stacks must never share a scope (decision 15), but job names are lower case (SageMaker lower-cases
 * them in ARNs) and `MlStack` and `mlstack` are two stacks. So the scope is the stack name itself only when
 * that is already a lower-case slug of at most 20 characters; any other name (upper case, long) is cut to
 * 13 characters of its slug plus 6 hex digits of a hash of the exact name, which differ for every name.
 */
export function stackJobNameScope(stackName: string): string {
  const slug = lowerCaseSlug(stackName) || 'stack';
  if (slug === stackName && slug.length <= MAX_STACK_SCOPE_LENGTH) return slug;
  const hash = createHash('sha256').update(stackName).digest('hex').slice(0, 6);
  return `${slug.slice(0, MAX_STACK_SCOPE_LENGTH - 7).replace(/-+$/, '')}-${hash}`;
}

/**
 * A readable prefix from a construct path inside its stack: `Training/Mnist` → `training-mnist`.
 * Long paths keep their end (the most specific part).
 */
export function jobNamePrefixFromPath(path: string): string {
  let prefix = lowerCaseSlug(path);
  if (prefix.length > MAX_JOB_NAME_PREFIX_LENGTH) {
    prefix = prefix.slice(prefix.length - MAX_JOB_NAME_PREFIX_LENGTH).replace(/^-+/, '');
  }
  return prefix || 'training-job';
}

/**
 * `<prefix>-<first 12 hex digits of sha256(configuration)>`. The configuration is the job's
 * CreateTrainingJob request after `Stack.resolve` (tokens become their deterministic CloudFormation
 * form, e.g. `{"Ref":"DataBucket..."}`), so synthesizing twice gives the same name.
 */
export function trainingJobName(prefix: string, configuration: unknown): string {
  return `${prefix}-${configurationHash(configuration)}`;
}
