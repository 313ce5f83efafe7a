import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/** `Invocation5XXErrors / Invocations` above `errorRatePercent` (default 1 %). Every variant. */
export class ErrorRate5xxAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'ErrorRate5XX';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    const variantName = factory.variantName;
    const errorRate = factory.settings.errorRatePercent ?? 1;
    // Metric math with a zero-traffic guard, so an idle endpoint does not fire it.
    return factory.addAlarm(this.alarmId, new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: {
        errors: factory.endpoint.metricInvocation5XXErrors({ variantName }),
        invocations: factory.endpoint.metricInvocations({ variantName }),
      },
      label: '5XX error rate (%)',
      period: Duration.minutes(1),
    }), errorRate, `5XX error rate above ${errorRate}%`);
  }
}
