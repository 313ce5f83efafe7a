import * as s3 from 'aws-cdk-lib/aws-s3';
import { MlBucket } from '../storage';

/** How SageMaker delivers a channel's data to the container. */
export enum TrainingInputMode {
  /** Download the whole channel to the volume before training starts. */
  FILE = 'File',
  /** Stream objects from S3 on first read through a file-system view (no download wait). */
  FAST_FILE = 'FastFile',
  /** Stream records through a named pipe (the container must read the pipe protocol). */
  PIPE = 'Pipe',
}

/** How a channel's objects are spread over the instances of a distributed job. */
export enum S3DataDistribution {
  /** Every instance gets every object. */
  FULLY_REPLICATED = 'FullyReplicated',
  /** Each instance gets about 1/N of the objects (data-parallel training on disjoint shards). */
  SHARDED_BY_S3_KEY = 'ShardedByS3Key',
}

/** Compression of the channel's objects. */
export enum TrainingInputCompression {
  /** Objects are not compressed. */
  NONE = 'None',
  /** Objects are gzip-compressed (Pipe mode only). */
  GZIP = 'Gzip',
}

/** Options of one input channel. */
export interface TrainingInputOptions {
  /** MIME type of the data, passed to the container as the channel's `ContentType`. @default - none */
  readonly contentType?: string;
  /** How the data reaches the container. @default - the job's default, TrainingInputMode.FILE */
  readonly inputMode?: TrainingInputMode;
  /** How objects are spread over instances. @default S3DataDistribution.FULLY_REPLICATED */
  readonly distribution?: S3DataDistribution;
  /** Compression of the objects. @default TrainingInputCompression.NONE */
  readonly compression?: TrainingInputCompression;
}

/**
 * Where one input channel's data lives: every object under `prefix` in `bucket`. The job role gets
 * read access to exactly that prefix (GetObject on `prefix*`, ListBucket with an `s3:prefix` condition).
 *
 * ```ts
 * inputChannels: {
 *   train: TrainingInput.fromMlBucket(data, 'mnist/train/', { contentType: 'application/json' }),
 *   validation: TrainingInput.fromBucket(otherBucket, 'mnist/validation/'),
 * }
 * ```
 */
export class TrainingInput {
  /** Objects under `prefix` in any S3 bucket. An empty prefix means the whole bucket. */
  public static fromBucket(bucket: s3.IBucket, prefix: string, options: TrainingInputOptions = {}): TrainingInput {
    return new TrainingInput(bucket, prefix, options);
  }

  /** Objects under `prefix` in an {@link MlBucket}. */
  public static fromMlBucket(bucket: MlBucket, prefix: string, options: TrainingInputOptions = {}): TrainingInput {
    return new TrainingInput(bucket.bucket, prefix, options);
  }

  /** The bucket holding the data. */
  public readonly bucket: s3.IBucket;
  /** Key prefix of the data, without a leading slash. */
  public readonly prefix: string;
  /** The channel's options. */
  public readonly options: TrainingInputOptions;

  private constructor(bucket: s3.IBucket, prefix: string, options: TrainingInputOptions) {
    this.bucket = bucket;
    this.prefix = prefix.replace(/^\/+/, '');
    this.options = options;
  }

  /** `s3://bucket/prefix`, the channel's S3Uri. */
  public get s3Uri(): string {
    return `s3://${this.bucket.bucketName}/${this.prefix}`;
  }
}
