/** Issue 10 items 1-3 on the monitoring constructs: tokens, silently accepted values, readable errors. */
import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AcceleratorKind, MlInstanceType } from '../../constructs/core';
import { EndpointAlarms, EndpointAlarmsProps, EndpointDashboard } from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from '../serving/fixtures';

function alarms(instanceType: MlInstanceType | undefined, props: Partial<EndpointAlarmsProps> = {}) {
  const stack = newStack();
  const model = newModel(stack, 'Model');
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.C5_XLARGE }] });
  const built = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType, ...props });
  return { stack, endpoint, built, template: Template.fromStack(stack) };
}
const errorOf = (fn: () => unknown): string => {
  try { fn(); } catch (e) { return (e as Error).message; }
  throw new Error('expected an error');
};
const warningsOf = (stack: ReturnType<typeof newStack>) =>
  stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

describe('tokens', () => {
  test('an instance type from a CfnParameter is accepted (no "malformed" error), warned about, and gets no guessed CPU alarm', () => {
    const stack = newStack();
    const type = MlInstanceType.of(new CfnParameter(stack, 'Type', { default: 'ml.c5.xlarge' }).valueAsString);
    const model = newModel(stack, 'Model');
    const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.C5_XLARGE }] });
    const built = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType: type });
    expect(built.cpuAlarm).toBeUndefined();
    expect(built.memoryAlarm).toBeDefined();
    expect(warningsOf(stack)).toEqual([expect.stringContaining('instanceType is a token (e.g. a CfnParameter)')]);
  });

  test('a token CPU or GPU threshold (scaled by the unit count) is refused with the reason; an unscaled token passes through', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Cpu', { type: 'Number', default: 80 }).valueAsNumber;
    const model = newModel(stack, 'Model');
    const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.G5_XLARGE }] });
    expect(errorOf(() => new EndpointAlarms(stack, 'A', { endpoint, instanceType: MlInstanceType.G5_XLARGE, cpuUtilizationPercent: p, gpuMemoryUtilizationPercent: p })))
      .toMatch(/cpuUtilizationPercent = "\(a token\)": must be a literal value.*vCPU count[\s\S]*gpuMemoryUtilizationPercent = "\(a token\)"/);
    const ok = new EndpointAlarms(stack, 'B', { endpoint, instanceType: MlInstanceType.G5_XLARGE, memoryUtilizationPercent: p });
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toMatch(/e\+28\d/); // no token number multiplied into a garbage literal
    expect(stack.resolve((ok.memoryAlarm!.node.defaultChild as unknown as { threshold: unknown }).threshold)).toEqual({ Ref: 'Cpu' });
  });

  test('a token latency Duration is refused by name instead of aws-cdk-lib\'s conversion error', () => {
    const stack = newStack();
    const seconds = new CfnParameter(stack, 'S', { type: 'Number' }).valueAsNumber;
    const model = newModel(stack, 'Model');
    const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.C5_XLARGE }] });
    expect(errorOf(() => new EndpointAlarms(stack, 'A', { endpoint, p99LatencyThreshold: Duration.seconds(seconds) })))
      .toContain("EndpointAlarms at 'Stack/A': invalid prop\n  - p99LatencyThreshold = \"(a token)\": must be a literal Duration");
  });
});

describe('silently accepted values', () => {
  test.each(['m5.large', 'ml.M5.large', 'ml..large', ''])('a malformed instance type %j is an error (it used to size alarms for 1 vCPU)', (name) => {
    expect(errorOf(() => alarms(MlInstanceType.of(name)))).toMatch(/instanceType = .*must be a SageMaker instance type named ml\.<family>\.<size>/);
  });

  test('an unknown well-formed type is a warning and gets no CPU alarm sized for a guessed 1 vCPU', () => {
    const { stack, built } = alarms(MlInstanceType.of('ml.x9.huge'));
    expect(built.cpuAlarm).toBeUndefined();
    expect(built.memoryAlarm).toBeDefined();
    expect(warningsOf(stack)).toEqual([expect.stringContaining("'ml.x9.huge' is not in the cdk-mlops catalog")]);
  });

  test('a custom type sizes the CPU alarm by its own vCPUs', () => {
    const { stack, template, built } = alarms(MlInstanceType.custom('ml.x9.huge', { vcpus: 6, memoryGiB: 12, training: true, hosting: true }));
    const threshold = template.toJSON().Resources[stack.getLogicalId(built.cpuAlarm!.node.defaultChild as never)].Properties.Threshold;
    expect(threshold).toBe(480);
  });

  test.each([
    [{ vcpus: -4, memoryGiB: 16 }, 'vcpus = -4: must be an integer from 1 to 4096'],
    [{ vcpus: Number.NaN, memoryGiB: 16 }, 'vcpus = NaN'],
    [{ vcpus: 2.5, memoryGiB: 16 }, 'vcpus = 2.5'],
    [{ vcpus: 4, memoryGiB: 0 }, 'memoryGiB = 0: must be a number of GiB above 0'],
    [{ vcpus: 4, memoryGiB: 16, acceleratorCount: 1 }, 'acceleratorKind = "none": must be NONE exactly when acceleratorCount is 0'],
    [{ vcpus: 4, memoryGiB: 16, acceleratorKind: AcceleratorKind.NVIDIA_GPU, acceleratorCount: -1 }, 'acceleratorCount = -1'],
  ])('a custom type with impossible facts %j is an error', (spec, message) => {
    expect(errorOf(() => alarms(MlInstanceType.custom('ml.x9.huge', { training: true, hosting: true, ...spec })))).toContain(message);
  });

  test('EndpointDashboard checks its instance types the same way', () => {
    const stack = newStack();
    const model = newModel(stack, 'Model');
    const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.C5_XLARGE }] });
    expect(errorOf(() => new EndpointDashboard(stack, 'D', { endpoint, instanceTypes: { AllTraffic: MlInstanceType.of('g5.xlarge') } })))
      .toContain('instanceTypes.AllTraffic = "g5.xlarge": must be a SageMaker instance type');
  });
});

describe('unreadable errors from plain JavaScript callers', () => {
  test('a missing endpoint or a string instance type is the library\'s error, not a TypeError', () => {
    const stack = newStack();
    expect(errorOf(() => new EndpointAlarms(stack, 'A', {} as never))).toContain("EndpointAlarms at 'Stack/A': invalid prop\n  - endpoint = undefined");
    expect(errorOf(() => new EndpointDashboard(stack, 'D', {} as never))).toContain('endpoint = undefined');
    expect(errorOf(() => alarms('ml.c5.xlarge' as never))).toContain('instanceType = "ml.c5.xlarge": must be an MlInstanceType, e.g. MlInstanceType.of("ml.c5.xlarge")');
  });
});
