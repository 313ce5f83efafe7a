import { MlInstanceType } from '../../../constructs/core';
import { GpuMemoryUtilizationAlarm } from '../../../constructs/monitoring';
import { alarmOfKind } from './fixture';

describe('GpuMemoryUtilizationAlarm', () => {
  test('the percentage times the GPU count (ml.g5.12xlarge: 4 × A10G)', () => {
    const { alarms, alarm, properties } = alarmOfKind(new GpuMemoryUtilizationAlarm(), MlInstanceType.G5_12XLARGE);
    expect(alarms.gpuMemoryAlarm).toBe(alarm);
    expect(properties).toMatchObject({
      MetricName: 'GPUMemoryUtilization', Threshold: 360,
      AlarmDescription: expect.stringMatching(/^GPU memory above 90% of 4 × NVIDIA A10G /),
    });
  });

  test.each([['a CPU type', MlInstanceType.M5_LARGE], ['a Neuron type', MlInstanceType.INF2_XLARGE], ['serverless', undefined]])('none on %s', (_what, type) => {
    expect(alarmOfKind(new GpuMemoryUtilizationAlarm(), type).alarm).toBeUndefined();
  });
});
