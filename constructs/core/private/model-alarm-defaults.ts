/**
 * The alarm and autoscaling defaults of a served model, shared by both targets: the SageMaker side
 * (`EndpointAlarms`, `MlPlatformStack`) and the Kubernetes side (`KubeModelAlertRules`, `KubeCanaryAnalysis`,
 * `KubeLoadAutoscaler`, `ModelServingChart`) read the same numbers, so one model definition fires at the same
 * thresholds on SageMaker and on a cluster.
 */
export class ModelAlarmDefaults {
  /** p99 model latency that fires the latency alarm, in milliseconds. */
  public static readonly P99_LATENCY_MS = 1000;
  /** 5XX responses as a percentage of requests that fires the error-rate alarm. */
  public static readonly ERROR_RATE_PERCENT = 1;
  /** GPU memory in use, percent of each GPU's memory, that fires the GPU-memory alarm. */
  public static readonly GPU_MEMORY_UTILIZATION_PERCENT = 90;
  /** GPU utilisation, percent of each GPU, that fires the GPU-saturation alarm. */
  public static readonly GPU_UTILIZATION_ALARM_PERCENT = 95;
  /** Average GPU utilisation per GPU the autoscaler aims for. */
  public static readonly GPU_UTILIZATION_TARGET_PERCENT = 70;
  /** Invocations per instance (replica) per minute the autoscaler aims for. */
  public static readonly INVOCATIONS_PER_INSTANCE_PER_MINUTE = 1000;
  /** Consecutive minutes over a threshold before an alarm fires. */
  public static readonly EVALUATION_MINUTES = 5;

  private constructor() {}
}
