import { MlInstanceType } from '../../../constructs/core';
import { MemoryUtilizationAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('MemoryUtilizationAlarm', () => {
  test('memory utilisation above the percentage', () => {
    const { alarms, alarm, properties } = alarmOfKind(new MemoryUtilizationAlarm(), MlInstanceType.M5_LARGE, { memoryUtilizationPercent: 70 });
    expect(alarms.memoryAlarm).toBe(alarm);
    expect(properties).toMatchObject({ MetricName: 'MemoryUtilization', Namespace: '/aws/sagemaker/Endpoints', Threshold: 70 });
  });

  test('none on serverless', () => {
    expect(alarmOfKind(new MemoryUtilizationAlarm(), undefined).alarm).toBeUndefined();
  });
});
