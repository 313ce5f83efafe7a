/**
 * Schema validation of synthesized Kubernetes objects with `kubernetes-models` (the OpenAPI schemas of
 * the Kubernetes API). Shared by the k8s construct tests and the reference app's YAML checks.
 *
 * ```ts
 * validateK8sManifests(Testing.synth(chart));                 // throws on the first invalid object
 * validateK8sManifests(YAML.parseAllDocuments(text).map((d) => d.toJSON()));
 * ```
 */
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model class takes its own typed input
type ModelClass = new (data: any) => { validate(): void };

/** `apiVersion/kind` → model class. Add a line here when the library renders a new kind. */
const MODELS: Record<string, ModelClass> = Object.fromEntries(([
  ConfigMap, LimitRange, Namespace, PersistentVolumeClaim, Pod, ResourceQuota, Secret, Service, ServiceAccount,
  DaemonSet, Deployment, StatefulSet, HorizontalPodAutoscaler, CronJob, Job, Ingress, NetworkPolicy,
  PodDisruptionBudget, PriorityClass, StorageClass, ClusterRole, ClusterRoleBinding, Role, RoleBinding,
] as unknown as Array<ModelClass & { apiVersion: string; kind: string }>).map((m) => [`${m.apiVersion}/${m.kind}`, m]));

/** The `apiVersion/kind` pairs {@link validateK8sManifests} can check. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(MODELS).sort();

/**
 * Validates every object against the Kubernetes schema for its apiVersion and kind. Throws on the first
 * invalid object (or unknown kind), naming its kind, name and what is wrong.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped JSON from synth or YAML
export function validateK8sManifests(objects: any[]): void {
  objects.forEach((obj, index) => {
    const key = `${obj?.apiVersion}/${obj?.kind}`;
    const where = `${obj?.kind ?? '<no kind>'} '${obj?.metadata?.name ?? '<no name>'}' (object ${index}, ${obj?.apiVersion})`;
    const ModelFor = MODELS[key];
    if (!ModelFor) {
      throw new Error(`${where}: no schema for ${key}; known: ${VALIDATED_KINDS.join(', ')}`);
    }
    try {
      new ModelFor(obj).validate();
    } catch (error) {
      throw new Error(`${where} is invalid: ${(error as Error).message}`);
    }
  });
}
