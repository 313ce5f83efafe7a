/**
 * Where a Kubernetes training job's `/opt/ml/model` goes.
 *
 * Kubernetes 1.27 (the product's target) has no way to run a step after a Job's main container ends:
 * native sidecars (init containers with `restartPolicy: Always`) arrive in 1.28, and a plain sidecar
 * cannot tell when training is done without changing the image's `train` contract. So the model is
 * written straight to a volume that outlives the pod: a PersistentVolumeClaim you provide (for several
 * nodes, ReadWriteMany, or let only rank 0 save, as SageMaker's own distributed recipes do). Copy it to
 * S3 afterwards (e.g. a follow-up Job running `aws s3 cp`) if SageMaker or `KubeModelSource.fromS3Uri`
 * should serve it.
 */
export class KubeModelOutput {
  /** Mount an existing PersistentVolumeClaim at `/opt/ml/model`; the model survives the pod. */
  public static toPersistentVolumeClaim(claimName: string): KubeModelOutput {
    return new KubeModelOutput(claimName);
  }

  /** An emptyDir: the model is lost when the pod ends. For smoke tests and training code that uploads by itself. */
  public static ephemeral(): KubeModelOutput {
    return new KubeModelOutput(undefined);
  }

  /** The claim name, or undefined for an ephemeral output. */
  public readonly claimName?: string;

  private constructor(claimName: string | undefined) {
    this.claimName = claimName;
  }
}
