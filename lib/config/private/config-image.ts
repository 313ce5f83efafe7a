import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ContainerImage, ContainerImageConfig } from '../../../constructs/core/container-image';
import { DEEP_LEARNING_CONTAINER_ACCOUNTS } from '../../../constructs/core/private/deep-learning-containers';
import { referenceContainerDirectory } from '../../../constructs/core/private/reference-container';
import { ConfigReader, RawMap } from './config-reader';
import { PathSegment } from './config-source';
import { isReferenceContainer, REFERENCE_KUBERNETES_IMAGE } from '../reference-container';

/** An image as the config names it: for SageMaker, and (when it can be derived) for Kubernetes. */
export interface ConfiguredImage {
  readonly image: ContainerImage;
  /** The image reference a cluster pulls in `region`, when the config's image determines it. */
  readonly kubernetesImage: (region: string) => string | undefined;
  /** True for the reference container (container/), whose hyperparameters are known. */
  readonly reference: boolean;
}

/**
 * `image: { ecr: { repository, tag } }`: a repository of the deploying account, looked up by name in the
 * stack that binds it (a config cannot hold an `IRepository`). Internal.
 */
class RepositoryNameImage extends ContainerImage {
  constructor(private readonly repositoryName: string, private readonly tag: string) { super(); }

  public bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const id = `ConfigRepository${this.repositoryName.replace(/[^A-Za-z0-9]/g, '')}`;
    const stack = Stack.of(scope);
    const repository = (stack.node.tryFindChild(id) as ecr.IRepository | undefined)
      ?? ecr.Repository.fromRepositoryName(stack, id, this.repositoryName);
    return ContainerImage.fromEcrRepository(repository, this.tag).bind(scope, grantee);
  }
}

/** The reference container, for a model that names no image (the GitOps article's config). */
export function referenceImage(reader: ConfigReader, modelPath: PathSegment[]): ConfiguredImage | undefined {
  if (!referenceContainerDirectory()) {
    reader.fail([...modelPath, 'image'], 'required: the reference container (container/Dockerfile) is missing from this installation; set image.build, image.ecr or image.deepLearningContainer');
    return undefined;
  }
  reader.assume([...modelPath, 'image'], `not set: the reference container (container/, TensorFlow.js) is built and served; on Kubernetes it is pulled as ${REFERENCE_KUBERNETES_IMAGE} (replace with your registry)`);
  return { image: ContainerImage.fromReferenceModel(), kubernetesImage: () => REFERENCE_KUBERNETES_IMAGE, reference: true };
}

/** Reads `image:` (exactly one of build, ecr, deepLearningContainer). */
export function readImage(reader: ConfigReader, raw: RawMap, at: PathSegment[], baseDir: string, regions: string[]): ConfiguredImage | undefined {
  const sources = ['build', 'ecr', 'deepLearningContainer'].filter((key) => raw[key] !== undefined);
  if (sources.length !== 1) {
    reader.fail(at, sources.length === 0 ? 'must set one of build, ecr, deepLearningContainer' : `must set only one of build, ecr, deepLearningContainer (found ${sources.join(', ')})`);
    return undefined;
  }
  if (raw.dockerfile !== undefined && sources[0] !== 'build') reader.fail([...at, 'dockerfile'], 'only with build', true);
  const build = reader.text(raw.build);
  if (build !== undefined) {
    const dir = path.resolve(baseDir, build);
    const dockerfile = reader.text(raw.dockerfile) ?? 'Dockerfile';
    if (!fs.existsSync(path.join(dir, dockerfile))) {
      reader.fail([...at, 'build'], `must be a folder holding ${dockerfile} (relative to the config file; looked in ${dir})`);
      return undefined;
    }
    const reference = isReferenceContainer(dir) && dockerfile === 'Dockerfile';
    return {
      image: ContainerImage.fromAsset(dir, raw.dockerfile === undefined ? {} : { file: dockerfile }),
      kubernetesImage: () => (reference ? REFERENCE_KUBERNETES_IMAGE : undefined),
      reference,
    };
  }
  const ecrImage = reader.map(raw.ecr);
  if (ecrImage) {
    const repository = reader.text(ecrImage.repository);
    if (!repository) return undefined;
    return { image: new RepositoryNameImage(repository, reader.text(ecrImage.tag) ?? 'latest'), kubernetesImage: () => undefined, reference: false };
  }
  const dlc = reader.map(raw.deepLearningContainer);
  if (!dlc) return undefined;
  const repository = reader.text(dlc.repository);
  const tag = reader.text(dlc.tag);
  if (tag === undefined) reader.fail([...at, 'deepLearningContainer', 'tag'], 'required for a Deep Learning Container, e.g. 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker');
  for (const region of new Set(regions)) {
    if (!DEEP_LEARNING_CONTAINER_ACCOUNTS[region]) {
      reader.fail([...at, 'deepLearningContainer'], `has no Deep Learning Containers in region ${region}; regions: ${Object.keys(DEEP_LEARNING_CONTAINER_ACCOUNTS).join(', ')}`);
    }
  }
  if (!repository || tag === undefined) return undefined;
  return {
    image: ContainerImage.fromDeepLearningContainer(repository, tag),
    kubernetesImage: (region) => (DEEP_LEARNING_CONTAINER_ACCOUNTS[region] ? ContainerImage.deepLearningContainerUri(repository, tag, region) : undefined),
    reference: false,
  };
}
