import { Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MlBucket, MlBucketPurpose } from '../constructs/storage';

/** Properties of {@link MlStorage}. */
export interface MlStorageProps {
  /** KMS key for the data and model buckets. @default - S3-managed encryption */
  readonly bucketEncryptionKey?: kms.IKey;
}

/** The platform's buckets: data (training/validation/test), models (artifacts), logs (access logs of both). */
export class MlStorage extends Construct {
  /** Training, validation and test data, under `<model>/<channel>/`. */
  public readonly dataBucket: MlBucket;
  /** Model artifacts, under `<model>/<job>/output/model.tar.gz`. */
  public readonly modelBucket: MlBucket;
  /** Server access logs of the other two. */
  public readonly logBucket: MlBucket;

  constructor(scope: Construct, id: string, props: MlStorageProps = {}) {
    super(scope, id);
    this.logBucket = new MlBucket(this, 'LogBucket', { purpose: MlBucketPurpose.LOGS });
    this.dataBucket = new MlBucket(this, 'DataBucket', {
      purpose: MlBucketPurpose.DATA, serverAccessLogsBucket: this.logBucket.bucket, encryptionKey: props.bucketEncryptionKey,
    });
    // Object events go to EventBridge, where a training pipeline's new-data trigger listens (free for S3 events).
    // Set on the CloudFormation bucket itself: `eventBridgeEnabled` would add a notifications custom resource and its Lambda.
    (this.dataBucket.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    this.modelBucket = new MlBucket(this, 'ModelBucket', {
      purpose: MlBucketPurpose.MODELS, serverAccessLogsBucket: this.logBucket.bucket, encryptionKey: props.bucketEncryptionKey,
    });
  }
}

/** Properties of an {@link MlStorageStack}. */
export interface MlStorageStackProps extends StackProps, MlStorageProps {}

/**
 * The buckets in a stack of their own, deployed before the platform: training jobs run while the
 * platform stack deploys, so their data must already be uploaded by then.
 */
export class MlStorageStack extends Stack {
  /** The buckets. */
  public readonly storage: MlStorage;

  constructor(scope: Construct, id: string, props: MlStorageStackProps = {}) {
    super(scope, id, props);
    this.storage = new MlStorage(this, 'Storage', props);
  }
}
