import { Testing } from 'cdk8s';
import { MlInstanceType, MlopsValidationError, PropProblem } from '../../constructs/core';
import { KubeModelOutput, KubeTrainingJob } from '../../constructs/k8s';
import { Hyperparameter, SageMakerTrainingJob, TrainingInput } from '../../constructs/training';
import { trainingStack } from '../training/fixtures';

// The same training container runs on SageMaker and on Kubernetes, so both halves must accept and refuse the same
// channel names and hyperparameters, with the same words (constructs/core/private/training-contract.ts).

function problems(build: () => unknown): PropProblem[] {
  try {
    build();
  } catch (e) {
    if (MlopsValidationError.isMlopsValidationError(e)) return [...e.problems];
    throw e;
  }
  return [];
}

function onSageMaker(channel: string, hyperparameters: { [name: string]: string }): string[] {
  const f = trainingStack();
  return problems(() => new SageMakerTrainingJob(f.stack, 'Job', {
    ...f.baseProps,
    inputChannels: { [channel]: TrainingInput.fromMlBucket(f.data, 'train/') },
    hyperparameters: Object.fromEntries(Object.entries(hyperparameters).map(([k, v]) => [k, Hyperparameter.fromString(v)])),
  })).map((p) => p.allowed);
}

function onKubernetes(channel: string, hyperparameters: { [name: string]: string }): string[] {
  return problems(() => new KubeTrainingJob(Testing.chart(), 'Job', {
    image: 'registry.example.com/mnist:1.0',
    instanceType: MlInstanceType.M5_XLARGE,
    modelOutput: KubeModelOutput.toPersistentVolumeClaim('models'),
    inputChannels: [{ name: channel, s3Uri: 's3://data-bucket/train/' }],
    hyperparameters,
  })).map((p) => p.allowed);
}

const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`h${i}`, '1']));
test.each([
  ['a valid channel and hyperparameters', 'test.v2_a-b', { epochs: '5' }, []],
  ['a 64-character channel name', 'c'.repeat(64), {}, []],
  ['a channel name with a space', 'train data', {}, ['channel names are 1-64 characters of A-Z, a-z, 0-9, ".", "-" or "_"']],
  ['a 65-character channel name', 'c'.repeat(65), {}, ['channel names are 1-64 characters of A-Z, a-z, 0-9, ".", "-" or "_"']],
  ['101 hyperparameters', 'train', many, ['at most 100 (SageMaker limit)']],
  ['a 257-character hyperparameter name', 'train', { ['n'.repeat(257)]: '1' }, ['names are 1-256 characters']],
  ['a 2501-character hyperparameter value', 'train', { big: 'v'.repeat(2501) }, ['must be at most 2500 characters (SageMaker limit)']],
  ['a 2500-character hyperparameter value', 'train', { big: 'v'.repeat(2500) }, []],
])('%s: the same verdict and words on SageMaker and Kubernetes', (_label, channel, hyperparameters, expected) => {
  expect(onSageMaker(channel, hyperparameters)).toEqual(expected);
  expect(onKubernetes(channel, hyperparameters)).toEqual(expected);
});
