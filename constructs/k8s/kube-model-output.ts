/**
 * Where a Kubernetes training job's `/opt/ml/model` goes.
 *
 * ```ts
 * KubeModelOutput.toS3('s3://my-models/mnist/')            // <prefix><job name>/output/model.tar.gz, as SageMaker
 * KubeModelOutput.toPersistentVolumeClaim('mnist-models')  // written straight to a claim you provide
 * KubeModelOutput.ephemeral()                              // lost with the pod (smoke tests)
 * ```
 */
export class KubeModelOutput {
  /**
   * Pack `/opt/ml/model` into `model.tar.gz` and upload it to `<outputUri><job name>/output/model.tar.gz`,
   * the key SageMaker uses, so `KubeModelSource.fromTrainingJob` and SageMaker can serve it. The pods need
   * `s3:PutObject` on that prefix and `s3:ListBucket` on the bucket (the upload never replaces a model already
   * there), through EKS Pod Identity or IRSA on the job's service account.
   * @param outputUri `s3://bucket/prefix/` (a trailing `/` is added when missing)
   */
  public static toS3(outputUri: string): KubeModelOutput {
    return new KubeModelOutput(undefined, outputUri.endsWith('/') ? outputUri : `${outputUri}/`);
  }

  /**
   * Mount an existing PersistentVolumeClaim at `/opt/ml/model`; the model survives the pod (for several
   * nodes, ReadWriteMany, or let only rank 0 save). A retrain overwrites the model in place.
   */
  public static toPersistentVolumeClaim(claimName: string): KubeModelOutput {
    return new KubeModelOutput(claimName, undefined);
  }

  /** An emptyDir: the model is lost when the pod ends. For smoke tests and training code that uploads by itself. */
  public static ephemeral(): KubeModelOutput {
    return new KubeModelOutput(undefined, undefined);
  }

  /** The claim name, for a claim output. */
  public readonly claimName?: string;
  /** The `s3://bucket/prefix/` output prefix, for an S3 output. */
  public readonly s3OutputUri?: string;

  private constructor(claimName: string | undefined, s3OutputUri: string | undefined) {
    this.claimName = claimName;
    this.s3OutputUri = s3OutputUri;
  }
}
