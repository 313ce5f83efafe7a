/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { MlInstanceType } from '../../constructs/core/instance-type';
import { KubeCanaryRollout, KubeLoadAutoscaler, KubeLoadMetric, ModelServerMetrics } from '../../constructs/k8s';
import { errorOf, only, servingChart, synthValid } from './crd-fixtures';

const triggersOf = (objects: any[]) => only(objects, 'ScaledObject').spec.triggers;
const target = 'namespace="ml-serving",service="digits"';

describe('KubeLoadAutoscaler', () => {
  test('requests per second per replica from the server\'s series (SageMaker\'s invocation target / 60), plus CPU', () => {
    // GIVEN
    const { chart, serving } = servingChart({ cpuAutoscaling: false, minReplicas: 2, maxReplicas: 6 });
    // WHEN
    new KubeLoadAutoscaler(chart, 'Scaler', { serving, metrics: ModelServerMetrics.referenceContainer() });
    // THEN
    const objects = synthValid(chart);
    const scaled = only(objects, 'ScaledObject');
    expect(scaled.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'digits' },
      minReplicaCount: 2, maxReplicaCount: 6, pollingInterval: 15, cooldownPeriod: 300,
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } } },
    });
    expect(scaled.spec.idleReplicaCount).toBeUndefined();
    expect(triggersOf(objects)).toEqual([
      {
        type: 'prometheus', name: 'requests-per-second', metricType: 'AverageValue',
        metadata: {
          serverAddress: 'http://prometheus-operated.monitoring.svc:9090',
          query: `sum(rate(http_requests_total{${target},path="/invocations"}[2m]))`,
          threshold: '16.67', activationThreshold: '0',
        },
      },
      { type: 'cpu', name: 'cpu-utilization', metricType: 'Utilization', metadata: { value: '70' } },
    ]);
    expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  test('in-flight requests, taking off the scrape the reference container counts', () => {
    const { chart, serving } = servingChart({ cpuAutoscaling: false });
    new KubeLoadAutoscaler(chart, 'Scaler', { serving, metrics: ModelServerMetrics.referenceContainer(), loadMetric: KubeLoadMetric.IN_FLIGHT_REQUESTS, inFlightRequestsPerReplica: 8 });
    const [inFlight] = triggersOf(synthValid(chart));
    expect(inFlight.name).toBe('in-flight-requests');
    expect(inFlight.metadata.query).toBe(`clamp_min(sum(http_requests_in_flight{${target}}) - count(http_requests_in_flight{${target}}), 0)`);
    expect(inFlight.metadata.threshold).toBe('8');
  });

  test('GPU server: GPU utilisation against the definition\'s target times the GPUs per replica', () => {
    const { chart, serving } = servingChart({ cpuAutoscaling: false, instanceType: MlInstanceType.G5_12XLARGE });
    const scaler = new KubeLoadAutoscaler(chart, 'Scaler', { serving, gpuUtilizationPercent: 60 });
    expect(scaler.triggerNames).toEqual(['gpu-utilization', 'cpu-utilization']);
    const [gpu] = triggersOf(synthValid(chart));
    expect(gpu.metadata.query).toBe('sum(DCGM_FI_DEV_GPU_UTIL{exported_namespace="ml-serving",exported_pod=~"digits-[a-z0-9]+-[a-z0-9]{5}"})');
    expect(gpu.metadata.threshold).toBe('240'); // 4 A10G per g5.12xlarge × 60 %
  });

  test('scale to zero on a request rate measured in front of the server: idle 0, no CPU trigger', () => {
    const { chart, serving } = servingChart({ cpuAutoscaling: false });
    const wake = 'sum(rate(nginx_ingress_controller_requests{exported_service="digits"}[2m]))';
    new KubeLoadAutoscaler(chart, 'Scaler', { serving, metrics: ModelServerMetrics.referenceContainer(), scaleToZeroOnRequestRate: wake, requestsPerSecondPerReplica: 5 });
    const scaled = only(synthValid(chart), 'ScaledObject');
    expect(scaled.spec.idleReplicaCount).toBe(0);
    expect(scaled.spec.minReplicaCount).toBe(1);
    expect(scaled.spec.triggers.map((t: any) => t.name)).toEqual(['requests-per-second', 'wake-on-requests']);
    expect(scaled.spec.triggers[1].metadata).toMatchObject({ query: wake, threshold: '5' });
  });

  test('with a canary it scales the Rollout', () => {
    const { chart, serving } = servingChart({ cpuAutoscaling: false });
    const rollout = new KubeCanaryRollout(chart, 'Rollout', { serving });
    new KubeLoadAutoscaler(chart, 'Scaler', { serving, scaleTarget: rollout.scaleTarget, metrics: ModelServerMetrics.referenceContainer() });
    expect(only(synthValid(chart), 'ScaledObject').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'digits' });
  });

  test('rejects options with nothing to act on and bad bounds', () => {
    const { chart, serving } = servingChart({ cpuAutoscaling: false });
    const message = errorOf(() => new KubeLoadAutoscaler(chart, 'Scaler', {
      serving, minReplicas: 5, maxReplicas: 2, loadMetric: KubeLoadMetric.IN_FLIGHT_REQUESTS, gpuUtilizationPercent: 70, requestsPerSecondPerReplica: 3,
    }));
    expect(message).toContain("KubeLoadAutoscaler at 'test/Scaler'");
    expect(message).toContain('maxReplicas = 2: must be at least minReplicas (5)');
    expect(message).toContain('loadMetric = "in-flight-requests": must be omitted without metrics');
    expect(message).toContain('gpuUtilizationPercent = 70: must be omitted: the server has no NVIDIA GPU');
    expect(message).toContain('requestsPerSecondPerReplica = 3: must be omitted without metrics or scaleToZeroOnRequestRate');
    const noGauge = ModelServerMetrics.custom({ requestsTotal: 'r', requestDurationSeconds: 'd' });
    expect(errorOf(() => new KubeLoadAutoscaler(chart, 'Gauge', { serving, metrics: noGauge, loadMetric: KubeLoadMetric.IN_FLIGHT_REQUESTS })))
      .toContain('loadMetric = "in-flight-requests": needs metrics with an in-flight gauge');
  });

  test('refuses a serving that keeps its own CPU autoscaler: one autoscaler owns the replica count', () => {
    const { chart, serving } = servingChart();
    expect(serving.hpa).toBeDefined();
    const message = errorOf(() => new KubeLoadAutoscaler(chart, 'Scaler', { serving, metrics: ModelServerMetrics.referenceContainer() }));
    expect(message).toContain("KubeLoadAutoscaler at 'test/Scaler'");
    expect(message).toMatch(/serving = "test\/[^"]+": must be created with cpuAutoscaling: false/);
  });
});
