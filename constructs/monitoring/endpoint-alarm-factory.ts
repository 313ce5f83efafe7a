import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { MlInstanceType } from '../core';
import { IEndpointVariant, ISageMakerEndpoint } from '../serving';
import type { EndpointAlarmsProps } from './endpoint-alarms';

/**
 * One kind of endpoint alarm (p99 latency, 5XX rate, CPU ...): a small class that asks the factory for
 * its alarm. Implement it to add your own kind and list it in an `EndpointAlarmPreset`.
 */
export interface IEndpointAlarmKind {
  /** The alarm's construct id and name suffix (`<alarmNamePrefix>-<alarmId>`); unique within a preset. */
  readonly alarmId: string;
  /**
   * Create the alarm with `factory.addAlarm`, or return undefined when it does not apply to the variant
   * (e.g. a GPU alarm on a CPU type).
   */
  bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined;
}

/**
 * Builds the alarms of one `EndpointAlarms` the same way: evaluation periods, fixed names, description
 * suffix and topic actions are decided here once, so an alarm kind only supplies metric and threshold.
 */
export class EndpointAlarmFactory {
  /** The endpoint watched. */
  public readonly endpoint: ISageMakerEndpoint;
  /** The variant watched. */
  public readonly variantName: string;
  /** The variant's instance type (undefined for serverless, or when neither `variant` nor `instanceType` gave one). */
  public readonly instanceType?: MlInstanceType;
  /**
   * The variant object, when the `EndpointAlarms` was given one (`InstanceEndpointVariant`,
   * `ServerlessEndpointVariant`): a kind may test it, e.g. for serverless-only metrics.
   * @default - only `endpoint` and `variantName` are known
   */
  public readonly variant?: IEndpointVariant;
  /** The `EndpointAlarms` props (thresholds of the built-in kinds). */
  public readonly settings: EndpointAlarmsProps;

  /** @param scope the `EndpointAlarms` the alarms are created in */
  constructor(private readonly scope: Construct, settings: EndpointAlarmsProps, variantName: string) {
    this.settings = settings;
    this.endpoint = settings.endpoint!; // EndpointAlarms fills it from `variant` and checks it is present
    this.instanceType = settings.instanceType;
    this.variant = settings.variant;
    this.variantName = variantName;
  }

  /**
   * A `> threshold` alarm over `evaluationPeriods` 1-minute periods, named `<alarmNamePrefix>-<alarmId>`
   * when a prefix is set, notifying the alarm topic on alarm and on recovery.
   * @param treatMissingData @default cloudwatch.TreatMissingData.NOT_BREACHING
   */
  public addAlarm(alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string,
    treatMissingData?: cloudwatch.TreatMissingData): cloudwatch.Alarm {
    const periods = this.settings.evaluationPeriods ?? 5;
    const prefix = this.settings.alarmNamePrefix;
    const alarm = new cloudwatch.Alarm(this.scope, alarmId, {
      alarmName: prefix ? `${prefix}-${alarmId}` : undefined,
      metric,
      threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${description} (endpoint variant ${this.variantName}; created by cdk-mlops EndpointAlarms at ${this.scope.node.path})`,
    });
    const topic = this.settings.alarmTopic;
    if (topic) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    return alarm;
  }
}
