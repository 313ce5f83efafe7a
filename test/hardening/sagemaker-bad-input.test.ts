/* eslint-disable @typescript-eslint/no-explicit-any -- plain-JavaScript callers (`as any`) are what these tests model */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Testing } from 'cdk8s';
import { ContainerImage, MlInstanceType, MlopsValidationError, MlopsValidationFailure } from '../../constructs/core';
import { KubeModelServing, KubeModelSource } from '../../constructs/k8s';
import { ModelData, SageMakerEndpoint, SageMakerModel } from '../../constructs/serving';
import { MlBucket, MlBucketPurpose } from '../../constructs/storage';
import {
  Hyperparameter, SageMakerTrainingJob, SageMakerTrainingJobProps, TrainingInput, TrainingInputCompression, TrainingInputMode,
} from '../../constructs/training';
import { newModel, newStack } from '../serving/fixtures';
import { trainingStack } from '../training/fixtures';

/** The library's own error (never a TypeError), for assertions on its parts. */
function errorOf(build: () => unknown): MlopsValidationFailure {
  try {
    build();
  } catch (e) {
    if (MlopsValidationError.isMlopsValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

function trainingError(extra: Partial<SageMakerTrainingJobProps> | ((b: ReturnType<typeof trainingStack>) => Partial<SageMakerTrainingJobProps>)) {
  const fixture = trainingStack();
  const props = typeof extra === 'function' ? extra(fixture) : extra;
  return errorOf(() => new SageMakerTrainingJob(fixture.stack, 'Job', { ...fixture.baseProps, ...props }));
}

describe('environment: one SageMaker rule for models and training jobs', () => {
  test('a model environment of 101 variables is refused (CreateModel allows 100)', () => {
    const env: { [k: string]: string } = {};
    for (let i = 0; i < 101; i++) env[`V${i}`] = 'x';
    const error = errorOf(() => newModel(newStack(), 'Model', { environment: env }));
    expect(error.constructPath).toBe('Stack/Model');
    expect(error.problems).toEqual([{ prop: 'environment', value: '"101 entries"', allowed: 'at most 100 variables (SageMaker limit)' }]);
  });

  test('a model environment value over 1024 characters is refused, a 1024-character one is accepted', () => {
    const error = errorOf(() => newModel(newStack(), 'Model', { environment: { LONG: 'a'.repeat(1025) } }));
    expect(error.problems).toEqual([{ prop: 'environment["LONG"]', value: expect.stringContaining('1025 characters'),
      allowed: 'values are at most 1024 characters (SageMaker limit)' }]);
    expect(() => newModel(newStack(), 'Model', { environment: { LONG: 'a'.repeat(1024) } })).not.toThrow();
  });

  test('a training environment of 49 variables is refused (CreateTrainingJob allows 48)', () => {
    const env: { [k: string]: string } = {};
    for (let i = 0; i < 49; i++) env[`V${i}`] = 'x';
    const error = trainingError({ environment: env });
    expect(error.problems).toContainEqual({ prop: 'environment', value: '"49 entries"', allowed: 'at most 48 variables (SageMaker limit)' });
  });

  test('a raw number as an environment value (plain JavaScript) is the library\'s error', () => {
    const error = errorOf(() => newModel(newStack(), 'Model', { environment: { PORT: 8080 as any } }));
    expect(error.problems).toEqual([{ prop: 'environment["PORT"]', value: '8080', allowed: 'must be a string of at most 1024 characters' }]);
  });
});

describe('tags on a training job', () => {
  test('aws: keys and over-long keys and values are refused, all at once', () => {
    const error = trainingError({ tags: { 'aws:team': 'ml', ['k'.repeat(129)]: 'v', ok: 'v'.repeat(257) } });
    expect(error.problems.map((p) => [p.prop, p.allowed])).toEqual([
      ['tags["aws:team"]', 'tag keys must not start with "aws:" (reserved for AWS)'],
      [`tags["${'k'.repeat(129)}"]`, 'tag keys are 1-128 characters'],
      ['tags["ok"]', 'tag values are at most 256 characters'],
    ]);
  });

  test('AWS: in any case is reserved', () => {
    expect(trainingError({ tags: { 'AWS:Owner': 'me' } }).problems[0].prop).toBe('tags["AWS:Owner"]');
  });
});

describe('a Gzip channel in a mode that cannot read it', () => {
  test('File mode (the default) is refused, naming the channel', () => {
    const error = trainingError(({ data }) => ({
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'train/', { compression: TrainingInputCompression.GZIP }) },
    }));
    expect(error.constructPath).toBe('Stack/Job');
    expect(error.problems).toEqual([{ prop: 'inputChannels["train"].compression', value: '"Gzip with inputMode File"',
      allowed: expect.stringMatching(/only readable in Pipe mode/) }]);
  });

  test('FastFile is refused; Pipe (per channel or the job default) is accepted', () => {
    expect(trainingError(({ data }) => ({
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'train/', { compression: TrainingInputCompression.GZIP, inputMode: TrainingInputMode.FAST_FILE }) },
    })).problems[0].value).toBe('"Gzip with inputMode FastFile"');
    const { stack, data, baseProps } = trainingStack();
    new SageMakerTrainingJob(stack, 'Job', {
      ...baseProps,
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'train/', { compression: TrainingInputCompression.GZIP, inputMode: TrainingInputMode.PIPE }) },
    });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain('Gzip');
  });
});

describe('plain-JavaScript callers get the library\'s error, not a TypeError', () => {
  test('a raw number as a hyperparameter', () => {
    const error = trainingError({ hyperparameters: { epochs: 5 as any, lr: Hyperparameter.fromNumber(0.1) } });
    expect(error.problems).toEqual([{ prop: 'hyperparameters["epochs"]', value: '5',
      allowed: 'must be a Hyperparameter, e.g. Hyperparameter.fromNumber(0.001) or Hyperparameter.fromString("adam")' }]);
  });

  test('a metric definition without a name or a regex', () => {
    const error = trainingError({ metricDefinitions: [{ regex: 'acc=([0-9.]+)' } as any, { name: 'loss' } as any] });
    expect(error.problems).toEqual([
      { prop: 'metricDefinitions[0].name', value: 'undefined', allowed: expect.stringMatching(/^is required/) },
      { prop: 'metricDefinitions[1].regex', value: 'undefined', allowed: expect.stringMatching(/^is required/) },
    ]);
  });

  test('an endpoint variant without a model', () => {
    const stack = newStack();
    const error = errorOf(() => new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'Blue', instanceType: MlInstanceType.M5_LARGE } as any],
    }));
    expect(error.constructPath).toBe('Stack/Endpoint');
    expect(error.problems).toEqual([{ prop: 'variants[0].model', value: 'undefined', allowed: expect.stringMatching(/^is required/) }]);
  });

  test('a model without an image', () => {
    expect(errorOf(() => new SageMakerModel(newStack(), 'Model', {} as any)).problems[0].prop).toBe('image');
  });
});

describe('empty S3 keys and ECR tags', () => {
  test('ModelData.fromBucket with an empty key (or only slashes) is refused', () => {
    for (const key of ['', '///']) {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'B', 'models-bucket');
      const error = errorOf(() => newModel(stack, 'Model', { modelData: ModelData.fromBucket(bucket, key) }));
      expect(error.problems).toEqual([{ prop: 'key', value: JSON.stringify(key), allowed: expect.stringMatching(/non-empty S3 key/) }]);
    }
  });

  test('an empty or malformed ECR tag is refused; a token tag is accepted', () => {
    const stack = newStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'models');
    for (const [i, tag] of ['', 'has space', '.hidden'].entries()) {
      const error = errorOf(() => new SageMakerModel(stack, `M${i}`, { image: ContainerImage.fromEcrRepository(repo, tag) }));
      expect(error.problems).toEqual([{ prop: 'tag', value: JSON.stringify(tag), allowed: expect.stringMatching(/^must be an image tag/) }]);
    }
    const tagParam = new CfnParameter(stack, 'Tag');
    expect(() => new SageMakerModel(stack, 'Token', { image: ContainerImage.fromEcrRepository(repo, tagParam.valueAsString) })).not.toThrow();
  });

  test('an empty Deep Learning Container tag is refused', () => {
    const error = errorOf(() => new SageMakerModel(newStack(), 'M', { image: ContainerImage.fromDeepLearningContainer('pytorch-inference', '') }));
    expect(error.problems[0].prop).toBe('tag');
  });
});

describe('missing asset paths', () => {
  test('ContainerImage.fromAsset of a missing directory names it', () => {
    const missing = path.join(os.tmpdir(), 'cdk-mlops-no-such-dir');
    const error = errorOf(() => new SageMakerModel(newStack(), 'M', { image: ContainerImage.fromAsset(missing) }));
    expect(error.constructPath).toBe('Stack/M');
    expect(error.problems).toEqual([{ prop: 'directory', value: JSON.stringify(missing), allowed: `must be an existing directory (looked for ${missing})` }]);
  });

  test('ContainerImage.fromAsset of a directory without the Dockerfile names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-asset-'));
    const error = errorOf(() => new SageMakerModel(newStack(), 'M', { image: ContainerImage.fromAsset(dir, { file: 'Serve.Dockerfile' }) }));
    expect(error.problems).toEqual([{ prop: 'file', value: '"Serve.Dockerfile"', allowed: expect.stringContaining(path.join(dir, 'Serve.Dockerfile')) }]);
  });

  test('ModelData.fromAsset of a missing model.tar.gz names it', () => {
    const missing = path.join(os.tmpdir(), 'cdk-mlops-missing', 'model.tar.gz');
    const error = errorOf(() => newModel(newStack(), 'M', { modelData: ModelData.fromAsset(missing) }));
    expect(error.problems).toEqual([{ prop: 'path', value: JSON.stringify(missing), allowed: `must be an existing file (looked for ${missing})` }]);
  });
});

describe('token capacities in endpoint autoscaling', () => {
  function endpoint(stack: Stack, instanceType = MlInstanceType.M5_LARGE) {
    return new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'Blue', model: newModel(stack), instanceType }] });
  }

  test('token minCapacity and maxCapacity pass through to the scalable target', () => {
    const stack = newStack();
    const min = new CfnParameter(stack, 'Min', { type: 'Number' });
    const max = new CfnParameter(stack, 'Max', { type: 'Number' });
    endpoint(stack).autoScaleInstanceCount('Blue', { minCapacity: min.valueAsNumber, maxCapacity: max.valueAsNumber });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { Ref: 'Min' }, MaxCapacity: { Ref: 'Max' },
    });
  });

  test('a literal maxCapacity below a literal minCapacity is still refused', () => {
    const stack = newStack();
    const error = errorOf(() => endpoint(stack).autoScaleInstanceCount('Blue', { minCapacity: 4, maxCapacity: 2 }));
    expect(error.problems).toEqual([{ prop: 'maxCapacity', value: '2', allowed: 'must be ≥ minCapacity (4)' }]);
  });

  test('a token GPU utilisation target is refused with the reason it must be a literal', () => {
    const stack = newStack();
    const target = new CfnParameter(stack, 'Target', { type: 'Number' });
    const scaling = endpoint(stack, MlInstanceType.G5_12XLARGE).autoScaleInstanceCount('Blue', { maxCapacity: 3 });
    const error = errorOf(() => scaling.scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: target.valueAsNumber }));
    expect(error.problems).toEqual([{ prop: 'targetUtilizationPercent', value: '"(a token)"',
      allowed: expect.stringMatching(/must be a literal value.*multiplied by the instance type's GPU count \(4\)/) }]);
  });
});

describe('reserved bucket-name forms: one rule for MlBucket and Kubernetes S3 URIs', () => {
  test.each([
    ['xn--bucket', /reserved prefix "xn--"/],
    ['sthree-data', /reserved prefix "sthree-"/],
    ['amzn-s3-demo-data', /reserved prefix "amzn-s3-demo-"/],
    ['data-s3alias', /reserved suffix "-s3alias"/],
    ['data--ol-s3', /reserved suffix "--ol-s3"/],
    ['data.mrap', /reserved suffix ".mrap"/],
    ['data--x-s3', /reserved suffix "--x-s3"/],
    ['192.168.5.4', /IP address/],
    ['my..bucket', /two adjacent dots/],
  ])('%s is refused', (name, reason) => {
    const error = errorOf(() => new MlBucket(newStack(), 'Data', { purpose: MlBucketPurpose.DATA, bucketName: name }));
    expect(error.problems).toEqual([{ prop: 'bucketName', value: JSON.stringify(name), allowed: expect.stringMatching(reason) }]);
    const kubeError = errorOf(() => new KubeModelServing(Testing.chart(), 'Serving', {
      image: 'example/model:1.0', modelSource: KubeModelSource.fromS3Uri(`s3://${name}/model.tar.gz`),
    }));
    expect(kubeError.problems).toEqual([{ prop: 'modelSource', value: JSON.stringify(`s3://${name}/model.tar.gz`), allowed: expect.stringMatching(reason) }]);
  });

  test('an ordinary name is accepted', () => {
    expect(() => new MlBucket(newStack(), 'Data', { purpose: MlBucketPurpose.DATA, bucketName: 'ml-data-123' })).not.toThrow();
  });
});
