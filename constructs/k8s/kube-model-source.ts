import { Duration } from 'cdk8s';
import type { KubeTrainingJob } from './kube-training-job';

/**
 * Where a served model's artifacts come from.
 *
 * ```ts
 * KubeModelSource.baked()                                      // already in the image at /opt/ml/model
 * KubeModelSource.fromS3Uri('s3://models/mnist/model.tar.gz')  // fetched before the server starts
 * KubeModelSource.fromTrainingJob(training)                    // what a KubeTrainingJob uploads (or writes to its claim); waits for it
 * KubeModelSource.fromPersistentVolumeClaim('digits-model')    // a claim holding the model
 * ```
 */
export class KubeModelSource {
  /** The model is baked into the image (at `/opt/ml/model`, as SageMaker's contract puts it); nothing is fetched. */
  public static baked(): KubeModelSource {
    return new KubeModelSource({});
  }

  /**
   * The model is fetched from S3 by non-root init containers into an emptyDir mounted read-only at
   * `/opt/ml/model`. A `.tar.gz` key is downloaded, then unpacked (SageMaker's `model.tar.gz`), a key ending in `/` is
   * synced as a prefix, any other key is copied as it is. The pod needs S3 read access (EKS Pod Identity
   * or IRSA on its service account).
   * @param waitTimeout wait up to this long for the object to appear before downloading it. @default - no wait: the object must exist
   */
  public static fromS3Uri(s3Uri: string, waitTimeout?: Duration): KubeModelSource {
    return new KubeModelSource({ s3Uri, waitTimeout });
  }

  /**
   * The model is read from a PersistentVolumeClaim mounted read-only at `/opt/ml/model`. Several replicas
   * on several nodes need a ReadOnlyMany/ReadWriteMany volume.
   * @param waitTimeout wait up to this long for a file to appear in the claim. @default - no wait
   */
  public static fromPersistentVolumeClaim(claimName: string, waitTimeout?: Duration): KubeModelSource {
    return new KubeModelSource({ claimName, waitTimeout });
  }

  /**
   * What `job` trains: its `model.tar.gz` in S3 (`KubeModelOutput.toS3`) or its claim
   * (`KubeModelOutput.toPersistentVolumeClaim`). The serving pods wait for it (an init container logs every
   * poll), at most `waitTimeout`, instead of crash-looping while the job runs. A retrain is a new Job with
   * a new name, hence a new model key: the serving pods roll over to it once it exists.
   * @param waitTimeout @default - the job's `maxRuntime` plus 10 minutes (for scheduling and the upload)
   */
  public static fromTrainingJob(job: KubeTrainingJob, waitTimeout?: Duration): KubeModelSource {
    const wait = waitTimeout ?? Duration.seconds(job.maxRuntime.toSeconds() + 600);
    return new KubeModelSource({ s3Uri: job.modelArtifactUri, claimName: job.modelClaimName, waitTimeout: wait, trainingJobPath: job.node.path });
  }

  /** The S3 URI, when fetched from S3. */
  public readonly s3Uri?: string;
  /** The claim name, when read from a PersistentVolumeClaim. */
  public readonly claimName?: string;
  /** How long the pods wait for the model to appear, if they wait. */
  public readonly waitTimeout?: Duration;
  /** Construct path of the training job the model comes from, if any. */
  public readonly trainingJobPath?: string;

  private constructor(source: { s3Uri?: string; claimName?: string; waitTimeout?: Duration; trainingJobPath?: string }) {
    this.s3Uri = source.s3Uri;
    this.claimName = source.claimName;
    this.waitTimeout = source.waitTimeout;
    this.trainingJobPath = source.trainingJobPath;
  }
}
