import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { MlInstanceType, MlopsValidationError, MlopsValidationFailure } from '../../constructs/core';
import {
  Hyperparameter, MetricDefinition, SageMakerTrainingJob, SageMakerTrainingJobProps,
} from '../../constructs/training';
import { trainingStack } from './fixtures';

function build(extra: Partial<SageMakerTrainingJobProps>): () => SageMakerTrainingJob {
  const { stack, baseProps } = trainingStack();
  return () => new SageMakerTrainingJob(stack, 'Job', { ...baseProps, ...extra });
}

/** The construct's error, for assertions on its parts. */
function errorOf(extra: Partial<SageMakerTrainingJobProps>): MlopsValidationFailure {
  try {
    build(extra)();
  } catch (e) {
    if (MlopsValidationError.isMlopsValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('bad input is one readable error naming the construct, prop, value and what is allowed', () => {
  test('spot maxWait not longer than maxRuntime', () => {
    const error = errorOf({ maxRuntime: Duration.minutes(30), spot: { maxWait: Duration.minutes(30) } });
    expect(error.message).toMatch(/^SageMakerTrainingJob at 'Stack\/Job': invalid prop\n/);
    expect(error.problems).toEqual([{ prop: 'spot.maxWait', value: '"1800 seconds"', allowed: expect.stringMatching(/must be longer than maxRuntime \(1800 seconds\)/) }]);
  });

  test('a hosting-only instance type', () => {
    expect(build({ instanceType: MlInstanceType.INF2_XLARGE })).toThrow(/instanceType = "ml.inf2.xlarge": SageMaker does not offer this type for training/);
  });

  test('no input channels', () => {
    expect(build({ inputChannels: {} })).toThrow(/inputChannels = "0 channels": must name 1 to 20 input channels/);
  });

  test.each<[string, MetricDefinition, RegExp]>([
    ['does not compile', { name: 'm', regex: 'loss=([0-9.]+' }, /metricDefinitions\[0\]\.regex = "loss=\(\[0-9\.\]\+": must be a valid regular expression/],
    ['has no capture group', { name: 'm', regex: 'loss=[0-9.]+' }, /must have exactly one capture group \(the value\), found 0/],
    ['has two capture groups', { name: 'm', regex: '(loss|acc)=([0-9.]+)' }, /found 2; use \(\?:\.\.\.\) for other groups/],
  ])('a metric regex that %s', (_label, definition, message) => {
    expect(build({ metricDefinitions: [definition] })).toThrow(message);
  });

  test('metric names that collide as attributes', () => {
    expect(build({ metricDefinitions: [{ name: 'a:b', regex: 'a=(\\d)' }, { name: 'a_b', regex: 'b=(\\d)' }] }))
      .toThrow(/metricDefinitions\[1\]\.name = "a_b": must differ from "a:b" in more than punctuation: both become the attribute FinalMetric\.a\.b/);
  });

  test('a job name prefix that is too long or not lower-case', () => {
    expect(build({ jobNamePrefix: 'x'.repeat(29) })).toThrow(/jobNamePrefix = "x{29}": must be 1-28 lower-case letters/);
    expect(build({ jobNamePrefix: 'x'.repeat(28) })).not.toThrow();
    expect(build({ jobNamePrefix: 'Mnist' })).toThrow(/jobNamePrefix = "Mnist"/);
  });

  test('a job too long to wait for names the limit and the ways out', () => {
    expect(build({ maxRuntime: Duration.hours(2) })).toThrow(
      /maxRuntime = "7200 seconds": must be at most 45 minutes while waitForCompletion is true .*set waitForCompletion: false, or run longer jobs from Step Functions/);
    expect(build({ maxRuntime: Duration.minutes(30), spot: { maxWait: Duration.minutes(50) } })).toThrow(/spot\.maxWait = "3000 seconds": must be at most 45 minutes/);
    expect(build({ maxRuntime: Duration.minutes(45) })).not.toThrow();
  });

  test('a volume key with an instance type whose local NVMe storage SageMaker encrypts itself', () => {
    const withKey = (instanceType: MlInstanceType) => () => {
      const { stack, baseProps } = trainingStack();
      new SageMakerTrainingJob(stack, 'Job', { ...baseProps, instanceType, volumeEncryptionKey: new kms.Key(stack, 'Key') });
    };
    expect(withKey(MlInstanceType.G5_XLARGE))
      .toThrow(/volumeEncryptionKey = "ml.g5.xlarge": must be omitted for instance types with local NVMe storage/);
    expect(withKey(MlInstanceType.P3_2XLARGE)).not.toThrow();
    expect(build({ instanceType: MlInstanceType.G5_XLARGE })).not.toThrow();
  });

  test('several problems are reported together', () => {
    const error = errorOf({
      instanceCount: 0,
      volumeSize: Size.mebibytes(1536),
      hyperparameters: { lr: Hyperparameter.fromNumber(Number.NaN), epochs: Hyperparameter.fromInteger(2.5) },
      environment: { '1BAD': 'x' },
      maxRuntime: Duration.millis(1500),
    });
    expect(error.problems.map((p) => p.prop)).toEqual([
      'instanceCount', 'volumeSize', 'maxRuntime (seconds)', 'hyperparameters["lr"]', 'hyperparameters["epochs"]', 'environment["1BAD"]',
    ]);
    expect(error.message).toContain('6 invalid props');
  });

  test('subnets or security groups without a VPC', () => {
    expect(build({ vpcSubnets: {} })).toThrow(/vpcSubnets = \{\}: only with vpc/);
  });
});

describe('default metric definitions parse the reference container\'s log lines', () => {
  const lines = [
    'epoch=3 loss=0.123456 accuracy=0.965000 val_loss=0.150000 val_accuracy=0.960000',
    'test_accuracy=0.961200 test_macro_precision=0.960000 test_macro_recall=0.960000 test_macro_f1=0.960000',
  ];

  /** What SageMaker does: run each regex on each line; a match's capture group is a value. */
  function parse(definitions: MetricDefinition[]): Record<string, number[]> {
    return Object.fromEntries(definitions.map((d) => [d.name,
      lines.flatMap((line) => {
        const m = new RegExp(d.regex).exec(line);
        return m ? [Number(m[1])] : [];
      })]));
  }

  test('each metric gets exactly its own value (loss is not val_loss, accuracy is not val_/test_accuracy)', () => {
    expect(parse(SageMakerTrainingJob.DEFAULT_METRIC_DEFINITIONS)).toEqual({
      'train:loss': [0.123456],
      'train:accuracy': [0.965],
      'validation:loss': [0.15],
      'validation:accuracy': [0.96],
      'test:accuracy': [0.9612],
      'test:macro_f1': [0.96],
    });
  });

  test('numbers in scientific notation and at the start of a line are read too', () => {
    const [loss] = SageMakerTrainingJob.DEFAULT_METRIC_DEFINITIONS;
    expect(new RegExp(loss.regex).exec('loss=1.5e-3 accuracy=1')?.[1]).toBe('1.5e-3');
  });

  test('the defaults pass the construct\'s own regex checks', () => {
    expect(build({ metricDefinitions: SageMakerTrainingJob.DEFAULT_METRIC_DEFINITIONS })).not.toThrow();
  });
});

describe('qualityGate', () => {
  test('renders as the QualityGate property, outside the configuration hash', () => {
    const first = trainingStack();
    const plain = new SageMakerTrainingJob(first.stack, 'Job', first.baseProps);
    const second = trainingStack();
    const gated = new SageMakerTrainingJob(second.stack, 'Job', { ...second.baseProps, qualityGate: { metricName: 'test:accuracy', minimum: 0.9 } });
    // Same configuration → same job name: a gate decides about a job, it does not define one.
    expect(gated.trainingJobName).toBe(plain.trainingJobName);
    const resource = Object.values(Template.fromStack(Stack.of(gated)).findResources('Custom::SageMakerTrainingJob'))[0];
    expect(JSON.parse(resource.Properties.QualityGate)).toEqual({ MetricName: 'test:accuracy', Minimum: 0.9 });
  });

  test.each([
    ['an unknown metric', { metricName: 'test:auc', minimum: 0.9 }, {}, 'qualityGate.metricName = "test:auc": must be one of the job\'s metric definitions'],
    ['no bound', { metricName: 'test:accuracy' }, {}, 'needs a minimum, a maximum or both'],
    ['minimum above maximum', { metricName: 'validation:loss', minimum: 0.5, maximum: 0.1 }, {}, 'qualityGate.maximum = 0.1: must be ≥ qualityGate.minimum (0.5)'],
    ['a job that does not wait', { metricName: 'test:accuracy', minimum: 0.9 }, { waitForCompletion: false }, 'waitForCompletion = false: must be true with a qualityGate'],
  ])('%s is an error', (_case, qualityGate, extra, message) => {
    expect(errorOf({ qualityGate, ...extra }).message).toContain(message);
  });
});
