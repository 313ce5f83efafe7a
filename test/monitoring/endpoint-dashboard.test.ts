import { Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { EndpointAlarms, EndpointDashboard, EndpointDashboardProps } from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from '../serving/fixtures';

interface Widget { type: string; properties: { title?: string; metrics?: unknown[][]; alarms?: unknown[] } }

/** A two-variant endpoint (GPU 'Gpu' and CPU 'Cpu') and its dashboard; returns the parsed widgets. */
function dashboard(props: (e: SageMakerEndpoint, alarms: EndpointAlarms) => Partial<EndpointDashboardProps> = () => ({})) {
  const stack = newStack();
  const model = newModel(stack);
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Gpu', model, instanceType: MlInstanceType.G5_XLARGE },
      { variantName: 'Cpu', model, instanceType: MlInstanceType.C5_XLARGE },
    ],
  });
  const alarms = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType: MlInstanceType.G5_XLARGE });
  new EndpointDashboard(stack, 'Dashboard', { endpoint, ...props(endpoint, alarms) });
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  // DashboardBody is a Fn::Join of JSON text and tokens; render the tokens as placeholders and parse it.
  const body = (resource.Properties.DashboardBody['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  const widgets: Widget[] = JSON.parse(body).widgets;
  return { widgets, resource, titles: widgets.map((w) => w.properties.title) };
}

const metricNames = (w: Widget) => (w.properties.metrics ?? []).map((m) => `${m[1]}/${m[5] ?? ''}`);

describe('EndpointDashboard', () => {
  test('traffic, latency, errors, utilisation and overhead for every variant', () => {
    const { widgets, titles } = dashboard();
    expect(titles).toEqual(['Invocations', 'Model latency (µs)', 'Errors', 'Instance utilisation (%; CPU is per vCPU × 100)', 'Overhead latency (µs)']);
    const latency = widgets[1].properties.metrics!;
    expect(latency).toHaveLength(6); // p50, p90, p99 × 2 variants
    expect(JSON.stringify(latency)).toContain('"stat":"p90"');
    expect(metricNames(widgets[2]).map((n) => n.split('/')[0])).toEqual(
      ['Invocation4XXErrors', 'Invocation5XXErrors', 'InvocationModelErrors', 'Invocation4XXErrors', 'Invocation5XXErrors', 'InvocationModelErrors']);
  });

  test('no GPU widget when no instance types are given', () => {
    const { widgets } = dashboard();
    expect(JSON.stringify(widgets)).not.toContain('GPUUtilization');
  });

  test('GPU utilisation and GPU memory only for the GPU variant', () => {
    const { widgets, titles } = dashboard(() => ({ instanceTypes: { Gpu: MlInstanceType.G5_XLARGE, Cpu: MlInstanceType.C5_XLARGE } }));
    expect(titles).toContain('GPU utilisation and GPU memory (% × GPUs)');
    const gpu = widgets.find((w) => w.properties.title?.startsWith('GPU'))!;
    const metrics = gpu.properties.metrics!;
    expect(metrics.map((m) => m[1])).toEqual(['GPUUtilization', 'GPUMemoryUtilization']);
    for (const m of metrics) expect(m).toEqual(expect.arrayContaining(['VariantName', 'Gpu']));
    expect(JSON.stringify(metrics)).not.toContain('"Cpu"');
  });

  test('an alarm status widget lists the given alarms', () => {
    let given: unknown[] = [];
    const { widgets } = dashboard((_e, alarms) => { given = alarms.alarms; return { alarms: alarms.alarms }; });
    const status = widgets.find((w) => w.type === 'alarm')!;
    expect(status.properties.title).toBe('Alarms');
    expect(given.length).toBeGreaterThan(1);
    expect(status.properties.alarms).toHaveLength(given.length);
  });

  test('no alarm widget without alarms', () => {
    expect(dashboard().widgets.some((w) => w.type === 'alarm')).toBe(false);
  });

  test('a dashboard name is used', () => {
    expect(dashboard(() => ({ dashboardName: 'mnist-prod' })).resource.Properties.DashboardName).toBe('mnist-prod');
  });

  test('a bad dashboard name and an unknown variant are reported together', () => {
    expect(() => dashboard(() => ({ dashboardName: 'mnist prod', instanceTypes: { Canary: MlInstanceType.G5_XLARGE } })))
      .toThrow("EndpointDashboard at 'Stack/Dashboard': 2 invalid props\n"
        + '  - dashboardName = "mnist prod": must be 1-255 letters, digits, - and _\n'
        + '  - instanceTypes.Canary = "Canary": must name a variant: Gpu, Cpu');
  });
});

