import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { ITrainingJob } from '../training';

/** What model data resolves to once bound to a model. */
export interface ModelDataConfig {
  /** `s3://bucket/key` of the model archive (model.tar.gz). */
  readonly s3Uri: string;
}

/**
 * Where a model's artifacts (a `model.tar.gz`) come from. Binding grants the model role read of
 * exactly that object, nothing else in the bucket.
 */
export abstract class ModelData {
  /** An archive already in S3. */
  public static fromBucket(bucket: s3.IBucket, key: string): ModelData {
    return new BucketModelData(bucket, key);
  }

  /** A local `model.tar.gz` uploaded as a CDK asset at deploy time. */
  public static fromAsset(path: string): ModelData {
    return new AssetModelData(path);
  }

  /** The archive a {@link ITrainingJob} produced: the stack trains first, then hosts what it trained. */
  public static fromTrainingJob(job: ITrainingJob): ModelData {
    return new BucketModelData(job.modelDataBucket, job.modelDataKey, job.modelDataUrl);
  }

  /** Resolves the data for `scope` and lets `grantee` read it. */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig;
}

class BucketModelData extends ModelData {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly uri?: string) { super(); }

  public bind(_scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    // Exactly one object: SageMaker only downloads the archive (no listing, no bucket reads).
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(this.key)] });
    this.bucket.encryptionKey?.grantDecrypt(grantee);
    return { s3Uri: this.uri ?? this.bucket.s3UrlForObject(this.key) };
  }
}

class AssetModelData extends ModelData {
  constructor(private readonly path: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    if (!this.path.endsWith('.tar.gz')) {
      throw new Error(`ModelData.fromAsset at '${scope.node.path}': path ${JSON.stringify(this.path)} must be a model.tar.gz file (SageMaker unpacks it into /opt/ml/model)`);
    }
    const asset = (scope.node.tryFindChild('ModelDataAsset') as s3Assets.Asset | undefined)
      ?? new s3Assets.Asset(scope, 'ModelDataAsset', { path: this.path });
    asset.grantRead(grantee);
    return { s3Uri: asset.s3ObjectUrl };
  }
}
