/**
 * Defaults that must be the same on SageMaker and on Kubernetes, in one place: `lib/private/model-defaults.ts`
 * resolves a model definition with them for both targets, and the k8s constructs default to them.
 * Plain numbers, so both halves can use them (aws-cdk-lib and cdk8s have different Duration classes).
 * Internal: not exported from the package.
 */

/** Fewest instances / replicas: one, as a SageMaker endpoint starts. */
export const DEFAULT_MIN_CAPACITY = 1;
/** Most instances / replicas when none is given: 4, and never below the minimum. */
export function defaultMaxCapacity(minCapacity: number): number {
  return Math.max(minCapacity, 4);
}
/** Longest a training run may take: 30 minutes (a SageMaker training custom resource must finish within CloudFormation's hour). */
export const DEFAULT_TRAINING_MAX_RUNTIME_SECONDS = 30 * 60;
/** Training instances / pods. */
export const DEFAULT_TRAINING_INSTANCE_COUNT = 1;
/** Channels a training job reads when none are named. */
export const DEFAULT_TRAINING_CHANNELS: readonly string[] = ['train', 'validation', 'test'];
