import { CfnParameter } from 'aws-cdk-lib';
import { MlopsValidationFailure } from '../../constructs/core';
import { TrainingPipeline } from '../../constructs/pipeline';
import { SageMakerTrainingJob } from '../../constructs/training';
import { pipelineStack } from '../pipeline/fixtures';
import { trainingStack } from '../training/fixtures';

// The one tag rule (checkAwsTags in constructs/core/private/prop-checks.ts), seen from each construct that takes user tags.

function problemsOf(build: () => unknown): Array<{ prop: string; allowed: string }> {
  try {
    build();
  } catch (e) {
    return (e as MlopsValidationFailure).problems.map((p) => ({ prop: p.prop, allowed: p.allowed }));
  }
  throw new Error('expected a validation error');
}

const reserved = /must not start with "cdk-mlops:" \(reserved for the library's own tags/;

describe('tags: the library\'s own cdk-mlops: prefix is reserved', () => {
  test('TrainingPipeline: a user tag cdk-mlops:trigger would duplicate the tag every run adds (CreateTrainingJob would fail each run)', () => {
    const f = pipelineStack();
    const problems = problemsOf(() => new TrainingPipeline(f.stack, 'Pipeline', {
      ...f.baseProps, trainingJob: { ...f.baseProps.trainingJob, tags: { 'cdk-mlops:trigger': 'manual', 'team': 'ml' } },
    }));
    expect(problems).toEqual([{ prop: 'tags["cdk-mlops:trigger"]', allowed: expect.stringMatching(reserved) }]);
  });

  test('SageMakerTrainingJob: same rule, any case', () => {
    const { stack, baseProps } = trainingStack();
    const problems = problemsOf(() => new SageMakerTrainingJob(stack, 'Job', { ...baseProps, tags: { 'CDK-MLOPS:Data-Version': 'v1' } }));
    expect(problems).toEqual([{ prop: 'tags["CDK-MLOPS:Data-Version"]', allowed: expect.stringMatching(reserved) }]);
  });

  test('other keys, and token keys, are accepted', () => {
    const { stack, baseProps } = trainingStack();
    const key = new CfnParameter(stack, 'TagKey').valueAsString;
    expect(() => new SageMakerTrainingJob(stack, 'Job', { ...baseProps, tags: { 'cdk-mlops-team': 'ml', 'mlops:owner': 'me', [key]: 'v' } })).not.toThrow();
  });
});
