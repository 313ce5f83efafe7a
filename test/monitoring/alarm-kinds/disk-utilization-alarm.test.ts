import { MlInstanceType } from '../../../constructs/core';
import { DiskUtilizationAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('DiskUtilizationAlarm', () => {
  test('disk utilisation above the percentage', () => {
    const { alarms, alarm, properties } = alarmOfKind(new DiskUtilizationAlarm(), MlInstanceType.M5_LARGE, { diskUtilizationPercent: 60 });
    expect(alarms.diskAlarm).toBe(alarm);
    expect(properties).toMatchObject({ MetricName: 'DiskUtilization', Namespace: '/aws/sagemaker/Endpoints', Threshold: 60 });
  });

  test('none on serverless', () => {
    expect(alarmOfKind(new DiskUtilizationAlarm(), undefined).alarm).toBeUndefined();
  });
});
