import { Lazy, Size } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { EndpointVariant, InstanceEndpointVariant, SageMakerEndpoint, ServerlessEndpointVariant } from '../../constructs/serving';
import { newStack } from './fixtures';
import { twoKinds } from './variant-fixtures';

describe('SageMakerEndpoint.findVariant and its typed kinds', () => {
  test('findVariant returns each variant as its kind, with its name and endpoint', () => {
    const { endpoint } = twoKinds();
    const gpu = endpoint.findVariant('Gpu');
    const lite = endpoint.findVariant('Lite');
    expect(gpu).toBeInstanceOf(EndpointVariant);
    expect(gpu).toBeInstanceOf(InstanceEndpointVariant);
    expect(lite).toBeInstanceOf(ServerlessEndpointVariant);
    expect(gpu.variantName).toBe('Gpu');
    expect(gpu.endpoint).toBe(endpoint);
    // One object per variant: the same one every time (alarms and dashboards compare them).
    expect(endpoint.findVariant('Gpu')).toBe(gpu);
    expect(endpoint.findInstanceVariant('Gpu')).toBe(gpu);
    expect(endpoint.findServerlessVariant('Lite')).toBe(lite);
  });

  test('an unknown name is an error naming the construct path, the name and the variants of each kind', () => {
    const { endpoint } = twoKinds();
    for (const [method, find] of [['findVariant', () => endpoint.findVariant('Blue')], ['findInstanceVariant', () => endpoint.findInstanceVariant('Blue')],
      ['findServerlessVariant', () => endpoint.findServerlessVariant('Blue')]] as const) {
      expect(find).toThrow(`SageMakerEndpoint.${method} at 'Stack/Endpoint': invalid prop\n`
        + '  - variantName = "Blue": must be one of this endpoint\'s variants: Gpu (instance); Lite (serverless)');
    }
  });

  test('a name of the other kind is an error pointing to the other lookup and listing the kind asked for', () => {
    const { endpoint } = twoKinds();
    expect(() => endpoint.findInstanceVariant('Lite')).toThrow("SageMakerEndpoint.findInstanceVariant at 'Stack/Endpoint': invalid prop\n"
      + '  - variantName = "Lite": is a serverless variant: use findServerlessVariant (instance variants: Gpu)');
    expect(() => endpoint.findServerlessVariant('Gpu')).toThrow("SageMakerEndpoint.findServerlessVariant at 'Stack/Endpoint': invalid prop\n"
      + '  - variantName = "Gpu": is an instance variant: use findInstanceVariant (serverless variants: Lite)');
  });
});

describe('EndpointVariant metrics (both kinds)', () => {
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
    for (const [m, name] of [[lite.metricInvocation4XXErrors(), 'Invocation4XXErrors'], [lite.metricInvocation5XXErrors(), 'Invocation5XXErrors'],
      [lite.metricInvocationModelErrors(), 'InvocationModelErrors'], [lite.metricOverheadLatency(), 'OverheadLatency']] as const) {
      expect(m.metricName).toBe(name);
      expect(dims(m).VariantName).toBe('Lite');
    }
  });

  test('metric(namespace, name, props) takes aws-sagemaker-alpha\'s argument order', () => {
    const { stack, endpoint } = twoKinds();
    const util = endpoint.findVariant('Gpu').metric('/aws/sagemaker/Endpoints', 'GPUUtilization', { statistic: 'Maximum' });
    expect(util.namespace).toBe('/aws/sagemaker/Endpoints');
    expect(util.metricName).toBe('GPUUtilization');
    expect(util.statistic).toBe('Maximum');
    expect(stack.resolve(util.dimensions).VariantName).toBe('Gpu');
  });

  test('the variant name wins over a variantName smuggled into the options', () => {
    const { stack, endpoint } = twoKinds();
    const m = endpoint.findVariant('Gpu').metricInvocations({ variantName: 'Lite' } as never);
    expect(stack.resolve(m.dimensions).VariantName).toBe('Gpu');
  });
});

describe('SageMakerEndpoint.fromEndpointAttributes with variant kinds', () => {
  function imported(attrs: Partial<Parameters<typeof SageMakerEndpoint.fromEndpointAttributes>[2]> = {}) {
    const stack = newStack();
    return { stack, endpoint: SageMakerEndpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'prod', ...attrs }) };
  }

  test('declared variants are found as their kinds, and their names become variantNames', () => {
    const { stack, endpoint } = imported({
      instanceVariants: [{ variantName: 'Gpu', instanceType: MlInstanceType.G5_XLARGE }],
      serverlessVariants: [{ variantName: 'Lite', memorySize: Size.gibibytes(3), maxConcurrency: 10 }],
    });
    expect(endpoint.variantNames).toEqual(['Gpu', 'Lite']);
    const gpu = endpoint.findInstanceVariant('Gpu');
    expect(gpu.instanceType).toBe(MlInstanceType.G5_XLARGE);
    expect(gpu.initialInstanceCount).toBe(1);
    expect(stack.resolve(gpu.metricCpuUtilization().dimensions)).toEqual({ EndpointName: 'prod', VariantName: 'Gpu' });
    expect(endpoint.findServerlessVariant('Lite').memorySize.toMebibytes()).toBe(3072);
  });

  test('an imported instance variant can be autoscaled', () => {
    const { stack, endpoint } = imported({ instanceVariants: [{ variantName: 'AllTraffic', instanceType: MlInstanceType.M5_LARGE }] });
    endpoint.findInstanceVariant('AllTraffic').autoScaleInstanceCount({ maxCapacity: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/prod/variant/AllTraffic', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', MinCapacity: 1, MaxCapacity: 3,
    });
  });

  test('a name without a declared kind is an error saying how to declare it', () => {
    const { endpoint } = imported({ variantNames: ['Blue', 'Green'], instanceVariants: [{ variantName: 'Blue', instanceType: MlInstanceType.M5_LARGE }] });
    expect(() => endpoint.findInstanceVariant('Green')).toThrow("SageMakerEndpoint.findInstanceVariant at 'Stack/Imported': invalid prop\n"
      + '  - variantName = "Green": is a variant whose kind the import does not declare: list it in instanceVariants or serverlessVariants');
    expect(() => endpoint.findVariant('Red')).toThrow('must be one of this endpoint\'s variants: Blue (instance); Green (kind not declared)');
    // Without declared kinds an import works as before, by name only.
    expect(imported().endpoint.variantNames).toEqual(['AllTraffic']);
  });

  test('a declared variant missing from variantNames, or declared twice, is an error', () => {
    expect(() => imported({ variantNames: ['Blue'], instanceVariants: [{ variantName: 'Red', instanceType: MlInstanceType.M5_LARGE }] }))
      .toThrow("SageMakerEndpoint.fromEndpointAttributes at 'Stack/Imported': invalid prop\n"
        + '  - instanceVariants/serverlessVariants = "Red": must be one of variantNames: Blue');
    expect(() => imported({
      instanceVariants: [{ variantName: 'A', instanceType: MlInstanceType.M5_LARGE }],
      serverlessVariants: [{ variantName: 'A', memorySize: Size.gibibytes(1), maxConcurrency: 1 }],
    })).toThrow('instanceVariants/serverlessVariants = "A": must declare each variant once');
  });

  test('declared variants are checked like created ones, in one error (plain-JavaScript callers get no TypeError)', () => {
    const bad = () => imported({
      instanceVariants: [{ variantName: 'Gpu', instanceType: undefined as never, initialInstanceCount: 0 }],
      serverlessVariants: [{ variantName: 'Lite', memorySize: 2048 as never, maxConcurrency: 0 }],
    });
    expect(bad).toThrow("SageMakerEndpoint.fromEndpointAttributes at 'Stack/Imported': 4 invalid props\n"
      + '  - instanceVariants[0].instanceType = undefined: is required: the variant\'s MlInstanceType\n'
      + '  - instanceVariants[0].initialInstanceCount = 0: must be an integer from 1 to 100\n'
      + '  - serverlessVariants[0].memorySize = 2048: must be a Size (e.g. Size.gibibytes(2)): one of 1024, 2048, 3072, 4096, 5120, 6144 MiB\n'
      + '  - serverlessVariants[0].maxConcurrency = 0: must be an integer from 1 to 200');
    expect(() => imported({ instanceVariants: { variantName: 'Gpu' } as never }))
      .toThrow('instanceVariants = {"variantName":"Gpu"}: must be a list of { variantName, instanceType }');
  });

  test('a missing endpoint name or an empty variantNames is one error (the ARN or every metric would be broken)', () => {
    const stack = newStack();
    expect(() => SageMakerEndpoint.fromEndpointAttributes(stack, 'NoName', {} as never))
      .toThrow("SageMakerEndpoint.fromEndpointAttributes at 'Stack/NoName': invalid prop\n  - endpointName = undefined: must be 1-63 letters");
    expect(() => imported({ variantNames: [] }))
      .toThrow('variantNames = [0 items]: must list the endpoint\'s variant names (at least one), or be left out');
    expect(SageMakerEndpoint.fromEndpointAttributes(stack, 'Token', { endpointName: Lazy.string({ produce: () => 'prod' }) }).variantNames).toEqual(['AllTraffic']);
  });

  test('variantNames holding a token skip the declared-name check (its value is unknown at synth time)', () => {
    const { endpoint } = imported({
      variantNames: [Lazy.string({ produce: () => 'Blue' })],
      instanceVariants: [{ variantName: 'Blue', instanceType: MlInstanceType.M5_LARGE }],
    });
    expect(endpoint.findInstanceVariant('Blue').instanceType).toBe(MlInstanceType.M5_LARGE);
  });
});
