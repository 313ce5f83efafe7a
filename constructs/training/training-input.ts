import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isUnresolved, PropsCheck } from '../core/validation';
import { IMlBucket } from '../storage';

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

/** The S3 data of a channel: every object under `prefix` in `bucket`. */
export interface TrainingS3DataSource {
  /** The bucket holding the data; the job role may read exactly `prefix*` in it. */
  readonly bucket: s3.IBucket;
  /** Key prefix of the data, without a leading slash ('' for the whole bucket). */
  readonly prefix: string;
  /** How objects are spread over instances. @default S3DataDistribution.FULLY_REPLICATED */
  readonly distribution?: S3DataDistribution;
}

/** Kind of file system a channel is read from. */
export enum TrainingFileSystemType {
  /** Amazon EFS. */
  EFS = 'EFS',
  /** Amazon FSx for Lustre. */
  FSX_LUSTRE = 'FSxLustre',
}

/** A file-system channel: SageMaker mounts `directoryPath` of the file system read-only. */
export interface TrainingFileSystemDataSource {
  /** The file system's id. */
  readonly fileSystemId: string;
  /** EFS or FSx for Lustre. */
  readonly fileSystemType: TrainingFileSystemType;
  /** The directory mounted (for FSx for Lustre it starts with the mount name: `/<mount name>/<path>`). */
  readonly directoryPath: string;
}

/** What a bound channel renders into the CreateTrainingJob request: exactly one data source plus its options. */
export interface TrainingInputConfig {
  /** Data in S3. @default - none: a file-system channel */
  readonly s3DataSource?: TrainingS3DataSource;
  /** Data on a file system. @default - none: an S3 channel */
  readonly fileSystemDataSource?: TrainingFileSystemDataSource;
  /** MIME type of the data, passed to the container as the channel's `ContentType`. @default - none */
  readonly contentType?: string;
  /** How the data reaches the container. @default - the job's default input mode */
  readonly inputMode?: TrainingInputMode;
  /** Compression of the objects. @default TrainingInputCompression.NONE */
  readonly compression?: TrainingInputCompression;
}

/** What a channel may need from the job it is bound to. */
export interface TrainingInputBindOptions {
  /** The job's VPC (file-system channels need one). @default - the job runs without a VPC */
  readonly vpc?: ec2.IVpc;
  /** The job's security groups: a file-system channel lets them reach the file system. */
  readonly securityGroups: ec2.ISecurityGroup[];
}

/**
 * Where one input channel's data lives. Polymorphic like `ModelData` and `ContainerImage`: a new kind of input is
 * one subclass with a `bind()` that returns its data source (see docs/training.md, "A new kind of input").
 *
 * ```ts
 * inputChannels: {
 *   train: TrainingInput.fromMlBucket(data, 'mnist/train/', { contentType: 'application/json' }),
 *   validation: TrainingInput.fromBucket(otherBucket, 'mnist/validation/'),
 *   images: TrainingInput.fromFsxLustre(lustre, `/${lustre.mountName}/images`),   // needs the job's vpc
 * }
 * ```
 */
export abstract class TrainingInput {
  /**
   * Objects under `prefix` in any S3 bucket. An empty prefix means the whole bucket. The job role gets read access
   * to exactly that prefix (GetObject on `prefix*`, ListBucket with an `s3:prefix` condition).
   */
  public static fromBucket(bucket: s3.IBucket, prefix: string, options: TrainingInputOptions = {}): TrainingInput {
    return new S3TrainingInput(bucket, prefix, options);
  }

  /** Objects under `prefix` in an ML bucket: an `MlBucket`, or one imported with `MlBucket.fromBucketAttributes`. */
  public static fromMlBucket(bucket: IMlBucket, prefix: string, options: TrainingInputOptions = {}): TrainingInput {
    return new S3TrainingInput(bucket.bucket, prefix, options);
  }

  /**
   * A directory of an FSx for Lustre file system, mounted read-only (no download: large data sets start at once).
   * The job must run in a VPC (`vpc`) that reaches the file system; its security groups are allowed to the file
   * system's Lustre port.
   *
   * @param fileSystem the file system (an `fsx.LustreFileSystem`, or one imported with its security group)
   * @param directoryPath `/<mount name>/<path>`, e.g. `/${lustre.mountName}/images`
   */
  public static fromFsxLustre(fileSystem: fsx.IFileSystem, directoryPath: string, options: FileSystemTrainingInputOptions = {}): TrainingInput {
    return new FileSystemTrainingInput(fileSystem, TrainingFileSystemType.FSX_LUSTRE, 'TrainingInput.fromFsxLustre', directoryPath, options);
  }

  /**
   * A directory of an EFS file system, mounted read-only. The job must run in a VPC (`vpc`) that reaches the file
   * system; its security groups are allowed to the file system's NFS port.
   *
   * @param fileSystem the file system
   * @param directoryPath the directory on the file system, e.g. `/datasets/mnist`
   */
  public static fromEfs(fileSystem: efs.IFileSystem, directoryPath: string, options: FileSystemTrainingInputOptions = {}): TrainingInput {
    return new FileSystemTrainingInput(fileSystem, TrainingFileSystemType.EFS, 'TrainingInput.fromEfs', directoryPath, options);
  }

  /**
   * Binds the channel to the job `scope`: returns its data source and options, and connects or grants whatever the
   * data source itself needs (S3 read grants are added by the job, from `s3DataSource`).
   */
  public abstract bind(scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig;
}

/** Options of a file-system channel (always File mode: SageMaker mounts the directory). */
export interface FileSystemTrainingInputOptions {
  /** MIME type of the data, passed to the container as the channel's `ContentType`. @default - none */
  readonly contentType?: string;
}

class S3TrainingInput extends TrainingInput {
  private readonly prefix: string;

  constructor(private readonly bucket: s3.IBucket, prefix: string, private readonly options: TrainingInputOptions) {
    super();
    this.prefix = prefix.replace(/^\/+/, '');
  }

  public bind(): TrainingInputConfig {
    return {
      s3DataSource: { bucket: this.bucket, prefix: this.prefix, distribution: this.options.distribution },
      contentType: this.options.contentType,
      inputMode: this.options.inputMode,
      compression: this.options.compression,
    };
  }
}

class FileSystemTrainingInput extends TrainingInput {
  constructor(
    private readonly fileSystem: ec2.IConnectable & { readonly fileSystemId: string },
    private readonly type: TrainingFileSystemType,
    private readonly factory: string,
    private readonly directoryPath: string,
    private readonly options: FileSystemTrainingInputOptions,
  ) { super(); }

  public bind(scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
    const check = new PropsCheck(scope, this.factory);
    check.require(options.vpc !== undefined, 'vpc', undefined,
      `required: SageMaker mounts the ${this.type} file system through the job's network interfaces, so the job must run in a VPC that reaches it`);
    if (!isUnresolved(this.directoryPath)) {
      check.require(/^\/\S*$/.test(this.directoryPath), 'directoryPath', this.directoryPath, 'must be an absolute path without spaces'
        + (this.type === TrainingFileSystemType.FSX_LUSTRE ? ', starting with the mount name: /<mount name>/<path>' : ''));
    }
    check.throwIfInvalid();
    const description = `SageMaker training job ${scope.node.path}`;
    for (const group of options.securityGroups) {
      if (this.type === TrainingFileSystemType.FSX_LUSTRE) {
        // Lustre clients talk to 988 and 1018-1023 (FSx for Lustre user guide, "File system access control").
        this.fileSystem.connections.allowFrom(group, ec2.Port.tcp(988), description);
        this.fileSystem.connections.allowFrom(group, ec2.Port.tcpRange(1018, 1023), description);
      } else {
        this.fileSystem.connections.allowDefaultPortFrom(group, description);
      }
    }
    return {
      fileSystemDataSource: { fileSystemId: this.fileSystem.fileSystemId, fileSystemType: this.type, directoryPath: this.directoryPath },
      contentType: this.options.contentType,
      inputMode: TrainingInputMode.FILE,
    };
  }
}
