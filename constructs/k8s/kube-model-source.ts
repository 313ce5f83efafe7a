/**
 * Where a served model's artifacts come from.
 *
 * ```ts
 * KubeModelSource.baked()                                      // already in the image at /opt/ml/model
 * KubeModelSource.fromS3Uri('s3://models/mnist/model.tar.gz')  // fetched before the server starts
 * KubeModelSource.fromPersistentVolumeClaim('digits-model')    // what a KubeTrainingJob wrote to that claim
 * ```
 */
export class KubeModelSource {
  /** The model is baked into the image (at `/opt/ml/model`, as SageMaker's contract puts it); nothing is fetched. */
  public static baked(): KubeModelSource {
    return new KubeModelSource(undefined, undefined);
  }

  /**
   * The model is fetched from S3 by non-root init containers into an emptyDir mounted read-only at
   * `/opt/ml/model`. A `.tar.gz` key is downloaded, then unpacked (SageMaker's `model.tar.gz`), a key ending in `/` is
   * synced as a prefix, any other key is copied as it is. The pod needs S3 read access (EKS Pod Identity
   * or IRSA on its service account).
   */
  public static fromS3Uri(s3Uri: string): KubeModelSource {
    return new KubeModelSource(s3Uri, undefined);
  }

  /**
   * The model is read from a PersistentVolumeClaim mounted read-only at `/opt/ml/model`, typically the
   * claim a `KubeTrainingJob` wrote to (`KubeModelOutput.toPersistentVolumeClaim`): train and serve on the
   * cluster without S3. Several replicas on several nodes need a ReadOnlyMany/ReadWriteMany volume.
   */
  public static fromPersistentVolumeClaim(claimName: string): KubeModelSource {
    return new KubeModelSource(undefined, claimName);
  }

  /** The S3 URI, when fetched from S3. */
  public readonly s3Uri?: string;
  /** The claim name, when read from a PersistentVolumeClaim. */
  public readonly claimName?: string;

  private constructor(s3Uri: string | undefined, claimName: string | undefined) {
    this.s3Uri = s3Uri;
    this.claimName = claimName;
  }
}
