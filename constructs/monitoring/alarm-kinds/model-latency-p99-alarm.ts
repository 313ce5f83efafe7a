import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/** p99 `ModelLatency` above `p99LatencyThreshold` (default 1 s). Every variant. */
export class ModelLatencyP99Alarm implements IEndpointAlarmKind {
  public readonly alarmId = 'ModelLatencyP99';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    const latency = factory.settings.p99LatencyThreshold ?? Duration.seconds(1);
    // ModelLatency is reported in microseconds.
    return factory.addAlarm(this.alarmId, factory.endpoint.metricModelLatency({ variantName: factory.variantName }),
      latency.toMilliseconds() * 1000, `p99 model latency above ${latency.toMilliseconds()} ms`);
  }
}
