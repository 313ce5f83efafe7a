import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/**
 * CPU utilisation above `cpuUtilizationPercent` (default 80) of every vCPU: SageMaker reports 0–100 per
 * vCPU. Instance variants whose vCPU count is known only; an unknown type gets no alarm rather than
 * one sized for a guessed count (describe it with `MlInstanceType.custom()` to get one).
 */
export class CpuUtilizationAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'CpuUtilization';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    const vcpus = factory.instanceType?.vcpus ?? 0;
    if (vcpus <= 0) return undefined;
    const percent = factory.settings.cpuUtilizationPercent ?? 80;
    return factory.addAlarm(this.alarmId, factory.endpoint.metricCpuUtilization({ variantName: factory.variantName }),
      percent * vcpus, `CPU utilisation above ${percent}% of ${vcpus} vCPU`);
  }
}
