import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { twoKinds } from './variant-fixtures';

describe('InstanceEndpointVariant', () => {
  test('carries its instance type and initial instance count', () => {
    const gpu = twoKinds().endpoint.findInstanceVariant('Gpu');
    expect(gpu.instanceType).toBe(MlInstanceType.G5_XLARGE);
    expect(gpu.initialInstanceCount).toBe(2);
  });

  test('instance metrics are in /aws/sagemaker/Endpoints, on this variant, with the endpoint\'s statistics', () => {
    const { stack, endpoint } = twoKinds();
    const gpu = endpoint.findInstanceVariant('Gpu');
    const metrics = [
      [gpu.metricCpuUtilization(), 'CPUUtilization'], [gpu.metricMemoryUtilization(), 'MemoryUtilization'],
      [gpu.metricDiskUtilization(), 'DiskUtilization'], [gpu.metricGpuUtilization(), 'GPUUtilization'],
      [gpu.metricGpuMemoryUtilization(), 'GPUMemoryUtilization'],
    ] as const;
    for (const [metric, name] of metrics) {
      expect(metric.namespace).toBe('/aws/sagemaker/Endpoints');
      expect(metric.metricName).toBe(name);
      expect(metric.statistic).toBe('Average');
      expect(stack.resolve(metric.dimensions).VariantName).toBe('Gpu');
    }
    const perInstance = gpu.metricInvocationsPerInstance();
    expect([perInstance.namespace, perInstance.metricName, perInstance.statistic]).toEqual(['AWS/SageMaker', 'InvocationsPerInstance', 'Sum']);
  });

  test('autoScaleInstanceCount is the endpoint\'s: the same scalable target, and the endpoint keeps the scaled count', () => {
    const { stack, endpoint } = twoKinds();
    endpoint.findInstanceVariant('Gpu').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 3 });
    const viaVariant = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');

    const other = twoKinds();
    other.endpoint.autoScaleInstanceCount('Gpu', { minCapacity: 1, maxCapacity: 3 });
    const viaEndpoint = Template.fromStack(other.stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    expect(Object.keys(viaVariant)).toHaveLength(1);
    expect(viaVariant).toEqual(viaEndpoint);
    expect(JSON.stringify(Object.values(viaVariant)[0])).toContain('/variant/Gpu');
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
  });

  test('a second call is the endpoint\'s "already has autoscaling" error', () => {
    const { endpoint } = twoKinds();
    endpoint.findInstanceVariant('Gpu').autoScaleInstanceCount({ maxCapacity: 2 });
    expect(() => endpoint.findInstanceVariant('Gpu').autoScaleInstanceCount({ maxCapacity: 2 }))
      .toThrow("SageMakerEndpoint.autoScaleInstanceCount at 'Stack/Endpoint': invalid prop\n  - variantName = \"Gpu\": already has autoscaling");
  });

  test('autoscaling without options (plain JavaScript) is one error naming them, not a TypeError', () => {
    const { endpoint } = twoKinds();
    expect(() => endpoint.findInstanceVariant('Gpu').autoScaleInstanceCount(undefined as never))
      .toThrow("SageMakerEndpoint.autoScaleInstanceCount at 'Stack/Endpoint': invalid prop\n  - options = undefined: is required: { maxCapacity, minCapacity? }");
  });

  test('autoscaling a serverless variant by name is an error and creates nothing', () => {
    const { stack, endpoint } = twoKinds();
    expect(() => endpoint.autoScaleInstanceCount('Lite', { maxCapacity: 2 }))
      .toThrow('variantName = "Lite": is a serverless variant: it scales by concurrency, not instance count (instance variants: Gpu)');
    expect(Stack.of(endpoint).node.findAll().filter((c) => c.node.id.startsWith('Scaling-'))).toHaveLength(0);
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});
