import { Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { EndpointVariant, SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

/** An endpoint with an instance variant 'Gpu' (ml.g5.xlarge) and a serverless variant 'Lite'. */
function twoKinds() {
  const stack = newStack();
  // Serverless variants need a model without network isolation; one model serves both here.
  const model = newModel(stack, 'Model', { networkIsolation: false });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Gpu', model, instanceType: MlInstanceType.G5_XLARGE },
      { variantName: 'Lite', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } },
    ],
  });
  return { stack, endpoint };
}

describe('SageMakerEndpoint.findVariant', () => {
  test('an instance variant carries its name, endpoint and instance type', () => {
    const { endpoint } = twoKinds();
    const gpu = endpoint.findVariant('Gpu');
    expect(gpu).toBeInstanceOf(EndpointVariant);
    expect(gpu.variantName).toBe('Gpu');
    expect(gpu.endpoint).toBe(endpoint);
    expect(gpu.instanceType).toBe(MlInstanceType.G5_XLARGE);
    expect(gpu.isServerless).toBe(false);
  });

  test('a serverless variant has no instance type', () => {
    const lite = twoKinds().endpoint.findVariant('Lite');
    expect(lite.isServerless).toBe(true);
    expect(lite.instanceType).toBeUndefined();
  });

  test('an unknown name is an error naming the construct path, the prop and the known variants', () => {
    const { endpoint } = twoKinds();
    expect(() => endpoint.findVariant('Blue')).toThrow("SageMakerEndpoint.findVariant at 'Stack/Endpoint'");
    expect(() => endpoint.findVariant('Blue')).toThrow('variantName = "Blue": must be one of this endpoint\'s variants: Gpu, Lite');
  });
});

describe('EndpointVariant metrics', () => {
  test('are the endpoint\'s metrics with the variant\'s dimensions', () => {
    const { stack, endpoint } = twoKinds();
    const lite = endpoint.findVariant('Lite');
    const dims = (m: { dimensions?: unknown }) => stack.resolve(m.dimensions);
    const invocations = lite.metricInvocations();
    expect(invocations.namespace).toBe('AWS/SageMaker');
    expect(invocations.metricName).toBe('Invocations');
    expect(invocations.statistic).toBe('Sum');
    expect(dims(invocations)).toEqual(dims(endpoint.metricInvocations({ variantName: 'Lite' })));
    expect(dims(invocations).VariantName).toBe('Lite');
    expect(dims(invocations).EndpointName).toEqual(stack.resolve(endpoint.endpointName));

    const latency = lite.metricModelLatency({ statistic: 'p50' });
    expect(latency.metricName).toBe('ModelLatency');
    expect(latency.statistic).toBe('p50');
    expect(dims(latency).VariantName).toBe('Lite');
  });

  test('metric() reads any metric, in AWS/SageMaker unless another namespace is given', () => {
    const { stack, endpoint } = twoKinds();
    const gpu = endpoint.findVariant('Gpu');
    const setup = gpu.metric('ModelSetupTime');
    expect(setup.namespace).toBe('AWS/SageMaker');
    expect(stack.resolve(setup.dimensions).VariantName).toBe('Gpu');
    const util = gpu.metric('GPUUtilization', { statistic: 'Maximum' }, '/aws/sagemaker/Endpoints');
    expect(util.namespace).toBe('/aws/sagemaker/Endpoints');
    expect(util.statistic).toBe('Maximum');
  });

  test('the variant name wins over a variantName smuggled into the options', () => {
    const { stack, endpoint } = twoKinds();
    const m = endpoint.findVariant('Gpu').metricInvocations({ variantName: 'Lite' } as never);
    expect(stack.resolve(m.dimensions).VariantName).toBe('Gpu');
  });
});

describe('EndpointVariant.autoScaleInstanceCount', () => {
  test('delegates to the endpoint: the same scalable target as endpoint.autoScaleInstanceCount', () => {
    const { stack, endpoint } = twoKinds();
    endpoint.findVariant('Gpu').autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 3 });
    const viaVariant = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');

    const other = twoKinds();
    other.endpoint.autoScaleInstanceCount('Gpu', { minCapacity: 1, maxCapacity: 3 });
    const viaEndpoint = Template.fromStack(other.stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    expect(Object.keys(viaVariant)).toHaveLength(1);
    expect(viaVariant).toEqual(viaEndpoint);
    expect(JSON.stringify(Object.values(viaVariant)[0])).toContain('/variant/Gpu');
  });

  test('a second call is the endpoint\'s "already has autoscaling" error', () => {
    const { endpoint } = twoKinds();
    endpoint.findVariant('Gpu').autoScaleInstanceCount({ maxCapacity: 2 });
    expect(() => endpoint.findVariant('Gpu').autoScaleInstanceCount({ maxCapacity: 2 })).toThrow('already has autoscaling');
  });

  test('a serverless variant is a clear error and creates nothing', () => {
    const { stack, endpoint } = twoKinds();
    const lite = endpoint.findVariant('Lite');
    expect(() => lite.autoScaleInstanceCount({ maxCapacity: 2 })).toThrow("EndpointVariant.autoScaleInstanceCount at 'Stack/Endpoint'");
    expect(() => lite.autoScaleInstanceCount({ maxCapacity: 2 })).toThrow('variantName = "Lite": is a serverless variant: it scales by concurrency, not instance count');
    expect(Stack.of(endpoint).node.findAll().filter((c) => c.node.id.startsWith('Scaling-'))).toHaveLength(0);
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});
