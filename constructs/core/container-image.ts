import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEEP_LEARNING_CONTAINER_ACCOUNTS, deepLearningContainerUri } from './private/deep-learning-containers';
import { checkImageTag, checkString } from './private/prop-checks';
import { referenceContainerDirectory } from './private/reference-container';
import { PropsCheck } from './validation';

/** What a container image resolves to once bound to a construct. */
export interface ContainerImageConfig {
  /** The full image URI SageMaker pulls. */
  readonly imageUri: string;
}

/** Options for building an image from a local directory. */
export interface AssetImageOptions {
  /** Dockerfile name inside the directory. @default 'Dockerfile' */
  readonly file?: string;
  /** Docker build arguments. @default - none */
  readonly buildArgs?: Record<string, string>;
  /** Target platform. @default linux/amd64 (what SageMaker runs) */
  readonly platform?: ecrAssets.Platform;
}

/**
 * A container image for SageMaker training or hosting. Binding it grants the role just what it
 * needs to pull that image (never `ecr:*` on every repository).
 */
export abstract class ContainerImage {
  /** Builds the image from a local directory with a Dockerfile at deploy time (a CDK asset). */
  public static fromAsset(directory: string, options: AssetImageOptions = {}): ContainerImage {
    return new AssetImage(directory, options);
  }

  /**
   * The reference model container that ships in the package (`node_modules/cdk-mlops/container`: TensorFlow.js,
   * the SageMaker training and serving contracts; see docs/container.md), built at deploy time as a CDK asset.
   * Deploying it needs Docker and network access on the deploying machine; `cdk synth` needs neither.
   */
  public static fromReferenceModel(options: AssetImageOptions = {}): ContainerImage {
    const directory = referenceContainerDirectory();
    if (!directory) {
      throw new Error('ContainerImage.fromReferenceModel: the reference container (container/Dockerfile) is missing from '
        + 'the installed cdk-mlops package; allowed: an installation that includes container/, or ContainerImage.fromAsset(yourDirectory)');
    }
    return new AssetImage(directory, options);
  }

  /** An image in an ECR repository you own. */
  public static fromEcrRepository(repository: ecr.IRepository, tag: string = 'latest'): ContainerImage {
    return new EcrImage(repository, tag);
  }

  /**
   * An AWS Deep Learning Container, e.g. `('pytorch-inference', '2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker')`.
   * The account and domain follow the stack's region (a CloudFormation mapping when the region is a token).
   */
  public static fromDeepLearningContainer(repositoryName: string, tag: string): ContainerImage {
    return new DeepLearningContainerImage(repositoryName, tag);
  }

  /**
   * The URI of an AWS Deep Learning Container in a known region, as a plain string: what Kubernetes
   * manifests need for the image `fromDeepLearningContainer` gives SageMaker.
   */
  public static deepLearningContainerUri(repositoryName: string, tag: string, region: string): string {
    return deepLearningContainerUri(repositoryName, tag, region);
  }

  /** Resolves the image for `scope` and lets `grantee` pull it. */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig;
}

class AssetImage extends ContainerImage {
  constructor(private readonly directory: string, private readonly options: AssetImageOptions) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const check = new PropsCheck(scope, 'ContainerImage.fromAsset');
    checkString(check, 'directory', this.directory, 'must be the path of a local directory with a Dockerfile');
    check.throwIfInvalid();
    // One asset per stack and image: every model and training job of the stack that uses it shares it, so the
    // directory is fingerprinted once per stack, not once per model and training job (about 2 ms of synth each).
    const stack = Stack.of(scope);
    // The id names the directory relative to the app's working directory, so it is the same on every machine.
    const key = JSON.stringify([path.relative(process.cwd(), path.resolve(this.directory)), this.options]);
    const id = `ImageAsset${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
    const existing = stack.node.tryFindChild(id) as ecrAssets.DockerImageAsset | undefined;
    // The directory and its Dockerfile were checked when the stack's asset was created; only a first use looks.
    if (!existing) this.checkDirectory(check);
    const asset = existing
      ?? new ecrAssets.DockerImageAsset(stack, id, {
        directory: this.directory,
        file: this.options.file,
        buildArgs: this.options.buildArgs,
        platform: this.options.platform ?? ecrAssets.Platform.LINUX_AMD64,
        exclude: ['node_modules', '.local', 'test', 'bench'],
      });
    asset.repository.grantPull(grantee);
    return { imageUri: asset.imageUri };
  }

  /** A clear error naming the directory instead of aws-cdk-lib's deep one (or a Docker build failing at deploy time). */
  private checkDirectory(check: PropsCheck): void {
    const file = this.options.file ?? 'Dockerfile';
    const dockerfile = path.resolve(this.directory, file);
    if (check.require(fs.existsSync(this.directory) && fs.statSync(this.directory).isDirectory(), 'directory', this.directory,
      `must be an existing directory (looked for ${path.resolve(this.directory)})`)) {
      check.require(fs.existsSync(dockerfile), 'file', file, `must name a Dockerfile in the directory (looked for ${dockerfile})`);
    }
    check.throwIfInvalid();
  }
}

class EcrImage extends ContainerImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tag: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const check = new PropsCheck(scope, 'ContainerImage.fromEcrRepository');
    checkImageTag(check, 'tag', this.tag);
    check.throwIfInvalid();
    this.repository.grantPull(grantee);
    return { imageUri: this.repository.repositoryUriForTag(this.tag) };
  }
}

class DeepLearningContainerImage extends ContainerImage {
  constructor(private readonly repositoryName: string, private readonly tag: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const check = new PropsCheck(scope, 'ContainerImage.fromDeepLearningContainer');
    check.require(typeof this.repositoryName === 'string' && this.repositoryName.length > 0, 'repositoryName', this.repositoryName,
      'must be a Deep Learning Container repository name, e.g. "pytorch-inference"');
    checkImageTag(check, 'tag', this.tag);
    check.throwIfInvalid();
    const stack = Stack.of(scope);
    const account = Token.isUnresolved(stack.region)
      ? dlcAccountMapping(stack).findInMap(Aws.REGION, 'account')
      : DEEP_LEARNING_CONTAINER_ACCOUNTS[stack.region];
    if (!account) {
      throw new Error(`ContainerImage.fromDeepLearningContainer at '${scope.node.path}': stack region `
        + `${JSON.stringify(stack.region)} has no Deep Learning Containers; allowed: ${Object.keys(DEEP_LEARNING_CONTAINER_ACCOUNTS).join(', ')}`);
    }
    const repository = (scope.node.tryFindChild('DlcRepository') as ecr.IRepository | undefined)
      ?? ecr.Repository.fromRepositoryAttributes(scope, 'DlcRepository', {
        repositoryName: this.repositoryName,
        repositoryArn: stack.formatArn({ service: 'ecr', account, resource: 'repository', resourceName: this.repositoryName }),
      });
    repository.grantPull(grantee);
    return { imageUri: `${account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${this.repositoryName}:${this.tag}` };
  }
}

/** One mapping per stack, shared by every Deep Learning Container image in it. */
function dlcAccountMapping(stack: Stack): CfnMapping {
  const id = 'CdkMlopsDeepLearningContainerAccounts';
  const existing = stack.node.tryFindChild(id) as CfnMapping | undefined;
  if (existing) return existing;
  const mapping: Record<string, Record<string, string>> = {};
  for (const [region, account] of Object.entries(DEEP_LEARNING_CONTAINER_ACCOUNTS)) mapping[region] = { account };
  return new CfnMapping(stack, id, { mapping });
}
