import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelAlarmDefaults } from '../core/private/model-alarm-defaults';
import { PropsCheck } from '../core/validation';
import { checkDurationSeconds, checkKubeName, checkLabels, checkNamespaceName } from './private/kube-checks';
import { CANARY_HASH_ARG, DEFAULT_PROMETHEUS_ADDRESS, MANAGED_BY } from './private/kube-conventions';
import { ModelServerMetrics } from './model-server-metrics';
import { promDuration } from './private/promql';

/** Properties of a {@link KubeCanaryAnalysis}. */
export interface KubeCanaryAnalysisProps {
  /** Name of the AnalysisTemplate. */
  readonly name: string;
  /** Name of the model's Service, as the ServiceMonitor labels its series (`service`). */
  readonly serviceName: string;
  /** Namespace of the model's pods, as the ServiceMonitor labels its series. @default - the chart's namespace, else no namespace matcher */
  readonly namespaceName?: string;
  /** Labels of the template. @default - none */
  readonly labels?: { [key: string]: string };
  /** What the server reports. @default ModelServerMetrics.referenceContainer() */
  readonly metrics?: ModelServerMetrics;
  /** Highest 5xx share of the canary's inference requests, in percent. @default ModelAlarmDefaults.ERROR_RATE_PERCENT (1) */
  readonly maxErrorRatePercent?: number;
  /** Highest p99 latency of the canary's inference requests. @default Duration.millis(ModelAlarmDefaults.P99_LATENCY_MS) */
  readonly maxP99Latency?: Duration;
  /** How often each measurement is taken (and the PromQL rate window). @default Duration.minutes(1) */
  readonly interval?: Duration;
  /** Failed measurements tolerated; one more fails the analysis and aborts the rollout. @default 1 */
  readonly failureLimit?: number;
  /** Prometheus the Argo Rollouts controller queries. @default 'http://prometheus-operated.monitoring.svc:9090' */
  readonly prometheusAddress?: string;
}

/**
 * An Argo Rollouts `AnalysisTemplate` that judges a model-server canary by its own `/metrics` series:
 * the 5xx share and the p99 latency of the canary pods' inference requests (selected by the
 * `rollouts_pod_template_hash` label the ServiceMonitor copies from the pods). A failing measurement
 * beyond `failureLimit`, or Prometheus unreachable for four measurements, fails the analysis: the
 * Rollout aborts and returns all traffic to the stable pods by itself.
 *
 * No traffic is not a failure: a ratio or quantile without requests (empty or NaN) passes, so an
 * idle canary is promoted on its pauses alone.
 */
export class KubeCanaryAnalysis extends Construct {
  /** Name of the AnalysisTemplate. */
  public readonly templateName: string;
  /** The `argoproj.io/v1alpha1` AnalysisTemplate. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: KubeCanaryAnalysisProps) {
    super(scope, id);
    const interval = props.interval ?? Duration.minutes(1);
    const maxLatency = props.maxP99Latency ?? Duration.millis(ModelAlarmDefaults.P99_LATENCY_MS);
    const maxErrorRate = props.maxErrorRatePercent ?? ModelAlarmDefaults.ERROR_RATE_PERCENT;
    const check = new PropsCheck(this, 'KubeCanaryAnalysis');
    checkKubeName(check, 'name', props.name, 253);
    checkKubeName(check, 'serviceName', props.serviceName, 63);
    if (props.namespaceName !== undefined) checkNamespaceName(check, 'namespaceName', props.namespaceName);
    checkLabels(check, 'labels', props.labels);
    check.numberInRange('maxErrorRatePercent', maxErrorRate, 0, 100);
    checkDurationSeconds(check, 'maxP99Latency', maxLatency, 0.001, 600);
    checkDurationSeconds(check, 'interval', interval, 10, 3600);
    check.integerInRange('failureLimit', props.failureLimit, 0, 100);
    check.matches('prometheusAddress', props.prometheusAddress, /^https?:\/\/[^\s/]+(\/\S*)?$/,
      'must be an http(s) URL of the Prometheus server, e.g. "http://prometheus-operated.monitoring.svc:9090"');
    check.throwIfInvalid();

    const metrics = props.metrics ?? ModelServerMetrics.referenceContainer();
    const namespace = props.namespaceName ?? Chart.of(this).namespace;
    const selector: { [label: string]: string } = {
      ...(namespace !== undefined ? { namespace } : {}),
      service: props.serviceName,
      rollouts_pod_template_hash: `{{args.${CANARY_HASH_ARG}}}`,
    };
    const address = props.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS;
    const measured = {
      interval: promDuration(interval),
      failureLimit: props.failureLimit ?? 1,
      consecutiveErrorLimit: 4,
    };
    // `len(result) == 0 || isNaN(...)`: no requests yet is nothing to judge, not a failure.
    const passes = (bound: number) => `len(result) == 0 || isNaN(result[0]) || result[0] <= ${bound}`;
    this.templateName = props.name;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: props.name, labels: { ...props.labels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        args: [{ name: CANARY_HASH_ARG }],
        metrics: [
          {
            name: 'error-rate',
            ...measured,
            successCondition: passes(maxErrorRate / 100),
            provider: { prometheus: { address, query: metrics.errorRatio(selector, interval) } },
          },
          {
            name: 'p99-latency',
            ...measured,
            successCondition: passes(maxLatency.toSeconds({ integral: false })),
            provider: { prometheus: { address, query: metrics.p99LatencySeconds(selector, interval) } },
          },
        ],
      },
    });
  }
}
