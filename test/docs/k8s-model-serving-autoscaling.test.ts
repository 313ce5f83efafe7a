import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { MlInstanceType } from '../../constructs/core';
import { KubeLoadAutoscaler, KubeModelServing, ModelServerMetrics } from '../../constructs/k8s';

/** docs/k8s-model-serving.md's autoscaling section shows what the constructs synthesize today. */
describe('docs/k8s-model-serving.md: autoscaling', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'k8s-model-serving.md'), 'utf8');
  const section = page.slice(page.indexOf('## Autoscaling (`cpuAutoscaling`'), page.indexOf('## GPU scheduling'));
  const yamlBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  test('the HorizontalPodAutoscaler shown is the one synthesized', () => {
    const chart = new Chart(Testing.app(), 'mnist', { namespace: 'ml' });
    new KubeModelServing(chart, 'MnistClassifier', {
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2', instanceType: MlInstanceType.G5_XLARGE,
      minReplicas: 2, maxReplicas: 6, targetCpuUtilizationPercent: 60,
    });
    const hpa = Testing.synth(chart).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(parse(yamlBlocks[0])).toEqual(hpa);
  });

  test('with cpuAutoscaling: false there is no HorizontalPodAutoscaler, and the ScaledObject excerpt matches', () => {
    const chart = new Chart(Testing.app(), 'vision', { namespace: 'ml' });
    const serving = new KubeModelServing(chart, 'Vision', {
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/vision:2.0.0', instanceType: MlInstanceType.G5_XLARGE,
      minReplicas: 1, maxReplicas: 8, cpuAutoscaling: false,
    });
    new KubeLoadAutoscaler(chart, 'Scaler', { serving, metrics: ModelServerMetrics.referenceContainer(), requestsPerSecondPerReplica: 20 });
    const objects = Testing.synth(chart);
    expect(serving.hpa).toBeUndefined();
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy', 'ScaledObject']);
    const shown = parse(yamlBlocks[1]);
    const scaled = objects.find((o) => o.kind === 'ScaledObject');
    // The excerpt leaves out the labels and the triggers after the first.
    expect(shown).toEqual({
      ...scaled, metadata: { name: scaled.metadata.name, namespace: scaled.metadata.namespace },
      spec: { ...scaled.spec, triggers: scaled.spec.triggers.slice(0, 1) },
    });
  });
});
