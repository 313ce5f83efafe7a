import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../core/validation';
import { checkLabelValue, checkNamespaceName } from './private/kube-checks';
import { DEFAULT_PART_OF, MANAGED_BY } from './private/kube-conventions';
import { k8s } from './private/k8s-api';
import { KubeSecurityProfile } from './kube-security-profile';

/** Properties of a {@link KubeModelNamespace}. */
export interface KubeModelNamespaceProps {
  /** The namespace name (a DNS-1123 label). */
  readonly name: string;
  /**
   * The Pod Security Standard the namespace enforces (`pod-security.kubernetes.io/enforce`); it warns and
   * audits at `restricted` whatever it enforces. Use BASELINE when a workload in it runs a root image.
   * @default KubeSecurityProfile.RESTRICTED
   */
  readonly enforce?: KubeSecurityProfile;
  /** The `app.kubernetes.io/part-of` label. @default 'cdk-mlops' */
  readonly partOf?: string;
}

/**
 * The namespace a model's objects live in, with Pod Security Admission labels so the API server itself
 * rejects pods weaker than the profile (Kubernetes 1.25+).
 */
export class KubeModelNamespace extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The Namespace object. */
  public readonly resource: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: KubeModelNamespaceProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'KubeModelNamespace');
    checkNamespaceName(check, 'name', props.name);
    if (props.partOf !== undefined) checkLabelValue(check, 'partOf', props.partOf);
    check.throwIfInvalid();
    this.namespaceName = props.name;
    const enforce = props.enforce ?? KubeSecurityProfile.RESTRICTED;
    this.resource = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          'app.kubernetes.io/part-of': props.partOf ?? DEFAULT_PART_OF,
          'app.kubernetes.io/managed-by': MANAGED_BY,
          'pod-security.kubernetes.io/enforce': enforce,
          'pod-security.kubernetes.io/warn': KubeSecurityProfile.RESTRICTED,
          'pod-security.kubernetes.io/audit': KubeSecurityProfile.RESTRICTED,
        },
      },
    });
    // A chart's namespace is stamped on every object it holds; a Namespace is cluster-scoped and has none.
    if (Chart.of(this).namespace !== undefined) this.resource.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
