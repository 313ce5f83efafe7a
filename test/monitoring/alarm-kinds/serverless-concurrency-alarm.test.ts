import { MlInstanceType } from '../../../constructs/core';
import { ServerlessConcurrencyAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('ServerlessConcurrencyAlarm', () => {
  test('peak concurrency utilisation above the percentage of maxConcurrency, on the variant', () => {
    const { alarms, alarm, properties, endpointName } = alarmOfKind(new ServerlessConcurrencyAlarm(), undefined, { serverlessConcurrencyPercent: 80 });
    expect(alarms.serverlessConcurrencyAlarm).toBe(alarm);
    expect(properties).toMatchObject({
      MetricName: 'ServerlessConcurrentExecutionsUtilization', Namespace: 'AWS/SageMaker', Statistic: 'Maximum', Threshold: 0.8,
      Dimensions: [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'AllTraffic' }],
    });
    expect(properties.AlarmDescription).toContain('serverless concurrency above 80% of maxConcurrency 5');
  });

  test('defaults to 90 %', () => {
    expect(alarmOfKind(new ServerlessConcurrencyAlarm(), undefined).properties.Threshold).toBe(0.9);
  });

  test('none on an instance variant', () => {
    expect(alarmOfKind(new ServerlessConcurrencyAlarm(), MlInstanceType.M5_LARGE).alarm).toBeUndefined();
  });

  test('a percentage outside 1-100 is an error naming the prop', () => {
    expect(() => alarmOfKind(new ServerlessConcurrencyAlarm(), undefined, { serverlessConcurrencyPercent: 0 }))
      .toThrow(/EndpointAlarms at 'Stack\/Alarms': invalid prop\n {2}- serverlessConcurrencyPercent = 0: must be a number from 1 to 100/);
  });
});
