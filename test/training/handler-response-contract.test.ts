/**
 * The construct's half of the handler's response contract: the FinalMetrics property tells the handler
 * which metrics finalMetric() reads (returned, and required), and the response stays under CloudFormation's
 * 4096-byte limit by construction.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { SageMakerTrainingJob } from '../../constructs/training';
import { finalMetricAttributesBytes, MAX_FINAL_METRIC_BYTES, RESOURCE_TYPE } from '../../constructs/training/private/protocol';
import { trainingStack } from './fixtures';

function jobProperties(template: Template) {
  const resources = Object.values(template.findResources(RESOURCE_TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties as Record<string, unknown>;
}

test('finalMetric() names end up in the FinalMetrics property, sorted and once each; none read → no property', () => {
  const f = trainingStack();
  const job = new SageMakerTrainingJob(f.stack, 'Job', f.baseProps);
  job.finalMetric('validation:accuracy');
  job.finalMetric('test:accuracy');
  job.finalMetric('validation:accuracy');
  expect(jobProperties(Template.fromStack(f.stack)).FinalMetrics).toBe('["test:accuracy","validation:accuracy"]');

  const g = trainingStack();
  new SageMakerTrainingJob(g.stack, 'Job', g.baseProps);
  expect(jobProperties(Template.fromStack(g.stack))).not.toHaveProperty('FinalMetrics');
});

test('reading more final metrics than the response can carry is a clear error at the finalMetric() call', () => {
  const f = trainingStack();
  const names = Array.from({ length: 12 }, (_, i) => `${'m'.repeat(240)}${i}`);
  const job = new SageMakerTrainingJob(f.stack, 'Job', {
    ...f.baseProps, metricDefinitions: names.map((name) => ({ name, regex: `${name}=([0-9.]+)` })),
  });
  const fits = names.filter((_, i) => finalMetricAttributesBytes(names.slice(0, i + 1)) <= MAX_FINAL_METRIC_BYTES);
  expect(fits.length).toBeGreaterThan(3);
  expect(fits.length).toBeLessThan(names.length);
  fits.forEach((n) => job.finalMetric(n));
  expect(() => job.finalMetric(names[fits.length])).toThrow(
    /Stack\/Job.*finalMetric\(metricName\).*at most 2048 bytes of final-metric attributes in the custom-resource response \(CloudFormation's limit is 4096 bytes\)/s);
  // The refused metric is not requested from the handler either.
  expect(JSON.parse(jobProperties(Template.fromStack(f.stack)).FinalMetrics as string)).toHaveLength(fits.length);
});
