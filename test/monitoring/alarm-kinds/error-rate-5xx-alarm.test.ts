import { MlInstanceType } from '../../../constructs/core';
import { ErrorRate5xxAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('ErrorRate5xxAlarm', () => {
  test('5XX / invocations in percent, 0 without traffic', () => {
    const { alarms, alarm, properties } = alarmOfKind(new ErrorRate5xxAlarm(), MlInstanceType.M5_LARGE, { errorRatePercent: 2 });
    expect(alarms.errorRateAlarm).toBe(alarm);
    expect(properties.Threshold).toBe(2);
    expect(properties.Metrics[0]).toMatchObject({ Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' });
    expect(properties.Metrics.map((m: { MetricStat?: { Metric: { MetricName: string } } }) => m.MetricStat?.Metric.MetricName))
      .toEqual([undefined, 'Invocation5XXErrors', 'Invocations']);
  });
});
