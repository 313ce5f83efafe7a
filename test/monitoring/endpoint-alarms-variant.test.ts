import { Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { EndpointAlarms, EndpointAlarmsProps, EndpointDashboard, EndpointDashboardProps } from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from '../serving/fixtures';

/** An endpoint with a GPU variant 'Gpu' (ml.g5.xlarge, 4 vCPU, 1 GPU) and a serverless variant 'Lite'. */
function setup() {
  const stack = newStack();
  const model = newModel(stack, 'Model', { networkIsolation: false });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Gpu', model, instanceType: MlInstanceType.G5_XLARGE },
      { variantName: 'Lite', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } },
    ],
  });
  return { stack, endpoint };
}

/** The alarms' CloudFormation properties (ids stripped), to compare two ways of asking for the same alarms. */
function alarmsTemplate(props: (e: SageMakerEndpoint) => EndpointAlarmsProps) {
  const { stack, endpoint } = setup();
  new EndpointAlarms(stack, 'Alarms', props(endpoint));
  return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
}

describe('EndpointAlarms from a variant', () => {
  test('a GPU variant gives the same alarms as endpoint + variantName + instanceType', () => {
    const fromVariant = alarmsTemplate((e) => ({ variant: e.findVariant('Gpu') }));
    const fromProps = alarmsTemplate((e) => ({ endpoint: e, variantName: 'Gpu', instanceType: MlInstanceType.G5_XLARGE }));
    expect(fromVariant).toEqual(fromProps);
    // The instance type came through: CPU threshold 80 × 4 vCPU, and a GPU memory alarm exists.
    expect(fromVariant.map((p) => p.MetricName)).toEqual(expect.arrayContaining(['CPUUtilization', 'GPUMemoryUtilization']));
    expect(fromVariant.find((p) => p.MetricName === 'CPUUtilization')!.Threshold).toBe(320);
    expect(JSON.stringify(fromVariant)).not.toContain('"Lite"');
  });

  test('a serverless variant gives the invocation alarms and its concurrency alarm, on that variant', () => {
    const { stack, endpoint } = setup();
    const alarms = new EndpointAlarms(stack, 'Alarms', { variant: endpoint.findServerlessVariant('Lite') });
    expect(alarms.cpuAlarm).toBeUndefined();
    expect(alarms.gpuMemoryAlarm).toBeUndefined();
    // (Which kinds the recommended preset holds is endpoint-alarm-preset.test.ts's business: only what depends on the kind here.)
    expect(alarms.alarms.map((a) => a.node.id)).not.toContain('CpuUtilization');
    expect(alarms.memoryAlarm ?? alarms.diskAlarm).toBeUndefined();
    expect(alarms.serverlessConcurrencyAlarm).toBeDefined();
    // Given as endpoint + variantName, the endpoint knows the variant's kind: the same concurrency alarm.
    const byName = new EndpointAlarms(stack, 'ByName', { endpoint, variantName: 'Lite' });
    expect(byName.serverlessConcurrencyAlarm).toBeDefined();
    expect(byName.alarms.map((a) => a.node.id)).toEqual(alarms.alarms.map((a) => a.node.id));
    const latency = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(alarms.latencyAlarm.node.defaultChild as never)].Properties;
    expect(latency.Dimensions).toEqual(expect.arrayContaining([{ Name: 'VariantName', Value: 'Lite' }]));
  });

  test('endpoint + variantName without instanceType takes the instance type from the endpoint (same alarms as variant)', () => {
    const fromVariant = alarmsTemplate((e) => ({ variant: e.findInstanceVariant('Gpu') }));
    const fromName = alarmsTemplate((e) => ({ endpoint: e, variantName: 'Gpu' }));
    expect(fromName).toEqual(fromVariant);
    expect(fromName.find((p) => p.MetricName === 'CPUUtilization')!.Threshold).toBe(320);
  });

  test('an imported variant of undeclared kind keeps the name-only alarms (no guess), without an error', () => {
    const stack = newStack();
    const imported = SageMakerEndpoint.fromEndpointAttributes(stack, 'Legacy', { endpointName: 'legacy' });
    const alarms = new EndpointAlarms(stack, 'Alarms', { endpoint: imported });
    expect(alarms.cpuAlarm).toBeUndefined();
    expect(alarms.serverlessConcurrencyAlarm).toBeUndefined();
    expect(alarms.alarms.length).toBeGreaterThan(0);
  });

  test('an imported endpoint\'s declared instance variant drives the thresholds as a created one does', () => {
    const stack = newStack();
    const imported = SageMakerEndpoint.fromEndpointAttributes(stack, 'Prod', {
      endpointName: 'prod', instanceVariants: [{ variantName: 'AllTraffic', instanceType: MlInstanceType.G5_XLARGE }],
    });
    const alarms = new EndpointAlarms(stack, 'Alarms', { variant: imported.findInstanceVariant('AllTraffic') });
    expect(alarms.alarms.map((a) => a.node.id)).toEqual(['ModelLatencyP99', 'ErrorRate5XX', 'CpuUtilization', 'MemoryUtilization', 'DiskUtilization', 'GpuMemoryUtilization']);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization', Threshold: 320, Dimensions: Match.arrayWith([{ Name: 'EndpointName', Value: 'prod' }]),
    });
  });

  test('the same values given again alongside the variant are accepted', () => {
    const { stack, endpoint } = setup();
    expect(() => new EndpointAlarms(stack, 'Alarms', {
      variant: endpoint.findVariant('Gpu'), endpoint, variantName: 'Gpu', instanceType: MlInstanceType.G5_XLARGE,
    })).not.toThrow();
  });

  test('an instance type that disagrees with the variant is an error naming the prop and both types', () => {
    const { stack, endpoint } = setup();
    let n = 0;
    const build = () => new EndpointAlarms(stack, `Alarms${n++}`, { variant: endpoint.findVariant('Gpu'), instanceType: MlInstanceType.C5_XLARGE });
    expect(build).toThrow("EndpointAlarms at 'Stack/Alarms0'");
    expect(build).toThrow('instanceType = "ml.c5.xlarge": must be the variant\'s instance type (ml.g5.xlarge), or be left out');
  });

  test('an instance type for a serverless variant, another variant name or another endpoint are errors', () => {
    const { stack, endpoint } = setup();
    const other = new SageMakerEndpoint(stack, 'Other', { variants: [{ variantName: 'Gpu', model: endpoint.variants[0].model, instanceType: MlInstanceType.G5_XLARGE }] });
    expect(() => new EndpointAlarms(stack, 'A1', { variant: endpoint.findVariant('Lite'), instanceType: MlInstanceType.C5_XLARGE }))
      .toThrow("must be the variant's instance type (none: it is serverless)");
    expect(() => new EndpointAlarms(stack, 'A2', { variant: endpoint.findVariant('Lite'), variantName: 'Gpu' }))
      .toThrow('variantName = "Gpu": must be the variant\'s name (Lite), or be left out');
    expect(() => new EndpointAlarms(stack, 'A3', { variant: endpoint.findVariant('Gpu'), endpoint: other }))
      .toThrow('endpoint = "Stack/Other": must be the endpoint of variant (Stack/Endpoint), or be left out');
  });

  test('a variant that is not an endpoint variant (plain JavaScript) is one error, not a TypeError', () => {
    const { stack, endpoint } = setup();
    expect(() => new EndpointAlarms(stack, 'A1', { endpoint, variant: { variantName: 'Gpu' } as never }))
      .toThrow(/EndpointAlarms at 'Stack\/A1': invalid prop\n {2}- variant = \{"variantName":"Gpu"\}: must be an endpoint variant \(endpoint\.findInstanceVariant\(name\), findServerlessVariant or findVariant\)/);
  });

  test('neither endpoint nor variant is an error', () => {
    const { stack } = setup();
    expect(() => new EndpointAlarms(stack, 'Alarms', {})).toThrow('endpoint = undefined: must be the ISageMakerEndpoint to watch (or give variant)');
  });
});

/** The dashboard body's text (tokens as placeholders). */
function dashboardBody(props: (e: SageMakerEndpoint) => Partial<EndpointDashboardProps>) {
  const { stack, endpoint } = setup();
  new EndpointDashboard(stack, 'Dashboard', { endpoint, ...props(endpoint) });
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  return (resource.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '<token>')).join('');
}

describe('EndpointDashboard from variants', () => {
  test('the variants\' instance types add the GPU widget, as instanceTypes does', () => {
    const fromVariants = dashboardBody((e) => ({ variants: [e.findInstanceVariant('Gpu')] }));
    expect(fromVariants).toContain('GPUUtilization');
    expect(fromVariants).toEqual(dashboardBody(() => ({ instanceTypes: { Gpu: MlInstanceType.G5_XLARGE } })));
    expect(dashboardBody((e) => ({ variants: [e.findServerlessVariant('Lite')] }))).not.toContain('GPUUtilization');
  });

  test('a serverless variant gets a serverless row instead of instance utilisation lines', () => {
    const line = (metric: string, variant: string) => `"${metric}","EndpointName","<token>","VariantName","${variant}"`;
    const body = dashboardBody((e) => ({ variants: [e.findInstanceVariant('Gpu'), e.findServerlessVariant('Lite')] }));
    expect(body).toContain(line('CPUUtilization', 'Gpu'));
    expect(body).not.toContain(line('CPUUtilization', 'Lite'));
    expect(body).not.toContain(line('DiskUtilization', 'Lite'));
    expect(body).toContain(line('ServerlessConcurrentExecutionsUtilization', 'Lite'));
    expect(body).toContain(line('ModelSetupTime', 'Lite'));
    expect(body).toContain(line('MemoryUtilization', 'Lite'));
    expect(dashboardBody((e) => ({ variants: [e.findInstanceVariant('Gpu')] }))).not.toContain('Serverless');
  });

  test('an instance type that disagrees with a variant, or a variant of another endpoint, is an error', () => {
    expect(() => dashboardBody((e) => ({ variants: [e.findVariant('Gpu')], instanceTypes: { Gpu: MlInstanceType.C5_XLARGE } })))
      .toThrow('instanceTypes.Gpu = "ml.c5.xlarge": must be the variant\'s instance type (ml.g5.xlarge), or be left out');
    expect(() => dashboardBody((e) => {
      const other = new SageMakerEndpoint(e.stack, 'Other', { variants: [{ variantName: 'X', model: e.variants[0].model, instanceType: MlInstanceType.C5_XLARGE }] });
      return { variants: [other.findVariant('X')] };
    })).toThrow('variants[0] = "X": must be a variant of endpoint (Stack/Endpoint), not of Stack/Other');
  });

  test('variants that are not a list of endpoint variants (plain JavaScript) are one error, not a TypeError', () => {
    expect(() => dashboardBody(() => ({ variants: [undefined as never] })))
      .toThrow(/EndpointDashboard at 'Stack\/Dashboard': invalid prop\n {2}- variants\[0\] = undefined: must be an endpoint variant/);
    expect(() => dashboardBody((e) => ({ variants: e.findVariant('Gpu') as never })))
      .toThrow(/- variants = .*: must be a list of endpoint variants/);
  });
});
