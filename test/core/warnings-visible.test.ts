/** Warnings must reach the user: cdk8s never prints aws-cdk-lib annotations, so charts get them on stderr. */
import { App, Stack } from 'aws-cdk-lib';
import { Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { KubeModelServing } from '../../constructs/k8s';
import { EndpointAlarms } from '../../constructs/monitoring';
import { SageMakerEndpoint, SageMakerModel, ModelData } from '../../constructs/serving';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2';

function stderrOf(fn: () => void): string {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fn();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

test('a warning on a cdk8s construct (unknown instance type) is printed, with its path and ack id', () => {
  const out = stderrOf(() => {
    const chart = Testing.chart();
    new KubeModelServing(chart, 'Serving', { image: IMAGE, instanceType: MlInstanceType.of('ml.x9.huge') });
    Testing.synth(chart);
  });
  expect(out).toMatch(/^\[Warning at \/.*Serving\] instanceType 'ml\.x9\.huge' is not in the cdk-mlops catalog.*\[ack: cdk-mlops:unknown-instance-type\]\n$/m);
});

test('inside an aws-cdk-lib stack the warning stays an annotation (cdk synth prints those itself), not a second stderr line', () => {
  expect(SageMakerEndpoint).toBeDefined();
  const out = stderrOf(() => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    void ModelData; void SageMakerModel;
    const endpoint = { variantNames: ['AllTraffic'], endpointName: 'e' } as never;
    try {
      new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType: MlInstanceType.of('ml.x9.huge') });
    } catch {
      // a stub endpoint may not render metrics; the warning is recorded before any rendering
    }
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning');
    expect(warnings.map((w) => String(w.data))).toEqual([expect.stringContaining("'ml.x9.huge' is not in the cdk-mlops catalog")]);
  });
  expect(out).toBe('');
});
