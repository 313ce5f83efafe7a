/**
 * The order a model's objects are synced in by Argo CD. Argo CD applies one wave, waits until it is
 * healthy, then applies the next; a `batch/v1` Job is healthy once it has succeeded, so serving is only
 * rolled out after training has written the model. kubectl ignores the annotation. `ModelServingChart`
 * annotates every object (`argocd.argoproj.io/sync-wave`) when it is synthesized.
 */
export enum KubeSyncWave {
  /** -2: Namespaces. */
  NAMESPACE = 'namespace',
  /** -1: what pods need before they start: ServiceAccounts, ConfigMaps, Secrets, NetworkPolicies, claims, node pools. */
  SETUP = 'setup',
  /** 0: training Jobs (and their headless Service). */
  TRAINING = 'training',
  /** 1: serving: Deployment or Rollout, Service, autoscaling, disruption budget, monitoring. */
  SERVING = 'serving',
}
