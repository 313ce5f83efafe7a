import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelAlarmDefaults } from '../constructs/core/private/model-alarm-defaults';
import { PropsCheck } from '../constructs/core/validation';
import {
  CanaryStep, CanaryTrafficRouting, DcgmMetrics, KubeCanaryAnalysis, KubeCanaryRollout, KubeLoadAutoscaler, KubeLoadMetric,
  KubeModelAlertRules, KubeModelServing, KubeServiceMonitor, ModelServerMetrics,
} from '../constructs/k8s';

/** Canary delivery of a model with Argo Rollouts. */
export interface ModelCanaryOptions {
  /** The steps. @default - KubeCanaryRollout.defaultSteps(): 25, 50, 75 % for 5 minutes each */
  readonly steps?: CanaryStep[];
  /** How the canary's share reaches it. @default CanaryTrafficRouting.replicas() */
  readonly trafficRouting?: CanaryTrafficRouting;
  /**
   * Judge the canary by the server's metrics (`serverMetrics` is needed) and roll back a bad one.
   * @default true when `serverMetrics` is given
   */
  readonly analysis?: boolean;
}

/** Prometheus monitoring of a model (prometheus-operator). */
export interface ModelMonitoringOptions {
  /** Labels the Prometheus resource selects ServiceMonitors and rules by, e.g. `{ release: 'kube-prometheus-stack' }`. @default - none */
  readonly prometheusSelectorLabels?: { [key: string]: string };
  /** Namespace Prometheus runs in (admitted to the serving port). @default 'monitoring' */
  readonly prometheusNamespace?: string;
}

/** Load-based autoscaling of a model with KEDA (replaces the CPU HorizontalPodAutoscaler). */
export interface ModelLoadAutoscalingOptions {
  /** Which load signal of the server drives scaling. @default KubeLoadMetric.REQUESTS_PER_SECOND */
  readonly loadMetric?: KubeLoadMetric;
  /** Scale to zero while this PromQL request rate, measured in front of the server, is 0 (see `KubeLoadAutoscalerProps`). @default - never below minCapacity */
  readonly scaleToZeroOnRequestRate?: string;
}

/**
 * What a `ModelServingChart` renders beyond the plain Deployment: an Argo Rollouts canary, Prometheus
 * monitoring and KEDA autoscaling, with the thresholds of the model definition (the same as the
 * SageMaker alarms and autoscaling: `p99LatencyThresholdMs`, `invocationsPerInstance`, `gpuUtilizationPercent`).
 */
export interface ModelDeliveryOptions {
  /**
   * The series the model's image exposes on `/metrics`, e.g. `ModelServerMetrics.referenceContainer()`.
   * @default - none known: no ServiceMonitor, no request alerts, no canary analysis, no request-based scaling
   */
  readonly serverMetrics?: ModelServerMetrics;
  /** Render an Argo Rollouts canary. @default - the Deployment's rolling update */
  readonly canary?: ModelCanaryOptions;
  /** Render a ServiceMonitor (with `serverMetrics`) and a PrometheusRule. @default - no monitoring objects */
  readonly monitoring?: ModelMonitoringOptions;
  /** Render a KEDA ScaledObject instead of the CPU HorizontalPodAutoscaler. @default - the CPU HorizontalPodAutoscaler */
  readonly loadAutoscaling?: ModelLoadAutoscalingOptions;
  /** How the DCGM exporter's series name the GPU's pod (GPU models). @default DcgmMetrics.exportedLabels() */
  readonly dcgm?: DcgmMetrics;
  /** Prometheus the Argo Rollouts analysis and KEDA query. @default 'http://prometheus-operated.monitoring.svc:9090' */
  readonly prometheusAddress?: string;
}

/** The definition values the delivery objects take their thresholds from (resolved once, for both targets). */
export interface ModelDeliveryThresholds {
  /** p99 latency bound of the canary analysis and the latency alert, in milliseconds. */
  readonly p99LatencyThresholdMs: number;
  /** Invocations per replica per minute KEDA aims for (divided by 60: requests per second). */
  readonly invocationsPerInstance: number;
  /** Average GPU utilisation KEDA aims for on GPU models, in percent. */
  readonly gpuUtilizationPercent: number;
  /** Average CPU utilisation KEDA's CPU trigger aims for, in percent. */
  readonly kubernetesCpuUtilizationPercent: number;
}

/** Properties of {@link ModelDelivery}. */
export interface ModelDeliveryProps extends ModelDeliveryOptions {
  /** The model server. */
  readonly serving: KubeModelServing;
  /** The definition's thresholds (a resolved `MlModelDefinition` has them all). */
  readonly thresholds: ModelDeliveryThresholds;
}

/** The delivery objects of one model, as `ModelServingChart` renders them for its `delivery` option. */
export class ModelDelivery extends Construct {
  /** The Argo Rollouts canary, with `canary`. */
  public readonly rollout?: KubeCanaryRollout;
  /** The canary's AnalysisTemplate, with `canary` and `serverMetrics`. */
  public readonly analysis?: KubeCanaryAnalysis;
  /** The ServiceMonitor, with `monitoring` and `serverMetrics`. */
  public readonly serviceMonitor?: KubeServiceMonitor;
  /** The PrometheusRule, with `monitoring`. */
  public readonly alertRules?: KubeModelAlertRules;
  /** The KEDA ScaledObject, with `loadAutoscaling`. */
  public readonly autoscaler?: KubeLoadAutoscaler;

  constructor(scope: Construct, id: string, props: ModelDeliveryProps) {
    super(scope, id);
    const { serving, thresholds } = props;
    const gpu = serving.scheduling.acceleratorResourceName === 'nvidia.com/gpu';
    const p99 = Duration.millis(thresholds.p99LatencyThresholdMs);

    // An option that cannot be honoured is an error, never silently dropped.
    const check = new PropsCheck(this, 'ModelServingChart delivery');
    if (props.canary?.analysis === true && !props.serverMetrics) {
      check.fail('delivery.canary.analysis', true, 'needs delivery.serverMetrics: the analysis judges the canary by the server\'s own series');
    }
    if (props.loadAutoscaling?.loadMetric !== undefined && !props.serverMetrics) {
      check.fail('delivery.loadAutoscaling.loadMetric', props.loadAutoscaling.loadMetric, 'needs delivery.serverMetrics: the load signal comes from the server\'s own series');
    }
    if (props.dcgm !== undefined && !gpu) {
      check.fail('delivery.dcgm', props.dcgm.podLabel, 'must be omitted: the model has no NVIDIA GPU');
    }
    if (props.dcgm !== undefined && !props.monitoring && !props.loadAutoscaling) {
      check.fail('delivery.dcgm', props.dcgm.podLabel, 'is used by monitoring and loadAutoscaling only: set one of them');
    }
    if (props.prometheusAddress !== undefined && !props.loadAutoscaling && !(props.canary && props.serverMetrics)) {
      check.fail('delivery.prometheusAddress', props.prometheusAddress, 'is queried by the canary analysis and KEDA only: set canary (with serverMetrics) or loadAutoscaling');
    }
    if (props.serverMetrics && !props.canary && !props.monitoring && !props.loadAutoscaling) {
      check.fail('delivery.serverMetrics', 'ModelServerMetrics', 'is used by canary, monitoring and loadAutoscaling: set at least one of them');
    }
    check.throwIfInvalid();

    if (props.canary) {
      if (props.serverMetrics && props.canary.analysis !== false) {
        this.analysis = new KubeCanaryAnalysis(this, 'CanaryAnalysis', {
          name: `${serving.name}-canary`,
          serviceName: serving.serviceName,
          metrics: props.serverMetrics,
          maxP99Latency: p99,
          maxErrorRatePercent: ModelAlarmDefaults.ERROR_RATE_PERCENT,
          prometheusAddress: props.prometheusAddress,
        });
      }
      this.rollout = new KubeCanaryRollout(this, 'Canary', {
        serving, analysis: this.analysis, steps: props.canary.steps, trafficRouting: props.canary.trafficRouting,
      });
    }

    if (props.monitoring) {
      if (props.serverMetrics) {
        this.serviceMonitor = new KubeServiceMonitor(this, 'ServiceMonitor', {
          serving, metrics: props.serverMetrics, ...props.monitoring,
        });
      }
      this.alertRules = new KubeModelAlertRules(this, 'AlertRules', {
        serving,
        metrics: props.serverMetrics,
        p99LatencyThreshold: p99,
        errorRatePercent: ModelAlarmDefaults.ERROR_RATE_PERCENT,
        dcgm: gpu ? props.dcgm : undefined,
        prometheusSelectorLabels: props.monitoring.prometheusSelectorLabels,
      });
    }

    if (props.loadAutoscaling) {
      this.autoscaler = new KubeLoadAutoscaler(this, 'LoadAutoscaler', {
        serving,
        scaleTarget: this.rollout?.scaleTarget,
        metrics: props.serverMetrics,
        loadMetric: props.serverMetrics ? props.loadAutoscaling.loadMetric : undefined,
        // SageMaker's target is invocations per instance per minute; KEDA's per replica per second.
        requestsPerSecondPerReplica: props.serverMetrics || props.loadAutoscaling.scaleToZeroOnRequestRate
          ? thresholds.invocationsPerInstance / 60 : undefined,
        gpuUtilizationPercent: gpu ? thresholds.gpuUtilizationPercent : undefined,
        dcgm: gpu ? props.dcgm : undefined,
        cpuUtilizationPercent: thresholds.kubernetesCpuUtilizationPercent,
        scaleToZeroOnRequestRate: props.loadAutoscaling.scaleToZeroOnRequestRate,
        prometheusAddress: props.prometheusAddress,
      });
    }
  }
}
