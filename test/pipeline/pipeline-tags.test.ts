import { MlopsValidationError } from '../../constructs/core';
import { TrainingPipeline } from '../../constructs/pipeline';
import { SageMakerTrainingJob } from '../../constructs/training';
import { trainingStack } from '../training/fixtures';
import { pipelineStack } from './fixtures';

// CreateTrainingJob takes at most 50 tags, and the pipeline adds two of its own to every run
// (cdk-mlops:data-version, cdk-mlops:trigger): 49 user tags would make every run fail at its first step.
const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`team:t${i}`, 'x']));

function pipelineWith(n: number) {
  const f = pipelineStack();
  return new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, trainingJob: { ...f.baseProps.trainingJob, tags: tags(n) } });
}

test('a pipeline takes 48 user tags for its training jobs', () => {
  expect(() => pipelineWith(48)).not.toThrow();
});

test('49 are refused, saying why the limit is 48', () => {
  let message = '';
  try {
    pipelineWith(49);
  } catch (e) {
    expect(MlopsValidationError.isMlopsValidationError(e)).toBe(true);
    message = (e as Error).message;
  }
  expect(message).toContain("TrainingPipeline at 'Stack/Pipeline'");
  expect(message).toContain('tags = "49 tags": at most 48 tags (CreateTrainingJob allows 50, and 2 are the library\'s own on every run)');
});

test('a training job on its own keeps the full 50', () => {
  const f = trainingStack();
  expect(() => new SageMakerTrainingJob(f.stack, 'Job', { ...f.baseProps, tags: tags(50) })).not.toThrow();
  const g = trainingStack();
  expect(() => new SageMakerTrainingJob(g.stack, 'Job', { ...g.baseProps, tags: tags(51) })).toThrow('at most 50 tags');
});
