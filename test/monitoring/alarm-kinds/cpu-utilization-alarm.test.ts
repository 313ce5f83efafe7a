import { MlInstanceType } from '../../../constructs/core';
import { CpuUtilizationAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('CpuUtilizationAlarm', () => {
  test('the percentage times the vCPU count (ml.c5.xlarge: 4)', () => {
    const { alarms, alarm, properties } = alarmOfKind(new CpuUtilizationAlarm(), MlInstanceType.C5_XLARGE, { cpuUtilizationPercent: 50 });
    expect(alarms.cpuAlarm).toBe(alarm);
    expect(properties).toMatchObject({ MetricName: 'CPUUtilization', Threshold: 200 });
  });

  test('none on serverless', () => {
    expect(alarmOfKind(new CpuUtilizationAlarm(), undefined).alarm).toBeUndefined();
  });
});
