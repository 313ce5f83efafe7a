import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { ContainerImage } from '../../constructs/core';
import { SageMakerModel, SageMakerModelProps } from '../../constructs/serving';

/** A stack in a fixed environment, so ARNs and URIs render with literal account and region. */
export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: { account: '123456789012', region: 'us-east-1' } });
}

/** An image in an existing ECR repository: no Docker, no asset. */
export function ecrImage(scope: Construct, repositoryName = 'mnist'): ContainerImage {
  return ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(scope, `Repo-${repositoryName}`, repositoryName), '1.0.0');
}

/** A SageMakerModel that serves from an ECR image, for endpoint and monitoring tests. */
export function newModel(scope: Construct, id = 'Model', props: Partial<SageMakerModelProps> = {}): SageMakerModel {
  return new SageMakerModel(scope, id, { image: ecrImage(scope), ...props });
}
