import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MlInstanceType, PropsCheck } from '../core';
import { ISageMakerEndpoint } from '../serving';

/** Properties of {@link EndpointAlarms}. Every threshold has a default that suits a typical model. */
export interface EndpointAlarmsProps {
  /** The endpoint to watch. */
  readonly endpoint: ISageMakerEndpoint;
  /** The variant to watch. @default - the endpoint's first variant */
  readonly variantName?: string;
  /**
   * The variant's instance type: decides the CPU/GPU thresholds (SageMaker reports CPU as 0–100 per
   * vCPU and GPU as 0–100 per GPU) and whether GPU alarms exist. Leave undefined for serverless.
   * @default - no instance alarms (serverless)
   */
  readonly instanceType?: MlInstanceType;
  /** Topic notified when an alarm fires or recovers. @default - alarms without actions */
  readonly alarmTopic?: sns.ITopic;
  /** p99 model latency that fires the alarm. @default Duration.seconds(1) */
  readonly p99LatencyThreshold?: Duration;
  /** 5XX responses as a percentage of invocations that fires the alarm. @default 1 */
  readonly errorRatePercent?: number;
  /** CPU utilisation percentage per vCPU. @default 80 */
  readonly cpuUtilizationPercent?: number;
  /** Memory utilisation percentage. @default 80 */
  readonly memoryUtilizationPercent?: number;
  /** Disk utilisation percentage. @default 80 */
  readonly diskUtilizationPercent?: number;
  /** GPU memory utilisation percentage per GPU. @default 90 */
  readonly gpuMemoryUtilizationPercent?: number;
  /** Consecutive 1-minute periods over threshold before firing. @default 5 */
  readonly evaluationPeriods?: number;
}

/**
 * The alarms an ML endpoint needs, with sane defaults: p99 model latency, 5XX error rate (metric
 * math, so low traffic does not fire it), CPU / memory / disk, and GPU memory on GPU types only.
 * Every alarm is a property so a rollout policy can watch them and roll back.
 */
export class EndpointAlarms extends Construct {
  /** p99 ModelLatency above threshold. */
  public readonly latencyAlarm: cloudwatch.Alarm;
  /** Invocation5XXErrors / Invocations above the error-rate threshold. */
  public readonly errorRateAlarm: cloudwatch.Alarm;
  /** CPU utilisation (instance variants only). */
  public readonly cpuAlarm?: cloudwatch.Alarm;
  /** Memory utilisation (instance variants only). */
  public readonly memoryAlarm?: cloudwatch.Alarm;
  /** Disk utilisation (instance variants only). */
  public readonly diskAlarm?: cloudwatch.Alarm;
  /** GPU memory utilisation (GPU variants only). */
  public readonly gpuMemoryAlarm?: cloudwatch.Alarm;
  /** Every alarm above, in a stable order. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: EndpointAlarmsProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'EndpointAlarms');
    check.numberInRange('errorRatePercent', props.errorRatePercent, 0.01, 100);
    for (const prop of ['cpuUtilizationPercent', 'memoryUtilizationPercent', 'diskUtilizationPercent', 'gpuMemoryUtilizationPercent'] as const) {
      check.numberInRange(prop, props[prop], 1, 100);
    }
    check.integerInRange('evaluationPeriods', props.evaluationPeriods, 1, 60);
    const variants = props.endpoint.variantNames;
    if (props.variantName !== undefined) {
      check.require(variants.includes(props.variantName), 'variantName', props.variantName, `must be one of ${variants.join(', ')}`);
    }
    check.throwIfInvalid();

    const endpoint = props.endpoint;
    const variantName = props.variantName ?? variants[0];
    const periods = props.evaluationPeriods ?? 5;
    const label = `${variantName}`;
    const add = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string,
      missing = cloudwatch.TreatMissingData.NOT_BREACHING): cloudwatch.Alarm => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: missing,
        alarmDescription: `${description} (endpoint variant ${label}; created by cdk-mlops EndpointAlarms at ${this.node.path})`,
      });
      if (props.alarmTopic) {
        alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new actions.SnsAction(props.alarmTopic));
      }
      this.alarms.push(alarm);
      return alarm;
    };

    const latency = props.p99LatencyThreshold ?? Duration.seconds(1);
    // ModelLatency is reported in microseconds.
    this.latencyAlarm = add('ModelLatencyP99', endpoint.metricModelLatency({ variantName }),
      latency.toMilliseconds() * 1000, `p99 model latency above ${latency.toMilliseconds()} ms`);

    const errorRate = props.errorRatePercent ?? 1;
    this.errorRateAlarm = add('ErrorRate5XX', new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: {
        errors: endpoint.metricInvocation5XXErrors({ variantName }),
        invocations: endpoint.metricInvocations({ variantName }),
      },
      label: '5XX error rate (%)',
      period: Duration.minutes(1),
    }), errorRate, `5XX error rate above ${errorRate}%`);

    const type = props.instanceType;
    if (type) {
      // Instance metrics scale with the number of vCPUs / GPUs; thresholds are per unit.
      const cpuPercent = props.cpuUtilizationPercent ?? 80;
      const vcpus = Math.max(type.vcpus, 1);
      this.cpuAlarm = add('CpuUtilization', endpoint.metricCpuUtilization({ variantName }), cpuPercent * vcpus,
        `CPU utilisation above ${cpuPercent}% of ${vcpus} vCPU`);
      this.memoryAlarm = add('MemoryUtilization', endpoint.metricMemoryUtilization({ variantName }),
        props.memoryUtilizationPercent ?? 80, `memory utilisation above ${props.memoryUtilizationPercent ?? 80}%`);
      this.diskAlarm = add('DiskUtilization', endpoint.metricDiskUtilization({ variantName }),
        props.diskUtilizationPercent ?? 80, `disk utilisation above ${props.diskUtilizationPercent ?? 80}%`);
      if (type.isGpu) {
        const gpuPercent = props.gpuMemoryUtilizationPercent ?? 90;
        this.gpuMemoryAlarm = add('GpuMemoryUtilization', endpoint.metricGpuMemoryUtilization({ variantName }),
          gpuPercent * type.acceleratorCount, `GPU memory above ${gpuPercent}% of ${type.acceleratorCount} × ${type.acceleratorModel}`);
      }
    }
  }
}
