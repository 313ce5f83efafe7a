/**
 * Naming and labelling conventions shared by the k8s constructs: the `app.kubernetes.io/*`
 * recommended labels and turning construct ids into Kubernetes object names.
 */

/** Who renders these objects, for `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s';

/** The `part-of` label value when the user gives none. */
export const DEFAULT_PART_OF = 'cdk-mlops';

/**
 * An RFC 1035 label (what Service names must be): lowercase letters, digits and '-', starting with
 * a letter. Every object of a construct shares one name, so the strictest kind decides.
 */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes label value: up to 63 characters, alphanumeric at both ends, `-_.` inside. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** What the recommended labels describe. */
export interface RecommendedLabelInput {
  /** The object name, used for `name` and `instance`. */
  readonly name: string;
  /** What the object is within the application, e.g. `model-server`. */
  readonly component: string;
  /** The larger application. */
  readonly partOf: string;
  /** The version being run. */
  readonly version: string;
}

/** The `app.kubernetes.io/*` labels put on every object a construct renders. */
export function recommendedLabels(input: RecommendedLabelInput): Record<string, string> {
  return {
    ...selectorLabels(input.name, input.component),
    'app.kubernetes.io/part-of': input.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': input.version,
  };
}

/**
 * The labels selectors match on. They leave out `version` on purpose: a Deployment's selector is
 * immutable, so a label that changes on every release must not be part of it.
 */
export function selectorLabels(name: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': component,
  };
}

/** `MnistServing` → `mnist-serving`: a construct id as a Kubernetes name (checked by the caller). */
export function kubeNameFromId(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The version label for an image: its tag (`repo/model:1.4.2` → `1.4.2`), the first 12 hex digits of
 * its digest, or `latest` when it has neither (what the runtime would pull).
 */
export function versionFromImage(image: string): string {
  const digest = /@sha256:([0-9a-f]{12})/.exec(image);
  if (digest) return `sha256-${digest[1]}`;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
  return LABEL_VALUE.test(tag) && tag.length <= 63 ? tag : 'unversioned';
}

// Progressive delivery and monitoring: names the canary, analysis, ServiceMonitor and autoscaler must agree on.

/** Where the Argo Rollouts controller reaches Prometheus when none is given (prometheus-operator's Service in `monitoring`). */
export const DEFAULT_PROMETHEUS_ADDRESS = 'http://prometheus-operated.monitoring.svc:9090';

/** The analysis argument carrying the canary's pod-template hash (Argo Rollouts sets it from the canary ReplicaSet). */
export const CANARY_HASH_ARG = 'canary-hash';

/** Label Argo Rollouts puts on a Rollout's pods; copied onto the series so an analysis can tell canary from stable. */
export const ROLLOUT_HASH_POD_LABEL = 'rollouts-pod-template-hash';

/** Label marking the extra stable/canary Services of a routed canary, which the ServiceMonitor leaves out. */
export const TRAFFIC_ROLE_LABEL = 'cdk-mlops/traffic-role';
