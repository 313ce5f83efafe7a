import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MlInstanceType } from '../../constructs/core';
import { EndpointAlarms, EndpointAlarmsProps } from '../../constructs/monitoring';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from '../serving/fixtures';

/** Alarms on a one-variant endpoint of `instanceType` (serverless when undefined). */
function alarmsOn(instanceType: MlInstanceType | undefined, props: Partial<EndpointAlarmsProps> = {}, withTopic = false) {
  const stack = newStack();
  const model = newModel(stack, 'Model', instanceType ? {} : { networkIsolation: false });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [instanceType
      ? { variantName: 'AllTraffic', model, instanceType }
      : { variantName: 'AllTraffic', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } }],
  });
  const topic = withTopic ? new sns.Topic(stack, 'Topic') : undefined;
  const alarms = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType, alarmTopic: topic, ...props });
  const template = Template.fromStack(stack);
  return { stack, alarms, template, topic, endpointName: stack.resolve(endpoint.endpointName) };
}

/** The alarm resource of `alarm` in the template. */
function alarmResource(stack: Stack, template: Template, alarm: { node: { defaultChild?: unknown } }) {
  return template.toJSON().Resources[stack.getLogicalId(alarm.node.defaultChild as never)].Properties;
}

describe('EndpointAlarms on a CPU type (ml.c5.xlarge, 4 vCPU)', () => {
  const { stack, alarms, template, endpointName } = alarmsOn(MlInstanceType.C5_XLARGE);
  const dims = [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'AllTraffic' }];

  test('no alarm for the GPU', () => {
    expect(alarms.gpuMemoryAlarm).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('GPU');
  });

  test('p99 ModelLatency above 1 s, expressed in microseconds', () => {
    expect(alarmResource(stack, template, alarms.latencyAlarm)).toMatchObject({
      Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60, Dimensions: dims,
      Threshold: 1_000_000, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
    });
  });

  test('5XX rate above 1 % via metric math, so no traffic means no alarm', () => {
    const props = alarmResource(stack, template, alarms.errorRateAlarm);
    expect(props.Threshold).toBe(1);
    expect(props.Metrics).toEqual([
      { Id: 'expr_1', Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)', Label: '5XX error rate (%)' },
      { Id: 'errors', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Dimensions: dims }, Period: 60, Stat: 'Sum' } },
      { Id: 'invocations', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: dims }, Period: 60, Stat: 'Sum' } },
    ].map((m) => expect.objectContaining(m)));
  });

  test('CPU threshold is 80 % per vCPU × 4 vCPU = 320', () => {
    expect(alarmResource(stack, template, alarms.cpuAlarm!)).toMatchObject({
      Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Statistic: 'Average', Threshold: 320,
    });
  });

  test('memory and disk above 80 %', () => {
    expect(alarmResource(stack, template, alarms.memoryAlarm!)).toMatchObject({ MetricName: 'MemoryUtilization', Threshold: 80 });
    expect(alarmResource(stack, template, alarms.diskAlarm!)).toMatchObject({ MetricName: 'DiskUtilization', Threshold: 80 });
  });

  test('without a topic, alarms have no actions', () => {
    for (const alarm of alarms.alarms) expect(alarmResource(stack, template, alarm).AlarmActions).toBeUndefined();
  });

  test('descriptions say what fired and where', () => {
    expect(alarmResource(stack, template, alarms.cpuAlarm!).AlarmDescription)
      .toBe('CPU utilisation above 80% of 4 vCPU (endpoint variant AllTraffic; created by cdk-mlops EndpointAlarms at Stack/Alarms)');
  });
});

describe('EndpointAlarms on GPU and serverless variants', () => {
  test('ml.g5.12xlarge adds a GPU memory alarm at 90 % × 4 GPUs and CPU at 80 % × 48 vCPU', () => {
    const { stack, alarms, template } = alarmsOn(MlInstanceType.G5_12XLARGE);
    expect(alarmResource(stack, template, alarms.gpuMemoryAlarm!)).toMatchObject({
      Namespace: '/aws/sagemaker/Endpoints', MetricName: 'GPUMemoryUtilization', Threshold: 360,
      AlarmDescription: expect.stringMatching(/^GPU memory above 90% of 4 × NVIDIA A10G /),
    });
    expect(alarmResource(stack, template, alarms.cpuAlarm!).Threshold).toBe(3840);
  });

  test('ml.g5.xlarge: GPU memory threshold 90 for its single GPU', () => {
    const { stack, alarms, template } = alarmsOn(MlInstanceType.G5_XLARGE);
    expect(alarmResource(stack, template, alarms.gpuMemoryAlarm!).Threshold).toBe(90);
  });

  test('a Neuron type gets instance alarms but no GPU alarm', () => {
    const { alarms } = alarmsOn(MlInstanceType.INF2_XLARGE);
    expect(alarms.memoryAlarm).toBeDefined();
    expect(alarms.gpuMemoryAlarm).toBeUndefined();
  });

  test('serverless (no instance type): no instance alarms', () => {
    const { alarms } = alarmsOn(undefined);
    expect([alarms.cpuAlarm, alarms.memoryAlarm, alarms.diskAlarm, alarms.gpuMemoryAlarm]).toEqual([undefined, undefined, undefined, undefined]);
    expect(alarms.latencyAlarm).toBeDefined();
  });
});

describe('EndpointAlarms options', () => {
  test('every alarm notifies the topic when it fires and when it recovers', () => {
    const { stack, alarms, template, topic } = alarmsOn(MlInstanceType.G5_XLARGE, {}, true);
    const topicRef = stack.resolve(topic!.topicArn);
    expect(alarms.alarms.length).toBeGreaterThan(1);
    for (const alarm of alarms.alarms) {
      const props = alarmResource(stack, template, alarm);
      expect(props.AlarmActions).toEqual([topicRef]);
      expect(props.OKActions).toEqual([topicRef]);
    }
  });

  test('thresholds and evaluation periods can be changed', () => {
    const { stack, alarms, template } = alarmsOn(MlInstanceType.M5_XLARGE, {
      p99LatencyThreshold: Duration.millis(250), errorRatePercent: 0.5, cpuUtilizationPercent: 50,
      memoryUtilizationPercent: 70, diskUtilizationPercent: 60, evaluationPeriods: 3,
    });
    const threshold = (id: string) => alarmResource(stack, template, alarms.findAlarm(id)!).Threshold;
    expect(['ModelLatencyP99', 'ErrorRate5XX', 'CpuUtilization', 'MemoryUtilization', 'DiskUtilization'].map(threshold))
      .toEqual([250_000, 0.5, 200, 70, 60]);
    expect(alarmResource(stack, template, alarms.latencyAlarm)).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });
});

describe('EndpointAlarms bad input', () => {
  test.each([
    ['cpuUtilizationPercent', 0],
    ['memoryUtilizationPercent', 101],
    ['diskUtilizationPercent', -5],
    ['gpuMemoryUtilizationPercent', 150],
  ])('%s = %i is an error', (prop, value) => {
    expect(() => alarmsOn(MlInstanceType.G5_XLARGE, { [prop]: value }))
      .toThrow(`EndpointAlarms at 'Stack/Alarms': invalid prop\n  - ${prop} = ${value}: must be a number from 1 to 100`);
  });

  test('errorRatePercent 0 and evaluationPeriods 0 are reported together', () => {
    expect(() => alarmsOn(MlInstanceType.M5_LARGE, { errorRatePercent: 0, evaluationPeriods: 0 }))
      .toThrow("EndpointAlarms at 'Stack/Alarms': 2 invalid props\n"
        + '  - errorRatePercent = 0: must be a number from 0.01 to 100\n'
        + '  - evaluationPeriods = 0: must be an integer from 1 to 60');
  });

  test('an alarmNamePrefix with characters CloudWatch names do not take is an error', () => {
    expect(() => alarmsOn(MlInstanceType.M5_LARGE, { alarmNamePrefix: 'my model/v1' }))
      .toThrow('alarmNamePrefix = "my model/v1": must be 1-200 letters, digits, ".", "-" or "_"');
  });

  test('alarmNamePrefix gives every alarm the fixed name <prefix>-<alarm>', () => {
    const { alarms } = alarmsOn(MlInstanceType.M5_LARGE, { alarmNamePrefix: 'mnist' });
    expect(alarms.alarms.length).toBeGreaterThan(1);
    for (const alarm of alarms.alarms) expect((alarm.node.defaultChild as { alarmName?: string }).alarmName).toBe(`mnist-${alarm.node.id}`);
    expect((alarms.latencyAlarm.node.defaultChild as { alarmName?: string }).alarmName).toBe('mnist-ModelLatencyP99');
  });

  test('an unknown variantName is an error', () => {
    expect(() => alarmsOn(MlInstanceType.M5_LARGE, { variantName: 'Canary' }))
      .toThrow('variantName = "Canary": must be one of AllTraffic');
  });
});
