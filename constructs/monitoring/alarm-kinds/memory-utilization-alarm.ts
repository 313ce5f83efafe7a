import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/** Memory utilisation above `memoryUtilizationPercent` (default 80). Instance variants only. */
export class MemoryUtilizationAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'MemoryUtilization';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    if (!factory.instanceType) return undefined;
    const percent = factory.settings.memoryUtilizationPercent ?? 80;
    return factory.addAlarm(this.alarmId, factory.endpoint.metricMemoryUtilization({ variantName: factory.variantName }),
      percent, `memory utilisation above ${percent}%`);
  }
}
