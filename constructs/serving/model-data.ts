import * as fs from 'fs';
import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { PropsCheck } from '../core';
import { acknowledgeWildcards, S3_BUCKET_ARN_PATTERN } from '../core/private/iam-wildcards';
import { checkPresent, checkS3Key, checkString } from '../core/private/prop-checks';
import type { IModelPackageGroup } from '../registry';
import type { ITrainingJob } from '../training';

/** What model data resolves to once bound to a model. */
export interface ModelDataConfig {
  /** `s3://bucket/key` of the model archive (model.tar.gz). @default - none: the model package carries it */
  readonly s3Uri?: string;
  /** ARN of a registered model version; the model is created from it (its image and data). @default - none */
  readonly modelPackageArn?: string;
}

/** A registered version to serve, see {@link ModelData.fromModelPackage}. */
export interface ModelPackageModelDataProps {
  /** The group the version belongs to. */
  readonly modelPackageGroup: IModelPackageGroup;
  /** The version (1, 2, ...): pinning or rolling back the endpoint is changing this one value. */
  readonly version: number;
  /** Bucket holding the versions' model archives; the model role may read them. */
  readonly artifactsBucket: s3.IBucket;
  /** Key prefix of the archives in that bucket (e.g. the training output prefix). @default '' (the whole bucket) */
  readonly artifactsPrefix?: string;
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

  /**
   * A version registered in a model package group (e.g. by `TrainingPipeline`): the model is created
   * from the package (`ModelPackageName`), so its image and archive are the ones registered, and the
   * model needs no `image`. The model role may read the package and the archives under `artifactsPrefix`.
   */
  public static fromModelPackage(props: ModelPackageModelDataProps): ModelData {
    return new ModelPackageModelData(props);
  }

  /**
   * True when the data is a registered version that brings its own inference image (a model created from it
   * needs no `image`); such data must return `modelPackageArn` from `bind`.
   */
  public get includesImage(): boolean {
    return false;
  }

  /** Resolves the data for `scope` and lets `grantee` read it. */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig;
}

class BucketModelData extends ModelData {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly uri?: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    const check = new PropsCheck(scope, 'ModelData.fromBucket');
    checkS3Key(check, 'key', this.key, 'must be the non-empty S3 key of the model archive, e.g. "models/model.tar.gz"');
    check.throwIfInvalid();
    // Exactly one object: SageMaker only downloads the archive (no listing, no bucket reads).
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(this.key)] });
    this.bucket.encryptionKey?.grantDecrypt(grantee);
    return { s3Uri: this.uri ?? this.bucket.s3UrlForObject(this.key) };
  }
}

class AssetModelData extends ModelData {
  constructor(private readonly path: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    const check = new PropsCheck(scope, 'ModelData.fromAsset');
    if (checkString(check, 'path', this.path, 'must be the path of a local model.tar.gz file')) {
      if (check.require(this.path.endsWith('.tar.gz'), 'path', this.path, 'must be a model.tar.gz file (SageMaker unpacks it into /opt/ml/model)')) {
        check.require(fs.existsSync(this.path) && fs.statSync(this.path).isFile(), 'path', this.path,
          `must be an existing file (looked for ${path.resolve(this.path)})`);
      }
    }
    check.throwIfInvalid();
    const asset = (scope.node.tryFindChild('ModelDataAsset') as s3Assets.Asset | undefined)
      ?? new s3Assets.Asset(scope, 'ModelDataAsset', { path: this.path });
    asset.grantRead(grantee);
    return { s3Uri: asset.s3ObjectUrl };
  }
}

class ModelPackageModelData extends ModelData {
  constructor(private readonly props: ModelPackageModelDataProps) { super(); }

  public override get includesImage(): boolean {
    return true;
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    const { modelPackageGroup, version, artifactsBucket } = this.props;
    // Plain-JavaScript callers get the prop named instead of a TypeError further down.
    const check = new PropsCheck(scope, 'ModelData.fromModelPackage');
    checkPresent(check, 'modelPackageGroup', modelPackageGroup, 'is required: the IModelPackageGroup the version belongs to');
    check.require(Token.isUnresolved(version) || (Number.isInteger(version) && version >= 1), 'version', version,
      'must be a version number of the group: an integer ≥ 1');
    checkPresent(check, 'artifactsBucket', artifactsBucket, 'is required: the s3.IBucket holding the versions\' model archives');
    if (this.props.artifactsPrefix !== undefined) checkString(check, 'artifactsPrefix', this.props.artifactsPrefix, 'must be a key prefix string, e.g. "digits/"');
    check.throwIfInvalid();
    const prefix = (this.props.artifactsPrefix ?? '').replace(/^\/+/, '');
    iam.Grant.addToPrincipal({ grantee, actions: ['sagemaker:DescribeModelPackage'], resourceArns: [modelPackageGroup.packageArn(version)] });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [artifactsBucket.arnForObjects(`${prefix}*`)] });
    artifactsBucket.encryptionKey?.grantDecrypt(grantee);
    const escapedPrefix = Token.isUnresolved(prefix) ? '.*' : prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    acknowledgeWildcards(scope, [{
      pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/${escapedPrefix}\\*$`),
      reason: 'The archives of the registered versions under artifactsPrefix: which archive a version names is decided when it is registered.',
    }]);
    return { modelPackageArn: modelPackageGroup.packageArn(version) };
  }
}
