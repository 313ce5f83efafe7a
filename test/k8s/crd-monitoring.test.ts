/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { Duration } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { ModelAlarmDefaults } from '../../constructs/core/private/model-alarm-defaults';
import { DcgmMetrics, KubeModelAlertRules, KubeServiceMonitor, ModelServerMetrics } from '../../constructs/k8s';
import { errorOf, only, servingChart, synthValid } from './crd-fixtures';

describe('KubeServiceMonitor', () => {
  test('scrapes /metrics on the http port, copies the Rollouts hash, skips routed canary Services', () => {
    // GIVEN
    const { chart, serving } = servingChart();
    // WHEN
    new KubeServiceMonitor(chart, 'Monitor', { serving, prometheusSelectorLabels: { release: 'kube-prometheus-stack' } });
    // THEN
    const objects = synthValid(chart);
    const monitor = only(objects, 'ServiceMonitor');
    expect(monitor.metadata).toMatchObject({ name: 'digits', namespace: 'ml-serving' });
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec).toEqual({
      selector: {
        matchLabels: serving.selectorLabels,
        matchExpressions: [{ key: 'cdk-mlops/traffic-role', operator: 'DoesNotExist' }],
      },
      podTargetLabels: ['rollouts-pod-template-hash'],
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
    // The Service it selects carries those labels and that port.
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.metadata.labels).toMatchObject(serving.selectorLabels);
    expect(service.spec.ports[0].name).toBe('http');
  });

  test('admits Promethus\'s namespace to the serving port, whatever the server\'s own policy admits', () => {
    const { chart, serving } = servingChart();
    new KubeServiceMonitor(chart, 'Monitor', { serving, prometheusNamespace: 'observability' });
    const policy = synthValid(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'digits-metrics-scrape');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: serving.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }] }],
    });
  });

  test('rejects a bad interval and namespace', () => {
    const { chart, serving } = servingChart();
    const message = errorOf(() => new KubeServiceMonitor(chart, 'Monitor', { serving, interval: Duration.seconds(1), prometheusNamespace: 'Monitoring' }));
    expect(message).toContain('interval = "1 second": must be from 5 to 600 seconds');
    expect(message).toContain('prometheusNamespace = "Monitoring": must be a namespace name: a DNS-1123 label');
  });
});

describe('KubeModelAlertRules', () => {
  const rulesOf = (objects: any[]) => only(objects, 'PrometheusRule').spec.groups[0].rules;

  test('CPU server with metrics: latency, 5xx and restart alerts at the SageMaker alarm defaults', () => {
    const { chart, serving } = servingChart();
    const alerts = new KubeModelAlertRules(chart, 'Alerts', { serving, metrics: ModelServerMetrics.referenceContainer() });
    expect(alerts.alertNames).toEqual(['ModelLatencyP99High', 'ModelErrorRate5xxHigh', 'ModelServerRestarting']);
    const [latency, errors, restarts] = rulesOf(synthValid(chart));
    const target = 'namespace="ml-serving",service="digits",path="/invocations"';
    expect(latency.expr).toBe(`histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${target}}[5m]))) > ${ModelAlarmDefaults.P99_LATENCY_MS / 1000}`);
    expect(errors.expr).toBe(`(sum(rate(http_requests_total{${target},status=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{${target}}[5m])) * 100 > ${ModelAlarmDefaults.ERROR_RATE_PERCENT}`);
    expect(restarts.expr).toBe('sum(increase(kube_pod_container_status_restarts_total{namespace="ml-serving",pod=~"digits-[a-z0-9]+-[a-z0-9]{5}"}[15m])) >= 3');
    expect([latency.for, errors.for]).toEqual(['5m', '5m']);
    expect(errors.labels).toEqual({ severity: 'critical', model: 'digits' });
  });

  test('the definition\'s thresholds replace the defaults', () => {
    const { chart, serving } = servingChart();
    new KubeModelAlertRules(chart, 'Alerts', {
      serving, metrics: ModelServerMetrics.referenceContainer(), p99LatencyThreshold: Duration.millis(200), errorRatePercent: 2.5,
      restartThreshold: 5, evaluationPeriod: Duration.minutes(10),
    });
    const [latency, errors, restarts] = rulesOf(synthValid(chart));
    expect(latency.expr).toMatch(/ > 0\.2$/);
    expect(errors.expr).toMatch(/ \* 100 > 2\.5$/);
    expect(restarts.expr).toMatch(/>= 5$/);
    expect(latency.for).toBe('10m');
  });

  test('an image without known metrics gets the restart alert only; a GPU server adds DCGM memory and utilisation', () => {
    const { chart, serving } = servingChart({ instanceType: MlInstanceType.G5_XLARGE });
    const alerts = new KubeModelAlertRules(chart, 'Alerts', { serving });
    expect(alerts.alertNames).toEqual(['ModelServerRestarting', 'ModelGpuMemoryHigh', 'ModelGpuSaturated']);
    const [, memory, util] = rulesOf(synthValid(chart));
    const gpus = '{exported_namespace="ml-serving",exported_pod=~"digits-[a-z0-9]+-[a-z0-9]{5}"}';
    expect(memory.expr).toBe(`max(DCGM_FI_DEV_FB_USED${gpus} / (DCGM_FI_DEV_FB_USED${gpus} + DCGM_FI_DEV_FB_FREE${gpus}) * 100) > 90`);
    expect(util.expr).toBe(`avg(DCGM_FI_DEV_GPU_UTIL${gpus}) > 95`);
  });

  test('DCGM series scraped with honorLabels use the pod and namespace labels', () => {
    const { chart, serving } = servingChart({ instanceType: MlInstanceType.G5_XLARGE });
    new KubeModelAlertRules(chart, 'Alerts', { serving, dcgm: DcgmMetrics.honoredLabels(), gpuUtilizationPercent: 80 });
    const util = rulesOf(synthValid(chart))[2];
    expect(util.expr).toBe('avg(DCGM_FI_DEV_GPU_UTIL{namespace="ml-serving",pod=~"digits-[a-z0-9]+-[a-z0-9]{5}"}) > 80');
  });

  test('GPU options on a CPU server and out-of-range thresholds are rejected', () => {
    const { chart, serving } = servingChart();
    const message = errorOf(() => new KubeModelAlertRules(chart, 'Alerts', {
      serving, gpuUtilizationPercent: 80, errorRatePercent: -1, restartThreshold: 0, evaluationPeriod: Duration.seconds(10),
    }));
    expect(message).toContain("KubeModelAlertRules at 'test/Alerts': 4 invalid props");
    expect(message).toContain('gpuUtilizationPercent = 80: must be omitted: the server has no NVIDIA GPU');
    expect(message).toContain('errorRatePercent = -1: must be a number from 0 to 100');
    expect(message).toContain('restartThreshold = 0: must be an integer from 1 to 1000');
    expect(message).toContain('evaluationPeriod = "10 seconds": must be from 60 to 86400 seconds');
  });
});
