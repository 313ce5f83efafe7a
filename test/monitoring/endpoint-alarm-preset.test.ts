import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MlInstanceType } from '../../constructs/core';
import {
  EndpointAlarmFactory, EndpointAlarmPreset, EndpointAlarms, IEndpointAlarmKind, ModelLatencyP99Alarm,
} from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from '../serving/fixtures';

function alarmsWith(preset: EndpointAlarmPreset | undefined, instanceType = MlInstanceType.G5_XLARGE) {
  const stack = newStack();
  const model = newModel(stack, 'Model');
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model, instanceType }] });
  const alarms = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType, preset, alarmNamePrefix: 'm' });
  return { stack, alarms };
}

/** A user's own kind: invocations per minute above 1000 (what an added kind looks like). */
class HighTrafficAlarm implements IEndpointAlarmKind {
  public readonly alarmId = 'HighTraffic';
  public bind(factory: EndpointAlarmFactory): cloudwatch.Alarm | undefined {
    return factory.addAlarm(this.alarmId, factory.endpoint.metricInvocations({ variantName: factory.variantName }), 1000, 'more than 1000 invocations a minute');
  }
}

describe('EndpointAlarmPreset', () => {
  // The one test that knows the size of the recommended set.
  test('recommended() is the default: latency, 5XX, CPU, memory, disk, GPU memory, serverless concurrency, in this order', () => {
    const ids = EndpointAlarmPreset.recommended().kinds.map((k) => k.alarmId);
    expect(ids).toEqual(['ModelLatencyP99', 'ErrorRate5XX', 'CpuUtilization', 'MemoryUtilization', 'DiskUtilization', 'GpuMemoryUtilization',
      'ServerlessConcurrency']);
    // On an instance variant every kind but the serverless one applies.
    const { alarms } = alarmsWith(undefined);
    expect(alarms.alarms.map((a) => a.node.id)).toEqual(ids.filter((id) => id !== 'ServerlessConcurrency'));
  });

  test('without() drops a kind; its property is undefined', () => {
    const { stack, alarms } = alarmsWith(EndpointAlarmPreset.recommended().without('DiskUtilization'));
    expect(alarms.diskAlarm).toBeUndefined();
    expect(alarms.alarms.map((a) => a.node.id)).not.toContain('DiskUtilization');
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('DiskUtilization');
  });

  test('plus() adds a custom kind built by the same factory (name, periods, description)', () => {
    const { stack, alarms } = alarmsWith(EndpointAlarmPreset.of(new ModelLatencyP99Alarm()).plus(new HighTrafficAlarm()));
    const alarm = alarms.findAlarm('HighTraffic')!;
    expect(alarms.alarms).toEqual([alarms.latencyAlarm, alarm]);
    expect(Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(alarm.node.defaultChild as never)].Properties).toMatchObject({
      AlarmName: 'm-HighTraffic', MetricName: 'Invocations', Threshold: 1000, EvaluationPeriods: 5, DatapointsToAlarm: 5,
      AlarmDescription: 'more than 1000 invocations a minute (endpoint variant AllTraffic; created by cdk-mlops EndpointAlarms at Stack/Alarms)',
    });
  });

  test('a kind listed twice is an error naming the preset', () => {
    expect(() => alarmsWith(EndpointAlarmPreset.of(new ModelLatencyP99Alarm(), new ModelLatencyP99Alarm())))
      .toThrow("EndpointAlarms at 'Stack/Alarms': invalid prop\n  - preset = \"ModelLatencyP99, ModelLatencyP99\": must not list an alarm kind twice (ModelLatencyP99)");
  });

  test('latencyAlarm of a preset without the latency kind is an error that says why', () => {
    const { alarms } = alarmsWith(EndpointAlarmPreset.of(new HighTrafficAlarm()));
    expect(() => alarms.latencyAlarm).toThrow("EndpointAlarms at 'Stack/Alarms': invalid prop\n  - preset = \"HighTraffic\": has no ModelLatencyP99 alarm kind, which latencyAlarm needs");
    expect(() => alarms.errorRateAlarm).toThrow(/has no ErrorRate5XX alarm kind, which errorRateAlarm needs/);
  });
});
