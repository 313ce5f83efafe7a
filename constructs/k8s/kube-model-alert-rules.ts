import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AcceleratorKind } from '../core/instance-type';
import { ModelAlarmDefaults } from '../core/private/model-alarm-defaults';
import { PropsCheck } from '../core/validation';
import { DcgmMetrics } from './dcgm-metrics';
import { checkDurationSeconds, checkLabels } from './private/kube-checks';
import { MANAGED_BY } from './private/kube-conventions';
import { KubeModelServing } from './kube-model-serving';
import { ModelServerMetrics } from './model-server-metrics';
import { escapeLabelValue, promDuration, workloadPodPattern } from './private/promql';

/** Properties of a {@link KubeModelAlertRules}. */
export interface KubeModelAlertRulesProps {
  /** The model server the rules watch. */
  readonly serving: KubeModelServing;
  /**
   * What the server reports on `/metrics`: enables the p99-latency and 5xx-rate alerts.
   * @default - no request alerts (the image exposes no known metrics); restarts and GPU alerts only
   */
  readonly metrics?: ModelServerMetrics;
  /** p99 latency of inference requests that fires the latency alert. @default Duration.millis(ModelAlarmDefaults.P99_LATENCY_MS) (1 s) */
  readonly p99LatencyThreshold?: Duration;
  /** 5xx responses, percent of inference requests, that fire the error-rate alert. @default ModelAlarmDefaults.ERROR_RATE_PERCENT (1) */
  readonly errorRatePercent?: number;
  /** Container restarts within 15 minutes that fire the restart alert. @default 3 */
  readonly restartThreshold?: number;
  /** GPU memory in use, percent of one GPU, that fires the GPU-memory alert. @default ModelAlarmDefaults.GPU_MEMORY_UTILIZATION_PERCENT (90) */
  readonly gpuMemoryUtilizationPercent?: number;
  /** Average GPU utilisation, percent, that fires the GPU-saturation alert. @default ModelAlarmDefaults.GPU_UTILIZATION_ALARM_PERCENT (95) */
  readonly gpuUtilizationPercent?: number;
  /** How the DCGM exporter's series name the GPU's pod. @default DcgmMetrics.exportedLabels() */
  readonly dcgm?: DcgmMetrics;
  /** How long a condition must hold before the alert fires. @default Duration.minutes(ModelAlarmDefaults.EVALUATION_MINUTES) (5 minutes) */
  readonly evaluationPeriod?: Duration;
  /** Labels the Prometheus resource selects rules by (its `ruleSelector`). @default - none */
  readonly prometheusSelectorLabels?: { [key: string]: string };
}

/**
 * A prometheus-operator `PrometheusRule` with the cluster counterparts of `EndpointAlarms`, at the same
 * thresholds (`ModelAlarmDefaults`, or the model definition's values): p99 latency and 5xx rate of
 * inference requests (from the server's own series), container restarts (kube-state-metrics) and, on
 * NVIDIA GPU types, GPU memory and utilisation (NVIDIA DCGM exporter).
 */
export class KubeModelAlertRules extends Construct {
  /** The `monitoring.coreos.com/v1` PrometheusRule. */
  public readonly resource: ApiObject;
  /** Names of the alerts rendered. */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: KubeModelAlertRulesProps) {
    super(scope, id);
    const latency = props.p99LatencyThreshold ?? Duration.millis(ModelAlarmDefaults.P99_LATENCY_MS);
    const errorRate = props.errorRatePercent ?? ModelAlarmDefaults.ERROR_RATE_PERCENT;
    const restarts = props.restartThreshold ?? 3;
    const gpuMemory = props.gpuMemoryUtilizationPercent ?? ModelAlarmDefaults.GPU_MEMORY_UTILIZATION_PERCENT;
    const gpuUtil = props.gpuUtilizationPercent ?? ModelAlarmDefaults.GPU_UTILIZATION_ALARM_PERCENT;
    const period = props.evaluationPeriod ?? Duration.minutes(ModelAlarmDefaults.EVALUATION_MINUTES);
    const serving = props.serving;
    const gpu = serving.scheduling.acceleratorKind === AcceleratorKind.NVIDIA_GPU && serving.scheduling.acceleratorCount > 0;

    const check = new PropsCheck(this, 'KubeModelAlertRules');
    checkDurationSeconds(check, 'p99LatencyThreshold', latency, 0.001, 600);
    check.numberInRange('errorRatePercent', errorRate, 0, 100);
    checkLabels(check, 'prometheusSelectorLabels', props.prometheusSelectorLabels);
    check.integerInRange('restartThreshold', restarts, 1, 1000);
    check.numberInRange('gpuMemoryUtilizationPercent', gpuMemory, 1, 100);
    check.numberInRange('gpuUtilizationPercent', gpuUtil, 1, 100);
    checkDurationSeconds(check, 'evaluationPeriod', period, 60, 86_400);
    if (!gpu) {
      for (const prop of ['gpuMemoryUtilizationPercent', 'gpuUtilizationPercent', 'dcgm'] as const) {
        if (props[prop] !== undefined) check.fail(prop, props[prop], 'must be omitted: the server has no NVIDIA GPU, so there are no GPU alerts');
      }
    }
    check.throwIfInvalid();

    const namespace = Chart.of(this).namespace;
    const name = serving.name;
    const target = { ...(namespace !== undefined ? { namespace } : {}), service: serving.serviceName };
    const window = Duration.minutes(5);
    const forPeriod = promDuration(period);
    const labels = (severity: string) => ({ severity, model: name });
    const rules: { [key: string]: unknown }[] = [];

    if (props.metrics) {
      rules.push({
        alert: 'ModelLatencyP99High',
        expr: `${props.metrics.p99LatencySeconds(target, window)} > ${latency.toSeconds({ integral: false })}`,
        for: forPeriod,
        labels: labels('warning'),
        annotations: {
          summary: `${name}: p99 latency above ${latency.toMilliseconds()} ms`,
          description: `The p99 latency of inference requests to ${name} is {{ $value | humanizeDuration }}.`,
        },
      }, {
        alert: 'ModelErrorRate5xxHigh',
        expr: `${props.metrics.errorRatio(target, window)} * 100 > ${errorRate}`,
        for: forPeriod,
        labels: labels('critical'),
        annotations: {
          summary: `${name}: more than ${errorRate}% of inference requests fail with 5xx`,
          description: `{{ $value | humanize }}% of inference requests to ${name} failed with a 5xx status.`,
        },
      });
    }

    const pods = `${namespace !== undefined ? `namespace="${escapeLabelValue(namespace)}",` : ''}pod=~"${workloadPodPattern(name)}"`;
    rules.push({
      alert: 'ModelServerRestarting',
      expr: `sum(increase(kube_pod_container_status_restarts_total{${pods}}[15m])) >= ${restarts}`,
      labels: labels('warning'),
      annotations: {
        summary: `${name}: containers restarted ${restarts} or more times in 15 minutes`,
        description: `Containers of ${name} restarted {{ $value }} times in 15 minutes (crash loop, OOM kill or failing probes).`,
      },
    });

    if (gpu) {
      const dcgm = props.dcgm ?? DcgmMetrics.exportedLabels();
      rules.push({
        alert: 'ModelGpuMemoryHigh',
        expr: `${dcgm.memoryUtilizationMax(name, namespace)} > ${gpuMemory}`,
        for: forPeriod,
        labels: labels('warning'),
        annotations: {
          summary: `${name}: GPU memory above ${gpuMemory}%`,
          description: `A GPU of ${name} has {{ $value | humanize }}% of its memory in use.`,
        },
      }, {
        alert: 'ModelGpuSaturated',
        expr: `${dcgm.utilizationAverage(name, namespace)} > ${gpuUtil}`,
        for: forPeriod,
        labels: labels('warning'),
        annotations: {
          summary: `${name}: GPUs above ${gpuUtil}% busy`,
          description: `The GPUs of ${name} average {{ $value | humanize }}% utilisation; scaling out has not kept up.`,
        },
      });
    }

    this.alertNames = rules.map((r) => r.alert as string);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, labels: { ...serving.selectorLabels, 'app.kubernetes.io/managed-by': MANAGED_BY, ...props.prometheusSelectorLabels } },
      spec: { groups: [{ name: `${name}.rules`, rules }] },
    });
  }
}
