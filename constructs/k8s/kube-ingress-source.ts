/**
 * Who may reach a served model through its NetworkPolicy.
 *
 * ```ts
 * KubeIngressSource.fromNamespace('gateway')
 * KubeIngressSource.fromPods({ 'app.kubernetes.io/name': 'web' })
 * KubeIngressSource.fromPodsInNamespace('gateway', { app: 'envoy' })
 * ```
 */
export class KubeIngressSource {
  /** Every pod in a namespace (matched by its `kubernetes.io/metadata.name` label). */
  public static fromNamespace(namespaceName: string): KubeIngressSource {
    return new KubeIngressSource(namespaceName, undefined);
  }

  /** Pods with these labels in the model's own namespace. */
  public static fromPods(podLabels: Record<string, string>): KubeIngressSource {
    return new KubeIngressSource(undefined, podLabels);
  }

  /** Pods with these labels in another namespace. */
  public static fromPodsInNamespace(namespaceName: string, podLabels: Record<string, string>): KubeIngressSource {
    return new KubeIngressSource(namespaceName, podLabels);
  }

  /** The namespace, if the source names one. */
  public readonly namespaceName?: string;
  /** The pod labels, if the source names any. */
  public readonly podLabels?: Record<string, string>;

  private constructor(namespaceName: string | undefined, podLabels: Record<string, string> | undefined) {
    this.namespaceName = namespaceName;
    this.podLabels = podLabels;
  }
}
