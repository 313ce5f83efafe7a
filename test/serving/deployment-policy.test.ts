import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MlInstanceType } from '../../constructs/core';
import { EndpointAlarms } from '../../constructs/monitoring';
import { DeploymentPolicy, SageMakerEndpoint, SageMakerEndpointProps } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

/** An endpoint with one ml.m5.large variant and the given props. */
function endpointWith(props: Partial<SageMakerEndpointProps> = {}) {
  const stack = newStack();
  const model = newModel(stack);
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.M5_LARGE, initialInstanceCount: 4 }], ...props,
  });
  return { stack, endpoint, deploymentConfig: () => Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint') };
}
/** The DeploymentConfig of the only endpoint in `findResources` output. */
const configOf = (resources: Record<string, { [key: string]: unknown }>) =>
  (Object.values(resources)[0].Properties as { DeploymentConfig?: unknown }).DeploymentConfig;

describe('DeploymentPolicy (blue/green guardrails)', () => {
  test('GIVEN no policy and no alarms THEN SageMaker\'s default update is left alone (control)', () => {
    expect(configOf(endpointWith().deploymentConfig())).toBeUndefined();
  });

  test('canary renders a CAPACITY_PERCENT canary, bake time and termination wait', () => {
    const { deploymentConfig } = endpointWith({ deploymentPolicy: DeploymentPolicy.canary({ canaryPercent: 25, bakeTime: Duration.minutes(15) }) });
    expect(configOf(deploymentConfig())).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 900, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 } },
        TerminationWaitInSeconds: 300,
      },
    });
  });

  test('linear renders a LinearStepSize and a maximum execution timeout', () => {
    const { deploymentConfig } = endpointWith({
      deploymentPolicy: DeploymentPolicy.linear({ stepPercent: 20, bakeTime: Duration.minutes(5), maximumExecutionTimeout: Duration.hours(2) }),
    });
    expect(configOf(deploymentConfig())).toMatchObject({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 300, LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 20 } },
        MaximumExecutionTimeoutInSeconds: 7200,
      },
    });
  });

  test('rollback alarms from EndpointAlarms with fixed names roll a bad deployment back, with no dependency cycle', () => {
    const { stack, endpoint, deploymentConfig } = endpointWith();
    const alarms = new EndpointAlarms(stack, 'Alarms', { endpoint, instanceType: MlInstanceType.M5_LARGE, alarmNamePrefix: 'mnist' });
    endpoint.addRollbackAlarms(alarms.latencyAlarm, alarms.errorRateAlarm);
    const resources = deploymentConfig();
    // Without a policy, alarms bring the all-at-once policy with a bake period in which they are watched.
    expect(configOf(resources)).toEqual({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 300 },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'mnist-ModelLatencyP99' }, { AlarmName: 'mnist-ErrorRate5XX' }] },
    });
    // The endpoint names the alarms by string (no Ref), so the alarms may depend on the endpoint.
    expect(Object.values(resources)[0].DependsOn ?? []).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'mnist-ModelLatencyP99', Dimensions: Match.anyValue() });
  });

  test('an alarm with a generated name is rejected with the reason', () => {
    const { stack, endpoint } = endpointWith();
    const alarm = new cloudwatch.Alarm(stack, 'Generated', { metric: endpoint.metricModelLatency(), threshold: 1, evaluationPeriods: 1 });
    expect(() => endpoint.addRollbackAlarms(alarm))
      .toThrow(/alarms = "Stack\/Generated": needs a fixed alarmName \(e.g. EndpointAlarms with alarmNamePrefix\)/);
  });

  test('an imported alarm (name from its ARN) is accepted', () => {
    const { stack, endpoint, deploymentConfig } = endpointWith();
    endpoint.addRollbackAlarms(cloudwatch.Alarm.fromAlarmArn(stack, 'Imported', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:team-slo'));
    expect(configOf(deploymentConfig())).toMatchObject({ AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'team-slo' }] } });
  });

  test('more than 10 rollback alarms is an error (SageMaker limit)', () => {
    const { stack, endpoint } = endpointWith();
    const alarms = Array.from({ length: 11 }, (_, i) => cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, `arn:aws:cloudwatch:us-east-1:123456789012:alarm:a${i}`));
    expect(() => endpoint.addRollbackAlarms(...alarms)).toThrow(/alarms = "11 alarms": at most 10 rollback alarms/);
  });

  test.each([
    ['canary above 50 %', DeploymentPolicy.canary({ canaryPercent: 60 }), 'deploymentPolicy.canaryPercent = 60: must be an integer from 1 to 50'],
    ['linear step 0', DeploymentPolicy.linear({ stepPercent: 0 }), 'deploymentPolicy.stepPercent = 0: must be an integer from 1 to 50'],
    ['bake over an hour', DeploymentPolicy.allAtOnce({ bakeTime: Duration.hours(2) }), 'deploymentPolicy.bakeTime (seconds) = 7200: must be an integer from 0 to 3600'],
    ['timeout under 10 min', DeploymentPolicy.allAtOnce({ maximumExecutionTimeout: Duration.minutes(5) }), 'deploymentPolicy.maximumExecutionTimeout (seconds) = 300: must be an integer from 600 to 14400'],
  ])('%s is an error naming the prop and the range', (_case, deploymentPolicy, message) => {
    expect(() => endpointWith({ deploymentPolicy })).toThrow(message);
  });
});
