/**
 * Schema validation of Kubernetes objects with `kubernetes-models` (the OpenAPI schemas of the Kubernetes API).
 * `kubernetes-models` is loaded only when a check runs: it is the package user's dev dependency, not ours
 * (docs/testing.md says why), so importing cdk-mlops never loads it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model class takes its own typed input
type ModelClass = new (data: any) => { validate(): void };

/** `apiVersion/kind` → the kubernetes-models module of that kind. Add a line when the library renders a new kind. */
const MODEL_MODULES: { [apiVersionKind: string]: string } = {
  'v1/ConfigMap': 'v1/ConfigMap', 'v1/LimitRange': 'v1/LimitRange', 'v1/Namespace': 'v1/Namespace',
  'v1/PersistentVolumeClaim': 'v1/PersistentVolumeClaim', 'v1/Pod': 'v1/Pod', 'v1/ResourceQuota': 'v1/ResourceQuota',
  'v1/Secret': 'v1/Secret', 'v1/Service': 'v1/Service', 'v1/ServiceAccount': 'v1/ServiceAccount',
  'apps/v1/DaemonSet': 'apps/v1/DaemonSet', 'apps/v1/Deployment': 'apps/v1/Deployment', 'apps/v1/StatefulSet': 'apps/v1/StatefulSet',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2/HorizontalPodAutoscaler',
  'batch/v1/CronJob': 'batch/v1/CronJob', 'batch/v1/Job': 'batch/v1/Job',
  'networking.k8s.io/v1/Ingress': 'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy': 'networking.k8s.io/v1/NetworkPolicy',
  'policy/v1/PodDisruptionBudget': 'policy/v1/PodDisruptionBudget', 'scheduling.k8s.io/v1/PriorityClass': 'scheduling.k8s.io/v1/PriorityClass',
  'storage.k8s.io/v1/StorageClass': 'storage.k8s.io/v1/StorageClass',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.authorization.k8s.io/v1/RoleBinding',
};

/** The `apiVersion/kind` pairs {@link validateK8sManifests} can check. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(MODEL_MODULES).sort();

function modelClass(apiVersionKind: string): ModelClass {
  const module = `kubernetes-models/${MODEL_MODULES[apiVersionKind]}`;
  let loaded: { [name: string]: ModelClass };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (optional, the user's dev dependency)
    loaded = require(module);
  } catch (error) {
    throw new Error(`validating Kubernetes manifests needs the kubernetes-models package (${module}): `
      + `npm install --save-dev kubernetes-models (${(error as Error).message.split('\n')[0]})`);
  }
  return loaded[apiVersionKind.split('/').pop()!];
}

/**
 * Validates every object against the Kubernetes schema for its apiVersion and kind. Throws on the first
 * invalid object (or unknown kind), naming its kind, name and what is wrong.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped JSON from synth or YAML
export function validateK8sManifests(objects: any[]): void {
  objects.forEach((obj, index) => {
    const key = `${obj?.apiVersion}/${obj?.kind}`;
    const where = `${obj?.kind ?? '<no kind>'} '${obj?.metadata?.name ?? '<no name>'}' (object ${index}, ${obj?.apiVersion})`;
    if (MODEL_MODULES[key] === undefined) {
      throw new Error(`${where}: no schema for ${key}; known: ${VALIDATED_KINDS.join(', ')}`);
    }
    const ModelFor = modelClass(key);
    try {
      new ModelFor(obj).validate();
    } catch (error) {
      throw new Error(`${where} is invalid: ${(error as Error).message}`);
    }
  });
}
