import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/**
 * GPU memory above `gpuMemoryUtilizationPercent` (default 90) of every GPU: SageMaker reports 0–100 per
 * GPU. GPU instance types only.
 */
export class GpuMemoryUtilizationAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'GpuMemoryUtilization';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    const type = factory.instanceType;
    if (!type?.isGpu) return undefined;
    const percent = factory.settings.gpuMemoryUtilizationPercent ?? 90;
    return factory.addAlarm(this.alarmId, factory.endpoint.metricGpuMemoryUtilization({ variantName: factory.variantName }),
      percent * type.acceleratorCount, `GPU memory above ${percent}% of ${type.acceleratorCount} × ${type.acceleratorModel}`);
  }
}
