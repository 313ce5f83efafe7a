import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ServerlessEndpointVariant } from '../../serving';
import type { EndpointAlarmFactory, IEndpointAlarmKind } from '../endpoint-alarm-factory';

/**
 * Peak concurrent executions above `serverlessConcurrencyPercent` (default 90) of the variant's
 * `maxConcurrency`: requests beyond it are throttled. Serverless variants only (given as `variant`, or found on an endpoint that knows their kind).
 */
export class ServerlessConcurrencyAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'ServerlessConcurrency';

  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    const variant = factory.variant;
    if (!(variant instanceof ServerlessEndpointVariant)) return undefined;
    const percent = factory.settings.serverlessConcurrencyPercent ?? 90;
    // SageMaker reports the utilisation as a fraction (0–1); the peak of the minute is what throttles.
    return factory.addAlarm(this.alarmId, variant.metricConcurrentExecutionsUtilization({ statistic: cloudwatch.Stats.MAXIMUM }),
      percent / 100, `serverless concurrency above ${percent}% of maxConcurrency ${variant.maxConcurrency}`);
  }
}
