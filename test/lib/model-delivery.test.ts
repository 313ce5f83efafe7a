/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { App, Testing } from 'cdk8s';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { CanaryTrafficRouting, DcgmMetrics, KubeLoadMetric, ModelServerMetrics } from '../../constructs/k8s';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { ModelDeliveryOptions } from '../../lib/model-delivery';
import { ModelGitOpsChart } from '../../lib/model-gitops-chart';
import { ModelServingChart } from '../../lib/model-serving-chart';
import { errorOf, synthValid } from '../k8s/crd-fixtures';

const IMAGE = 'ghcr.io/example/cdk-mlops-digits:0.2.0';
const model = (overrides: Partial<MlModelDefinition> = {}): MlModelDefinition => ({
  name: 'digits', instanceType: MlInstanceType.M5_LARGE, image: ContainerImage.fromReferenceModel(), kubernetesImage: IMAGE, ...overrides,
});

function chart(delivery: ModelDeliveryOptions, overrides: Partial<MlModelDefinition> = {}) {
  const c = new ModelServingChart(Testing.app(), 'digits', { namespace: 'ml-serving', model: model(overrides), delivery });
  const objects: any[] = synthValid(c);
  return { chart: c, objects, kinds: objects.map((o) => o.kind), of: (kind: string) => objects.find((o) => o.kind === kind) };
}

describe('ModelServingChart delivery', () => {
  const metrics = ModelServerMetrics.referenceContainer();

  test('without delivery: the Deployment and its CPU HPA only', () => {
    const c = new ModelServingChart(Testing.app(), 'digits', { namespace: 'ml-serving', model: model() });
    const kinds = (Testing.synth(c) as any[]).map((o) => o.kind);
    expect(kinds).toContain('HorizontalPodAutoscaler');
    expect(kinds).not.toEqual(expect.arrayContaining(['Rollout']));
    expect(c.delivery).toBeUndefined();
  });

  test('everything on: thresholds come from the definition, as on SageMaker; KEDA replaces the HPA and scales the Rollout', () => {
    const { kinds, of } = chart({ serverMetrics: metrics, canary: {}, monitoring: {}, loadAutoscaling: {} },
      { p99LatencyThresholdMs: 250, invocationsPerInstance: 600, kubernetesCpuUtilizationPercent: 60, minCapacity: 2, maxCapacity: 5 });
    expect(kinds).toEqual(expect.arrayContaining(['Rollout', 'AnalysisTemplate', 'ServiceMonitor', 'PrometheusRule', 'ScaledObject']));
    expect(kinds).not.toContain('HorizontalPodAutoscaler');
    expect(of('AnalysisTemplate').spec.metrics[1].successCondition).toMatch(/<= 0\.25$/);
    expect(of('PrometheusRule').spec.groups[0].rules[0].expr).toMatch(/ > 0\.25$/);
    const scaled = of('ScaledObject').spec;
    expect(scaled.scaleTargetRef.kind).toBe('Rollout');
    expect([scaled.minReplicaCount, scaled.maxReplicaCount]).toEqual([2, 5]);
    expect(scaled.triggers.map((t: any) => [t.name, t.metadata.threshold ?? t.metadata.value])).toEqual([['requests-per-second', '10'], ['cpu-utilization', '60']]);
    expect(of('Deployment').spec.replicas).toBe(0);
  });

  test('an image without known metrics: canary without analysis, restart alerts, CPU-only KEDA; a GPU model scales on its GPUs', () => {
    const cpu = chart({ canary: {}, monitoring: {}, loadAutoscaling: {} });
    expect(cpu.kinds).not.toContain('AnalysisTemplate');
    expect(cpu.kinds).not.toContain('ServiceMonitor');
    expect(cpu.of('Rollout').spec.strategy.canary.analysis).toBeUndefined();
    expect(cpu.of('PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert)).toEqual(['ModelServerRestarting']);
    expect(cpu.of('ScaledObject').spec.triggers.map((t: any) => t.name)).toEqual(['cpu-utilization']);
    const gpu = chart({ monitoring: {}, loadAutoscaling: {}, dcgm: DcgmMetrics.honoredLabels() }, { instanceType: MlInstanceType.G5_XLARGE, gpuUtilizationPercent: 60 });
    expect(gpu.of('ScaledObject').spec.triggers[0]).toMatchObject({ name: 'gpu-utilization', metadata: { threshold: '60' } });
    expect(gpu.of('ScaledObject').spec.triggers[0].metadata.query).toContain('pod=~"digits-');
    expect(gpu.of('PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert)).toEqual(['ModelServerRestarting', 'ModelGpuMemoryHigh', 'ModelGpuSaturated']);
  });

  test('a traffic router and in-flight scaling pass through', () => {
    const { of, kinds } = chart({ serverMetrics: metrics, canary: { trafficRouting: CanaryTrafficRouting.nginx('digits') }, loadAutoscaling: { loadMetric: KubeLoadMetric.IN_FLIGHT_REQUESTS } });
    expect(of('Rollout').spec.strategy.canary.trafficRouting).toEqual({ nginx: { stableIngress: 'digits' } });
    expect(kinds.filter((k: string) => k === 'Service')).toHaveLength(3);
    expect(of('ScaledObject').spec.triggers[0].name).toBe('in-flight-requests');
  });

  test('options that cannot be honoured are errors, not silently dropped', () => {
    const message = errorOf(() => chart({ canary: { analysis: true }, loadAutoscaling: { loadMetric: KubeLoadMetric.IN_FLIGHT_REQUESTS }, dcgm: DcgmMetrics.honoredLabels() }));
    expect(message).toContain("ModelServingChart delivery at 'digits/Delivery': 3 invalid props");
    expect(message).toContain('delivery.canary.analysis = true: needs delivery.serverMetrics');
    expect(message).toContain('delivery.loadAutoscaling.loadMetric = "in-flight-requests": needs delivery.serverMetrics');
    expect(message).toContain('delivery.dcgm = "pod": must be omitted: the model has no NVIDIA GPU');
    expect(errorOf(() => chart({ serverMetrics: metrics }))).toContain('delivery.serverMetrics = "ModelServerMetrics": is used by canary, monitoring and loadAutoscaling');
    expect(errorOf(() => chart({ monitoring: {}, prometheusAddress: 'http://prom:9090' }))).toContain('delivery.prometheusAddress = "http://prom:9090": is queried by the canary analysis and KEDA only');
  });
});

describe('ModelGitOpsChart', () => {
  test('one Application per chart file, in Argo CD\'s namespace; or one ApplicationSet', () => {
    const app = new App({ outdir: '/tmp/unused' });
    const digits = new ModelServingChart(app, 'digits', { namespace: 'ml-serving', model: model() });
    const gitops = new ModelGitOpsChart(app, 'argocd', { charts: [digits], repoUrl: 'https://github.com/example/ml.git', path: 'deploy/k8s' });
    const [application] = synthValid(gitops);
    expect(application.metadata).toMatchObject({ name: 'digits', namespace: 'argocd' });
    expect(application.spec.source).toEqual({ repoURL: 'https://github.com/example/ml.git', targetRevision: 'HEAD', path: 'deploy/k8s', directory: { include: 'digits.k8s.yaml' } });
    const set = new ModelGitOpsChart(app, 'argocd-set', { charts: [digits], repoUrl: 'https://github.com/example/ml.git', path: 'deploy/k8s', applicationSet: true });
    const [applicationSet] = synthValid(set);
    expect(applicationSet.kind).toBe('ApplicationSet');
    expect(applicationSet.spec.generators[0].list.elements).toEqual([{ name: 'digits', path: 'deploy/k8s', include: 'digits.k8s.yaml', namespace: '' }]);
  });

  test('a Namespace other Applications\' objects live in is never deleted or pruned with the Application that renders it', () => {
    // GIVEN two models in one namespace: the first chart renders it, each chart is its own Application
    const app = new App({ outdir: '/tmp/unused' });
    const digits = new ModelServingChart(app, 'digits', { namespace: 'ml-serving', model: model() });
    const vision = new ModelServingChart(app, 'vision', { namespace: 'ml-serving', createNamespace: false, model: model({ name: 'vision' }) });
    const alone = new ModelServingChart(app, 'alone', { namespace: 'ml-alone', model: model({ name: 'alone' }) });
    // WHEN
    new ModelGitOpsChart(app, 'argocd', { charts: [digits, vision, alone], repoUrl: 'https://github.com/example/ml.git', path: 'deploy/k8s' });
    // THEN deleting the digits Application (cascading, by its finalizer) leaves ml-serving, and with it vision, alone
    const namespaceOf = (c: ModelServingChart) => (synthValid(c) as any[]).find((o) => o.kind === 'Namespace');
    expect(namespaceOf(digits).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-2', 'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false' });
    expect(namespaceOf(vision)).toBeUndefined();
    // a namespace only its own Application uses goes with it, as before
    expect(namespaceOf(alone).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-2' });
  });

  test('rejects no charts', () => {
    expect(errorOf(() => new ModelGitOpsChart(Testing.app(), 'argocd', { charts: [], repoUrl: 'https://github.com/example/ml.git', path: 'deploy' })))
      .toContain("ModelGitOpsChart at 'argocd': invalid prop\n  - charts = [0 items]: must hold at least one chart");
  });
});
