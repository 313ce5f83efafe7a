import { ServerlessEndpointVariant } from '../../constructs/serving';
import { twoKinds } from './variant-fixtures';

describe('ServerlessEndpointVariant', () => {
  test('carries its memory size and concurrency', () => {
    const lite = twoKinds().endpoint.findServerlessVariant('Lite');
    expect(lite.memorySize.toMebibytes()).toBe(2048);
    expect(lite.maxConcurrency).toBe(5);
    expect(lite.provisionedConcurrency).toBe(2);
  });

  test('serverless metrics are in AWS/SageMaker on this variant; memory in /aws/sagemaker/Endpoints', () => {
    const { stack, endpoint } = twoKinds();
    const lite = endpoint.findServerlessVariant('Lite');
    const metrics = [
      [lite.metricConcurrentExecutionsUtilization(), 'AWS/SageMaker', 'ServerlessConcurrentExecutionsUtilization', 'Average'],
      [lite.metricProvisionedConcurrencyUtilization(), 'AWS/SageMaker', 'ServerlessProvisionedConcurrencyUtilization', 'Average'],
      [lite.metricProvisionedConcurrencySpilloverInvocations(), 'AWS/SageMaker', 'ServerlessProvisionedConcurrencySpilloverInvocations', 'Sum'],
      [lite.metricModelSetupTime(), 'AWS/SageMaker', 'ModelSetupTime', 'Maximum'],
      [lite.metricMemoryUtilization(), '/aws/sagemaker/Endpoints', 'MemoryUtilization', 'Average'],
    ] as const;
    for (const [metric, namespace, name, statistic] of metrics) {
      expect([metric.namespace, metric.metricName, metric.statistic]).toEqual([namespace, name, statistic]);
      expect(stack.resolve(metric.dimensions)).toEqual({ EndpointName: stack.resolve(endpoint.endpointName), VariantName: 'Lite' });
    }
    expect(lite.metricConcurrentExecutionsUtilization({ statistic: 'Maximum' }).statistic).toBe('Maximum');
  });

  test('has no instance autoscaling or instance metrics in its type', () => {
    const lite: ServerlessEndpointVariant = twoKinds().endpoint.findServerlessVariant('Lite');
    // The type system says so; at run time the members do not exist either.
    expect((lite as unknown as { autoScaleInstanceCount?: unknown }).autoScaleInstanceCount).toBeUndefined();
    expect((lite as unknown as { metricCpuUtilization?: unknown }).metricCpuUtilization).toBeUndefined();
    expect((lite as unknown as { instanceType?: unknown }).instanceType).toBeUndefined();
  });
});
