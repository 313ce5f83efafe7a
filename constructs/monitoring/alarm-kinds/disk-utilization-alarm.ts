import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/** Disk utilisation above `diskUtilizationPercent` (default 80). Instance variants only. */
export class DiskUtilizationAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'DiskUtilization';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    if (!factory.instanceType) return undefined;
    const percent = factory.settings.diskUtilizationPercent ?? 80;
    return factory.addAlarm(this.alarmId, factory.endpoint.metricDiskUtilization({ variantName: factory.variantName }),
      percent, `disk utilisation above ${percent}%`);
  }
}
