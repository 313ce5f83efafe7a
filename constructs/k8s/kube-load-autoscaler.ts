import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AcceleratorKind } from '../core/instance-type';
import { ModelAlarmDefaults } from '../core/private/model-alarm-defaults';
import { PropsCheck } from '../core/validation';
import { DcgmMetrics } from './dcgm-metrics';
import { KubeScaleTarget } from './kube-canary-rollout';
import { checkDurationSeconds } from './private/kube-checks';
import { DEFAULT_PROMETHEUS_ADDRESS, MANAGED_BY } from './private/kube-conventions';
import { KubeModelServing } from './kube-model-serving';
import { ModelServerMetrics } from './model-server-metrics';
import { modelServerScalingBehavior } from './private/scaling-behavior';

/** Which load signal of the server's own metrics drives the replica count. */
export enum KubeLoadMetric {
  /** Inference requests per second, per replica. */
  REQUESTS_PER_SECOND = 'requests-per-second',
  /** Requests being handled at once, per replica (needs an in-flight gauge). */
  IN_FLIGHT_REQUESTS = 'in-flight-requests',
}

/** Properties of a {@link KubeLoadAutoscaler}. */
export interface KubeLoadAutoscalerProps {
  /** The model server to scale. */
  readonly serving: KubeModelServing;
  /** What to scale. @default - the server's Deployment (give `KubeCanaryRollout.scaleTarget` with a canary) */
  readonly scaleTarget?: KubeScaleTarget;
  /** Fewest replicas (with `scaleToZeroOnRequestRate`, the fewest while there are requests). @default - the server's `minReplicas` */
  readonly minReplicas?: number;
  /** Most replicas. @default - the server's `maxReplicas` */
  readonly maxReplicas?: number;
  /**
   * Scale to zero replicas while this PromQL request rate (requests per second) is 0, and back to at least
   * `minReplicas` when it rises. It must be measured in front of the server, because a server with no pods
   * counts nothing: e.g. `sum(rate(nginx_ingress_controller_requests{exported_service="digits"}[2m]))`. It also
   * drives replicas like the request rate (per `requestsPerSecondPerReplica`). Requests that arrive while
   * there are no pods fail (nothing buffers them): for internal or batch-like traffic.
   * @default - never below `minReplicas`
   */
  readonly scaleToZeroOnRequestRate?: string;
  /**
   * The server's own metrics; with them the load signal `loadMetric` scales the server.
   * @default - no request-based scaling (CPU and, on GPU types, GPU utilisation only)
   */
  readonly metrics?: ModelServerMetrics;
  /** Which load signal drives scaling. @default KubeLoadMetric.REQUESTS_PER_SECOND */
  readonly loadMetric?: KubeLoadMetric;
  /**
   * Inference requests per second one replica should handle (`REQUESTS_PER_SECOND`).
   * @default - ModelAlarmDefaults.INVOCATIONS_PER_INSTANCE_PER_MINUTE / 60, SageMaker's target per second
   */
  readonly requestsPerSecondPerReplica?: number;
  /** Concurrent requests one replica should handle (`IN_FLIGHT_REQUESTS`). @default 4 */
  readonly inFlightRequestsPerReplica?: number;
  /**
   * Average GPU utilisation (percent per GPU) to aim for, on NVIDIA GPU servers (DCGM exporter series).
   * @default ModelAlarmDefaults.GPU_UTILIZATION_TARGET_PERCENT (70)
   */
  readonly gpuUtilizationPercent?: number;
  /** How the DCGM exporter's series name the GPU's pod. @default DcgmMetrics.exportedLabels() */
  readonly dcgm?: DcgmMetrics;
  /** Average CPU utilisation (percent of the request) to aim for, as the CPU autoscaler does. @default 70 */
  readonly cpuUtilizationPercent?: number;
  /** Prometheus KEDA queries. @default 'http://prometheus-operated.monitoring.svc:9090' */
  readonly prometheusAddress?: string;
  /** How often KEDA queries the triggers. @default Duration.seconds(15) */
  readonly pollingInterval?: Duration;
}

/**
 * A KEDA `ScaledObject` that scales a model server on real load: inference requests per second (or in
 * flight) per replica from its own `/metrics`, GPU utilisation from the DCGM exporter on GPU types, and CPU
 * as the CPU autoscaler does; KEDA runs the largest replica count any trigger asks for. Optionally scales to
 * zero. KEDA creates its own HorizontalPodAutoscaler, so the server's CPU autoscaler must not be rendered
 * for the same target (`ModelServingChart` leaves it out when it renders this).
 */
export class KubeLoadAutoscaler extends Construct {
  /** The `keda.sh/v1alpha1` ScaledObject. */
  public readonly resource: ApiObject;
  /** Names of the triggers rendered, in order (e.g. `requests-per-second`, `gpu-utilization`, `cpu-utilization`). */
  public readonly triggerNames: string[];

  constructor(scope: Construct, id: string, props: KubeLoadAutoscalerProps) {
    super(scope, id);
    const serving = props.serving;
    const gpu = serving.scheduling.acceleratorKind === AcceleratorKind.NVIDIA_GPU && serving.scheduling.acceleratorCount > 0;
    const loadMetric = props.loadMetric ?? KubeLoadMetric.REQUESTS_PER_SECOND;
    const rps = props.requestsPerSecondPerReplica ?? ModelAlarmDefaults.INVOCATIONS_PER_INSTANCE_PER_MINUTE / 60;
    const inFlight = props.inFlightRequestsPerReplica ?? 4;
    const gpuTarget = props.gpuUtilizationPercent ?? ModelAlarmDefaults.GPU_UTILIZATION_TARGET_PERCENT;
    const cpuTarget = props.cpuUtilizationPercent ?? 70;
    const polling = props.pollingInterval ?? Duration.seconds(15);
    const minReplicas = props.minReplicas ?? serving.minReplicas;
    const maxReplicas = props.maxReplicas ?? serving.maxReplicas;

    const check = new PropsCheck(this, 'KubeLoadAutoscaler');
    // Two autoscalers on one Deployment fight over its replica count (KEDA creates an HPA of its own).
    check.require(serving.hpa === undefined, 'serving', serving.node.path,
      'must be created with cpuAutoscaling: false: it has its own CPU HorizontalPodAutoscaler, and KEDA would add a second one for the same Deployment (cpuUtilizationPercent keeps CPU as a trigger here)');
    check.integerInRange('minReplicas', minReplicas, 1, 1000);
    check.integerInRange('maxReplicas', maxReplicas, 1, 1000);
    check.require(maxReplicas >= minReplicas, 'maxReplicas', maxReplicas, `must be at least minReplicas (${minReplicas})`);
    check.numberInRange('requestsPerSecondPerReplica', props.requestsPerSecondPerReplica, 0.01, 1_000_000);
    check.numberInRange('inFlightRequestsPerReplica', props.inFlightRequestsPerReplica, 0.1, 100_000);
    check.numberInRange('gpuUtilizationPercent', props.gpuUtilizationPercent, 1, 100);
    check.integerInRange('cpuUtilizationPercent', props.cpuUtilizationPercent, 1, 100);
    checkDurationSeconds(check, 'pollingInterval', polling, 5, 3600);
    check.matches('prometheusAddress', props.prometheusAddress, /^https?:\/\/[^\s/]+(\/\S*)?$/,
      'must be an http(s) URL of the Prometheus server, e.g. "http://prometheus-operated.monitoring.svc:9090"');
    if (loadMetric === KubeLoadMetric.IN_FLIGHT_REQUESTS && props.metrics && !props.metrics.hasInFlightGauge) {
      check.fail('loadMetric', loadMetric, 'needs metrics with an in-flight gauge (ModelServerMetricsProps.inFlightRequests)');
    }
    if (!props.metrics) {
      for (const prop of ['loadMetric', 'inFlightRequestsPerReplica'] as const) {
        if (props[prop] !== undefined) check.fail(prop, props[prop], 'must be omitted without metrics: there is no load signal to scale on');
      }
    }
    if (!gpu) {
      for (const prop of ['gpuUtilizationPercent', 'dcgm'] as const) {
        if (props[prop] !== undefined) check.fail(prop, props[prop], 'must be omitted: the server has no NVIDIA GPU to measure');
      }
    }
    if (props.requestsPerSecondPerReplica !== undefined && !props.metrics && props.scaleToZeroOnRequestRate === undefined) {
      check.fail('requestsPerSecondPerReplica', props.requestsPerSecondPerReplica, 'must be omitted without metrics or scaleToZeroOnRequestRate: no request rate to scale on');
    }
    if (props.scaleToZeroOnRequestRate !== undefined) {
      check.require(props.scaleToZeroOnRequestRate.trim().length > 0, 'scaleToZeroOnRequestRate', props.scaleToZeroOnRequestRate,
        'must be a non-empty PromQL query of the request rate in front of the server');
    }
    check.throwIfInvalid();

    const namespace = Chart.of(this).namespace;
    const address = props.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS;
    const target = { ...(namespace !== undefined ? { namespace } : {}), service: serving.serviceName };
    const prometheus = (name: string, query: string, threshold: number) => ({
      type: 'prometheus',
      name,
      metricType: 'AverageValue',
      // Replicas = ceil(query / threshold): a total over all pods against the share one replica takes.
      metadata: { serverAddress: address, query, threshold: formatNumber(threshold), activationThreshold: '0' },
    });
    const triggers: { [key: string]: unknown }[] = [];
    if (props.metrics) {
      triggers.push(loadMetric === KubeLoadMetric.IN_FLIGHT_REQUESTS
        ? prometheus('in-flight-requests', props.metrics.inFlight(target)!, inFlight)
        : prometheus('requests-per-second', props.metrics.requestRate(target, Duration.minutes(2)), rps));
    }
    if (props.scaleToZeroOnRequestRate !== undefined) {
      triggers.push(prometheus('wake-on-requests', props.scaleToZeroOnRequestRate, rps));
    }
    if (gpu) {
      const dcgm = props.dcgm ?? DcgmMetrics.exportedLabels();
      // Sum over every GPU of the pods against the target of one replica's GPUs.
      triggers.push(prometheus('gpu-utilization', dcgm.utilizationSum(serving.name, namespace), gpuTarget * serving.scheduling.acceleratorCount));
    }
    // CPU, as the CPU autoscaler did; left out with scale-to-zero (an idle pod's CPU never reaches zero).
    if (props.scaleToZeroOnRequestRate === undefined) {
      triggers.push({ type: 'cpu', name: 'cpu-utilization', metricType: 'Utilization', metadata: { value: String(cpuTarget) } });
    }
    this.triggerNames = triggers.map((t) => t.name as string);

    const scaleTarget = props.scaleTarget ?? { apiVersion: 'apps/v1', kind: 'Deployment', name: serving.name };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: serving.name, labels: { ...serving.selectorLabels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        scaleTargetRef: { ...scaleTarget },
        minReplicaCount: minReplicas,
        // KEDA's idle count (only 0 is supported): no requests, no pods; any request, back to minReplicas.
        idleReplicaCount: props.scaleToZeroOnRequestRate !== undefined ? 0 : undefined,
        maxReplicaCount: maxReplicas,
        pollingInterval: Math.round(polling.toSeconds({ integral: false })),
        cooldownPeriod: 300,
        advanced: { horizontalPodAutoscalerConfig: { behavior: modelServerScalingBehavior() } },
        triggers,
      },
    });
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
