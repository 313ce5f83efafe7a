import { Construct } from 'constructs';

/**
 * What a bound Kubernetes channel gives the training Job: exactly one of an S3 URI (fetched into the channel
 * directory by an init container before training, as SageMaker's File mode downloads it) or a
 * PersistentVolumeClaim (mounted read-only at the channel directory: nothing is copied).
 */
export interface KubeTrainingInputConfig {
  /** `s3://bucket/key` of one object, or `s3://bucket/prefix/` (ending in `/`) for every object under it. @default - none: a claim channel */
  readonly s3Uri?: string;
  /** Name of a PersistentVolumeClaim in the Job's namespace holding the data. @default - none: an S3 channel */
  readonly claimName?: string;
  /** Directory inside the claim mounted as the channel (relative, no `..`). @default - the claim's root */
  readonly claimSubPath?: string;
}

/** What a channel may need from the Job it is bound to. */
export interface KubeTrainingInputBindOptions {
  /** The channel's name (its directory is `/opt/ml/input/data/<name>`). */
  readonly channelName: string;
}

/** Options of {@link KubeTrainingInput.fromPersistentVolumeClaim}. */
export interface KubeClaimTrainingInputOptions {
  /** Directory inside the claim mounted as the channel (relative, no `..`). @default - the claim's root */
  readonly subPath?: string;
}

/**
 * Where one input channel of a {@link KubeTrainingJob} comes from: the Kubernetes counterpart of `TrainingInput`
 * on SageMaker, polymorphic the same way. A new kind of input is one subclass whose `bind()` returns a
 * {@link KubeTrainingInputConfig}; the Job checks what it returns (naming `inputChannels[i].input`) and renders
 * the fetch containers, volumes and read-only mounts in one place.
 *
 * ```ts
 * inputChannels: [
 *   { name: 'train', input: KubeTrainingInput.fromS3Uri('s3://my-data/mnist/train/') },
 *   { name: 'images', input: KubeTrainingInput.fromPersistentVolumeClaim('imagenet', { subPath: 'train' }) },
 * ]
 * ```
 */
export abstract class KubeTrainingInput {
  /** Objects in S3, fetched into the channel directory by an init container before training starts. */
  public static fromS3Uri(s3Uri: string): KubeTrainingInput {
    return new S3KubeTrainingInput(s3Uri);
  }

  /**
   * A PersistentVolumeClaim (e.g. backed by EFS or FSx for Lustre CSI drivers) mounted read-only as the channel:
   * large data sets start at once, with no copy. The claim must be in the Job's namespace and allow the access mode
   * the pods need (`ReadOnlyMany` or `ReadWriteMany` for several pods).
   */
  public static fromPersistentVolumeClaim(claimName: string, options: KubeClaimTrainingInputOptions = {}): KubeTrainingInput {
    return new ClaimKubeTrainingInput(claimName, options.subPath);
  }

  /** Binds the channel to the Job `scope` and returns where its data comes from. */
  public abstract bind(scope: Construct, options: KubeTrainingInputBindOptions): KubeTrainingInputConfig;
}

class S3KubeTrainingInput extends KubeTrainingInput {
  constructor(private readonly s3Uri: string) { super(); }

  public bind(): KubeTrainingInputConfig {
    return { s3Uri: this.s3Uri };
  }
}

class ClaimKubeTrainingInput extends KubeTrainingInput {
  constructor(private readonly claimName: string, private readonly subPath: string | undefined) { super(); }

  public bind(): KubeTrainingInputConfig {
    return { claimName: this.claimName, claimSubPath: this.subPath };
  }
}
