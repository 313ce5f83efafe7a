import { Duration } from 'cdk8s';
import {
  CanaryStep, CanaryTrafficRouting, KubeCanaryAnalysis, KubeCanaryRollout, ModelServerMetrics,
} from '../../constructs/k8s';
import { errorOf, only, servingChart, synthValid } from './crd-fixtures';

function canary(opts: { steps?: CanaryStep[]; routing?: CanaryTrafficRouting; analysis?: boolean; cpuAutoscaling?: boolean } = {}) {
  const { chart, serving } = servingChart({ cpuAutoscaling: opts.cpuAutoscaling });
  const analysis = opts.analysis === false ? undefined
    : new KubeCanaryAnalysis(chart, 'Analysis', { name: 'digits-canary', serviceName: serving.serviceName, maxP99Latency: Duration.millis(200) });
  const rollout = new KubeCanaryRollout(chart, 'Rollout', { serving, analysis, steps: opts.steps, trafficRouting: opts.routing });
  return { chart, serving, rollout, objects: synthValid(chart) };
}

describe('KubeCanaryRollout', () => {
  test('takes over the Deployment by reference: one pod template, the Deployment kept at 0 replicas', () => {
    // GIVEN / WHEN
    const { objects } = canary();
    // THEN
    const rollout = only(objects, 'Rollout');
    expect(rollout.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'digits' });
    expect(rollout.spec.template).toBeUndefined();
    expect(rollout.spec.replicas).toBeUndefined();
    expect(rollout.spec.selector.matchLabels).toEqual(only(objects, 'Deployment').spec.selector.matchLabels);
    expect(only(objects, 'Deployment').spec.replicas).toBe(0);
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
  });

  test('topology spread counts pods per Rollout revision: Argo Rollouts labels its pods rollouts-pod-template-hash, not pod-template-hash', () => {
    // GIVEN / WHEN
    const { objects } = canary();
    // THEN: a matchLabelKeys key the pod lacks is ignored, so the Deployment's default would spread all revisions together
    const constraints = only(objects, 'Deployment').spec.template.spec.topologySpreadConstraints;
    expect(constraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of constraints) expect(c.matchLabelKeys).toEqual(['rollouts-pod-template-hash']);
  });

  test('the CPU autoscaler scales the Rollout, not the idle Deployment', () => {
    const { objects } = canary();
    expect(only(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'digits' });
  });

  test('without a CPU autoscaler it exposes the scale target for KEDA', () => {
    const { objects, rollout } = canary({ cpuAutoscaling: false });
    expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(rollout.scaleTarget).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'digits' });
  });

  test('default steps: 25, 50, 75 % with 5-minute pauses, replica-weighted (no router, no extra Services)', () => {
    const { objects } = canary();
    const strategy = only(objects, 'Rollout').spec.strategy.canary;
    expect(strategy.steps).toEqual([
      { setWeight: 25 }, { pause: { duration: '5m' } }, { setWeight: 50 }, { pause: { duration: '5m' } },
      { setWeight: 75 }, { pause: { duration: '5m' } },
    ]);
    expect(strategy.trafficRouting).toBeUndefined();
    expect(strategy.canaryService).toBeUndefined();
    expect(strategy).toMatchObject({ maxUnavailable: 0, maxSurge: 1 });
    expect(objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
  });

  test('a pause without a duration waits for a manual promote', () => {
    const { objects } = canary({ steps: [CanaryStep.weight(10), CanaryStep.pause()] });
    expect(only(objects, 'Rollout').spec.strategy.canary.steps).toEqual([{ setWeight: 10 }, { pause: {} }]);
  });

  test('the background analysis starts at step 1 with the canary ReplicaSet hash', () => {
    const { objects } = canary();
    expect(only(objects, 'Rollout').spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'digits-canary' }],
      startingStep: 1,
      args: [{ name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
    });
  });

  test.each([
    ['nginx', CanaryTrafficRouting.nginx('digits'), { nginx: { stableIngress: 'digits' } }],
    ['istio', CanaryTrafficRouting.istio('digits-vs', 'primary'), { istio: { virtualService: { name: 'digits-vs', routes: ['primary'] } } }],
    ['gateway-api', CanaryTrafficRouting.gatewayApi('digits-route'), { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'digits-route', namespace: 'ml-serving' } } }],
  ])('%s router: stable and canary Services and the router block', (_name, routing, expected) => {
    const { objects } = canary({ routing });
    const strategy = only(objects, 'Rollout').spec.strategy.canary;
    expect(strategy.trafficRouting).toEqual(expected);
    expect([strategy.stableService, strategy.canaryService]).toEqual(['digits-stable', 'digits-canary']);
    const services = objects.filter((o) => o.kind === 'Service').map((s) => [s.metadata.name, s.metadata.labels['cdk-mlops/traffic-role']]);
    expect(services.sort()).toEqual([['digits', undefined], ['digits-canary', 'canary'], ['digits-stable', 'stable']]);
  });

  test('rejects empty, shrinking or out-of-range steps, naming each', () => {
    const { chart, serving } = servingChart();
    const message = errorOf(() => new KubeCanaryRollout(chart, 'Rollout', {
      serving, steps: [CanaryStep.weight(50), CanaryStep.weight(20), CanaryStep.weight(150), CanaryStep.pause(Duration.days(2))],
    }));
    expect(message).toContain("KubeCanaryRollout at 'test/Rollout'");
    expect(message).toContain('steps[1].weight = 20: must not be lower than the previous weight (50)');
    expect(message).toContain('steps[2].weight = 150: must be an integer from 1 to 100');
    expect(message).toContain('steps[3].pause = "2 days": must be from 1 second to 24 hours');
    expect(errorOf(() => new KubeCanaryRollout(chart, 'Empty', { serving, steps: [] }))).toContain('steps = [0 items]: must hold at least one step');
    expect(errorOf(() => new KubeCanaryRollout(chart, 'Pauses', { serving, steps: [CanaryStep.pause()] })))
      .toContain('must hold at least one CanaryStep.weight() step');
  });

  test('rejects an analysis starting step without an analysis, or past the last step', () => {
    const { chart, serving } = servingChart();
    expect(errorOf(() => new KubeCanaryRollout(chart, 'A', { serving, analysisStartingStep: 2 })))
      .toContain('analysisStartingStep = 2: must be omitted without an analysis');
    const analysis = new KubeCanaryAnalysis(chart, 'Analysis', { name: 'x', serviceName: 'digits' });
    expect(errorOf(() => new KubeCanaryRollout(chart, 'B', { serving, analysis, analysisStartingStep: 6 })))
      .toContain('analysisStartingStep = 6: must be an integer from 0 to 5');
  });
});

describe('KubeCanaryAnalysis', () => {
  test('queries the canary pods\' 5xx share and p99 latency from the reference container\'s series', () => {
    const { objects } = canary();
    const template = only(objects, 'AnalysisTemplate');
    expect(template.spec.args).toEqual([{ name: 'canary-hash' }]);
    const [errors, latency] = template.spec.metrics;
    const canaryPods = 'namespace="ml-serving",service="digits",rollouts_pod_template_hash="{{args.canary-hash}}",path="/invocations"';
    expect(errors.provider.prometheus).toEqual({
      address: 'http://prometheus-operated.monitoring.svc:9090',
      query: `(sum(rate(http_requests_total{${canaryPods},status=~"5.."}[1m])) or vector(0)) / sum(rate(http_requests_total{${canaryPods}}[1m]))`,
    });
    expect(errors.successCondition).toBe('len(result) == 0 || isNaN(result[0]) || result[0] <= 0.01');
    expect(latency.provider.prometheus.query)
      .toBe(`histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${canaryPods}}[1m])))`);
    expect(latency.successCondition).toBe('len(result) == 0 || isNaN(result[0]) || result[0] <= 0.2');
    for (const m of template.spec.metrics) expect(m).toMatchObject({ interval: '1m', failureLimit: 1, consecutiveErrorLimit: 4 });
  });

  test('custom server metrics, thresholds and Prometheus', () => {
    const { chart } = servingChart();
    new KubeCanaryAnalysis(chart, 'Analysis', {
      name: 'vision', serviceName: 'vision', namespaceName: 'prod', maxErrorRatePercent: 5, interval: Duration.seconds(30), failureLimit: 3,
      prometheusAddress: 'http://prometheus.observability:9090',
      metrics: ModelServerMetrics.custom({ requestsTotal: 'ts_requests_total', requestDurationSeconds: 'ts_latency_seconds', invocationPath: '/predictions', statusLabel: 'code' }),
    });
    const [errors] = only(synthValid(chart), 'AnalysisTemplate').spec.metrics;
    expect(errors.provider.prometheus.address).toBe('http://prometheus.observability:9090');
    expect(errors.provider.prometheus.query).toContain('ts_requests_total{namespace="prod",service="vision",rollouts_pod_template_hash="{{args.canary-hash}}",path="/predictions",code=~"5.."}[30s]');
    expect(errors).toMatchObject({ interval: '30s', failureLimit: 3, successCondition: 'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.05' });
  });

  test('rejects bad thresholds, names and addresses in one error', () => {
    const { chart } = servingChart();
    const message = errorOf(() => new KubeCanaryAnalysis(chart, 'Analysis', {
      name: 'Bad_Name', serviceName: 'digits', maxErrorRatePercent: 120, interval: Duration.seconds(1), prometheusAddress: 'prometheus:9090',
    }));
    expect(message).toContain("KubeCanaryAnalysis at 'test/Analysis': 4 invalid props");
    expect(message).toContain('name = "Bad_Name": must be a DNS-1035 label');
    expect(message).toContain('maxErrorRatePercent = 120: must be a number from 0 to 100');
    expect(message).toContain('interval = "1 second": must be from 10 to 3600 seconds');
    expect(message).toContain('prometheusAddress = "prometheus:9090": must be an http(s) URL');
  });
});
