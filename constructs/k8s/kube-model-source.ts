/**
 * Where a served model's artifacts come from.
 *
 * ```ts
 * KubeModelSource.baked()                                      // already in the image at /opt/ml/model
 * KubeModelSource.fromS3Uri('s3://models/mnist/model.tar.gz')  // fetched before the server starts
 * ```
 */
export class KubeModelSource {
  /** The model is baked into the image (at `/opt/ml/model`, as SageMaker's contract puts it); nothing is fetched. */
  public static baked(): KubeModelSource {
    return new KubeModelSource(undefined);
  }

  /**
   * The model is fetched from S3 by non-root init containers into an emptyDir mounted read-only at
   * `/opt/ml/model`. A `.tar.gz` key is downloaded, then unpacked (SageMaker's `model.tar.gz`), a key ending in `/` is
   * synced as a prefix, any other key is copied as it is. The pod needs S3 read access (EKS Pod Identity
   * or IRSA on its service account).
   */
  public static fromS3Uri(s3Uri: string): KubeModelSource {
    return new KubeModelSource(s3Uri);
  }

  /** The S3 URI, or undefined for a baked model. */
  public readonly s3Uri?: string;

  private constructor(s3Uri: string | undefined) {
    this.s3Uri = s3Uri;
  }
}
