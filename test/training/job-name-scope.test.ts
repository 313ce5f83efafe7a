/** Decision 15: two stacks never share a training job-name scope (the IAM resource of their handlers). */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { MlBucket, MlBucketPurpose } from '../../constructs/storage';
import { SageMakerTrainingJob, TrainingInput } from '../../constructs/training';
import { MAX_STACK_SCOPE_LENGTH, stackJobNameScope } from '../../constructs/training/private/job-name';
import { ENV } from './fixtures';

test.each([
  ['MlStack', 'mlstack'],
  ['MlStack', 'MLSTACK'],
  ['Ml-Stack', 'ml-stack'],
  ['Ml--Stack', 'Ml-Stack'],
  ['a', 'A'],
  ['MlPlatformProductionEuWest1', 'mlplatformproductioneuwest1'],
])('%s and %s (CloudFormation treats them as two stacks) get different scopes', (a, b) => {
  expect(stackJobNameScope(a)).not.toBe(stackJobNameScope(b));
  for (const scope of [stackJobNameScope(a), stackJobNameScope(b)]) {
    expect(scope.length).toBeLessThanOrEqual(MAX_STACK_SCOPE_LENGTH);
    expect(scope).toMatch(/^[a-z0-9](-?[a-z0-9])*$/);
  }
});

test('a name that is already a short lower-case slug is its own scope (readable, and unchanged for such stacks)', () => {
  expect(stackJobNameScope('ml-platform')).toBe('ml-platform');
});

test('no scope is a prefix-sharing match of another stack\'s "<scope>--*" resource', () => {
  const names = ['MlStack', 'mlstack', 'MLStack', 'ml-stack', 'Ml-Stack', 'mlstack-x', 'MlStack2'];
  const scopes = names.map(stackJobNameScope);
  expect(new Set(scopes).size).toBe(names.length);
  for (const a of scopes) for (const b of scopes) if (a !== b) expect(`${b}--`.startsWith(`${a}--`)).toBe(false);
});

test('two synthesized stacks differing only in case grant their handlers disjoint training-job ARNs', () => {
  const arns = ['MlStack', 'mlstack'].map((stackName) => {
    const stack = new Stack(new App(), 'Holder', { env: ENV, stackName });
    const data = new MlBucket(stack, 'Data', { purpose: MlBucketPurpose.DATA });
    const models = new MlBucket(stack, 'Models', { purpose: MlBucketPurpose.MODELS });
    new SageMakerTrainingJob(stack, 'Job', {
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'trainer'), '1.0'),
      instanceType: MlInstanceType.M5_XLARGE,
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'train/') },
      outputBucket: models.bucket,
    });
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    return [...new Set(json.match(/training-job\/[a-z0-9-]+--\*/g))];
  });
  expect(arns[0]).toHaveLength(1);
  expect(arns[1]).toHaveLength(1);
  expect(arns[0][0]).not.toBe(arns[1][0]);
});
