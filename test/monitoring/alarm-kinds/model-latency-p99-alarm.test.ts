import { Duration } from 'aws-cdk-lib';
import { MlInstanceType } from '../../../constructs/core';
import { ModelLatencyP99Alarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('ModelLatencyP99Alarm', () => {
  test('p99 ModelLatency above the threshold in microseconds, on serverless too', () => {
    const { properties } = alarmOfKind(new ModelLatencyP99Alarm(), undefined, { p99LatencyThreshold: Duration.millis(250) });
    expect(properties).toMatchObject({
      MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 250_000,
      AlarmDescription: expect.stringMatching(/^p99 model latency above 250 ms /),
    });
  });

  test('is the latencyAlarm', () => {
    const { alarms, alarm } = alarmOfKind(new ModelLatencyP99Alarm(), MlInstanceType.M5_LARGE);
    expect(alarms.latencyAlarm).toBe(alarm);
  });
});
