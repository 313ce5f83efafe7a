import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../core/validation';
import { ArgoCdSourceLocation, ArgoCdSyncOptions } from './argo-cd-sync-options';
import { DEFAULT_ARGO_CD_NAMESPACE, renderApplicationSpec, RESOURCES_FINALIZER, syncOptionProblems } from './private/argo-cd-sync';
import { checkKubeName } from './private/kube-checks';
import { kubeNameFromId, MANAGED_BY } from './private/kube-conventions';
import { SYNC_WAVE_ANNOTATION } from './private/sync-wave';

/** Properties of an {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps extends ArgoCdSyncOptions, ArgoCdSourceLocation {
  /** Name of the Application. @default - the construct id in kebab case */
  readonly name?: string;
  /** Sync wave of the Application itself, when an app-of-apps syncs several. @default - none */
  readonly syncWave?: number;
}

/**
 * An Argo CD `Application` that deploys synthesized YAML committed to git: one folder (and file glob) of
 * a repository, synced automatically with self-heal by default; Argo CD applies the objects in their sync
 * waves (namespaces, then setup, training, serving), retries transient failures, and, with prune, deletes
 * what was removed from git.
 */
export class ArgoCdApplication extends Construct {
  /** Name of the Application. */
  public readonly applicationName: string;
  /** The `argoproj.io/v1alpha1` Application. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    this.applicationName = props.name ?? kubeNameFromId(id);
    const argoCdNamespace = props.argoCdNamespace ?? DEFAULT_ARGO_CD_NAMESPACE;
    const check = new PropsCheck(this, 'ArgoCdApplication');
    checkKubeName(check, props.name === undefined ? 'name (from the construct id)' : 'name', this.applicationName, 63);
    checkKubeName(check, 'argoCdNamespace', argoCdNamespace, 63);
    if (props.destinationNamespace !== undefined) checkKubeName(check, 'destinationNamespace', props.destinationNamespace, 63);
    check.require(props.path.length > 0 && !props.path.startsWith('/') && !props.path.split('/').includes('..'), 'path', props.path,
      'must be a folder relative to the repository root, without ".." (e.g. "deploy/k8s"; "." for the root)');
    check.integerInRange('syncWave', props.syncWave, -1000, 1000);
    for (const [prop, value, allowed] of syncOptionProblems(props)) check.fail(prop, value, allowed);
    check.throwIfInvalid();

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: this.applicationName,
        // Argo CD's namespace, whatever the chart's is (an explicit namespace wins).
        namespace: argoCdNamespace,
        labels: { 'app.kubernetes.io/name': this.applicationName, 'app.kubernetes.io/managed-by': MANAGED_BY },
        annotations: props.syncWave !== undefined ? { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) } : undefined,
        finalizers: props.deleteResourcesWithApplication ?? true ? [RESOURCES_FINALIZER] : undefined,
      },
      spec: renderApplicationSpec(props, props),
    });
  }
}
