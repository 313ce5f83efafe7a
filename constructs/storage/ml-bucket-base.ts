import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';

/** What a bucket holds; decides logging and encryption rules. */
export enum MlBucketPurpose {
  /** Training, validation and test data. */
  DATA = 'data',
  /** Model artifacts (model.tar.gz) written by training jobs. */
  MODELS = 'models',
  /** Other artifacts: evaluation reports, checkpoints, batch outputs. */
  ARTIFACTS = 'artifacts',
  /** Target of other buckets' server access logs (S3-managed encryption only, as S3 logging requires). */
  LOGS = 'logs',
}

/** An ML bucket, created here (`MlBucket`) or imported (`MlBucket.fromBucketAttributes`). */
export interface IMlBucket extends IConstruct {
  /** The bucket. */
  readonly bucket: s3.IBucket;
  /** The bucket's name. @attribute */
  readonly bucketName: string;
  /** The bucket's ARN. @attribute */
  readonly bucketArn: string;
  /** The KMS key, when SSE-KMS is used (grants then include decrypt / encrypt). */
  readonly encryptionKey?: kms.IKey;
  /** What the bucket holds. */
  readonly purpose: MlBucketPurpose;
  /** `s3://bucket/key` for a key in this bucket. */
  s3UriForKey(key: string): string;
  /** Lets `grantee` read objects under `prefix` (all objects when omitted). */
  grantRead(grantee: iam.IGrantable, prefix?: string): iam.Grant;
  /** Lets `grantee` write (put, no delete) objects under `prefix` (all objects when omitted). */
  grantWrite(grantee: iam.IGrantable, prefix?: string): iam.Grant;
  /** Lets `grantee` read and write objects under `prefix` (all objects when omitted). */
  grantReadWrite(grantee: iam.IGrantable, prefix?: string): iam.Grant;
}

/** The grants and URIs every ML bucket offers, created or imported. */
export abstract class MlBucketBase extends Construct implements IMlBucket {
  public abstract readonly bucket: s3.IBucket;
  public abstract readonly bucketName: string;
  public abstract readonly bucketArn: string;
  public abstract readonly encryptionKey?: kms.IKey;
  public abstract readonly purpose: MlBucketPurpose;

  public s3UriForKey(key: string): string {
    return this.bucket.s3UrlForObject(key);
  }

  public grantRead(grantee: iam.IGrantable, prefix?: string): iam.Grant {
    return this.bucket.grantRead(grantee, objectsPattern(prefix));
  }

  public grantWrite(grantee: iam.IGrantable, prefix?: string): iam.Grant {
    return this.bucket.grantPut(grantee, objectsPattern(prefix));
  }

  public grantReadWrite(grantee: iam.IGrantable, prefix?: string): iam.Grant {
    return this.bucket.grantReadWrite(grantee, objectsPattern(prefix));
  }
}

function objectsPattern(prefix?: string): string {
  if (!prefix) return '*';
  return `${prefix.replace(/^\/+/, '')}*`;
}
