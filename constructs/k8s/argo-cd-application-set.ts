import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../core/validation';
import { ArgoCdSourceLocation, ArgoCdSyncOptions } from './argo-cd-sync-options';
import { DEFAULT_ARGO_CD_NAMESPACE, renderApplicationSpec, RESOURCES_FINALIZER, syncOptionProblems } from './private/argo-cd-sync';
import { checkKubeName } from './private/kube-checks';
import { kubeNameFromId, MANAGED_BY } from './private/kube-conventions';

/** One Application an {@link ArgoCdApplicationSet} generates: a model, or a model in one environment. */
export interface ArgoCdApplicationSetElement extends ArgoCdSourceLocation {
  /** Name of the generated Application, e.g. `digits` or `digits-staging`. */
  readonly name: string;
}

/** Properties of an {@link ArgoCdApplicationSet}. */
export interface ArgoCdApplicationSetProps extends ArgoCdSyncOptions {
  /** Name of the ApplicationSet. @default - the construct id in kebab case */
  readonly name?: string;
  /** The Applications to generate, one per model or per model and environment. */
  readonly elements: ArgoCdApplicationSetElement[];
}

/**
 * An Argo CD `ApplicationSet` with a list generator: one Application per element (a model, or a model in
 * an environment: `deploy/staging` and `deploy/prod` folders of the same repository), all with the same sync
 * policy as {@link ArgoCdApplication}. Adding a model is one more element; Argo CD creates its Application.
 */
export class ArgoCdApplicationSet extends Construct {
  /** The `argoproj.io/v1alpha1` ApplicationSet. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationSetProps) {
    super(scope, id);
    const name = props.name ?? kubeNameFromId(id);
    const argoCdNamespace = props.argoCdNamespace ?? DEFAULT_ARGO_CD_NAMESPACE;
    const check = new PropsCheck(this, 'ArgoCdApplicationSet');
    checkKubeName(check, props.name === undefined ? 'name (from the construct id)' : 'name', name, 63);
    checkKubeName(check, 'argoCdNamespace', argoCdNamespace, 63);
    check.require(props.elements.length > 0, 'elements', props.elements, 'must hold at least one element');
    const seen = new Set<string>();
    props.elements.forEach((e, i) => {
      checkKubeName(check, `elements[${i}].name`, e.name, 63);
      check.require(!seen.has(e.name), `elements[${i}].name`, e.name, 'must be unique: two Applications cannot share a name');
      seen.add(e.name);
      check.require(e.path.length > 0 && !e.path.startsWith('/') && !e.path.split('/').includes('..'), `elements[${i}].path`, e.path,
        'must be a folder relative to the repository root, without ".."');
      if (e.destinationNamespace !== undefined) checkKubeName(check, `elements[${i}].destinationNamespace`, e.destinationNamespace, 63);
    });
    for (const [prop, value, allowed] of syncOptionProblems(props)) check.fail(prop, value, allowed);
    check.throwIfInvalid();

    // Every element carries every key (empty when unset), so the template's placeholders always resolve.
    const elements = props.elements.map((e) => ({ name: e.name, path: e.path, include: e.include ?? '*', namespace: e.destinationNamespace ?? '' }));
    const spec = renderApplicationSpec(props, { path: '{{.path}}', include: '{{.include}}', destinationNamespace: '{{.namespace}}' });
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: {
        name,
        namespace: argoCdNamespace,
        labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': MANAGED_BY },
      },
      spec: {
        goTemplate: true,
        // A missing key is an error, not "<no value>" in a path.
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        template: {
          metadata: {
            name: '{{.name}}',
            labels: { 'app.kubernetes.io/name': '{{.name}}', 'app.kubernetes.io/managed-by': MANAGED_BY },
            finalizers: props.deleteResourcesWithApplication ?? true ? [RESOURCES_FINALIZER] : undefined,
          },
          spec,
        },
      },
    });
  }
}
