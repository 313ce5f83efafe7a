/**
 * How a workload's pods get AWS credentials (for S3): the annotations its ServiceAccount carries.
 *
 * ```ts
 * KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/mnist-serving')  // IAM roles for service accounts
 * KubePodIdentity.eksPodIdentity()   // EKS Pod Identity: an association names namespace + service account, no annotation
 * ```
 */
export class KubePodIdentity {
  /**
   * IAM roles for service accounts (IRSA): the `eks.amazonaws.com/role-arn` annotation. The role's trust
   * policy must allow `system:serviceaccount:<namespace>:<service account name>` through the cluster's OIDC provider.
   */
  public static fromIrsaRoleArn(roleArn: string): KubePodIdentity {
    return new KubePodIdentity({ 'eks.amazonaws.com/role-arn': roleArn }, 'irsa');
  }

  /**
   * EKS Pod Identity: nothing on the ServiceAccount; create a pod identity association for the
   * namespace and service account name (`aws eks create-pod-identity-association` or
   * `AWS::EKS::PodIdentityAssociation`). The EKS Pod Identity Agent add-on injects the credentials.
   */
  public static eksPodIdentity(): KubePodIdentity {
    return new KubePodIdentity({}, 'eks-pod-identity');
  }

  /** Any other mechanism that reads ServiceAccount annotations. */
  public static fromAnnotations(annotations: { [key: string]: string }): KubePodIdentity {
    return new KubePodIdentity({ ...annotations }, 'annotations');
  }

  /** The ServiceAccount annotations. */
  public readonly annotations: { [key: string]: string };
  /** Which mechanism: `irsa`, `eks-pod-identity` or `annotations`. */
  public readonly mechanism: string;

  private constructor(annotations: { [key: string]: string }, mechanism: string) {
    this.annotations = annotations;
    this.mechanism = mechanism;
  }
}
