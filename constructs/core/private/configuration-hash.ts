import { createHash } from 'node:crypto';

/**
 * The one rule for naming a run after its configuration, shared by SageMaker training-job names
 * (constructs/training/private/job-name.ts) and Kubernetes training Jobs (constructs/k8s): the same configuration
 * gives the same name, any change (a retrain trigger included) gives a new one. Internal: not exported
 * from the package.
 */

/** Hex digits of the configuration hash in a run name. 48 bits: collisions need ~16 million configs. */
export const CONFIGURATION_HASH_LENGTH = 12;

/** JSON with object keys sorted at every level (undefined members left out), so equal configurations hash equally. */
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

/** The first `CONFIGURATION_HASH_LENGTH` hex digits of sha256 over the canonical JSON of `configuration`. */
export function configurationHash(configuration: unknown): string {
  return createHash('sha256').update(canonicalJson(configuration)).digest('hex').slice(0, CONFIGURATION_HASH_LENGTH);
}

/** Lower case, every run of other characters one hyphen, no hyphen at either end: `Ml/Platform_1` → `ml-platform-1`. */
export function lowerCaseSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
