import { Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MlInstanceType } from '../../../constructs/core';
import { EndpointAlarmPreset, EndpointAlarms, EndpointAlarmsProps, IEndpointAlarmKind } from '../../../constructs/monitoring';
import { SageMakerEndpoint } from '../../../constructs/serving';
import { newModel, newStack } from '../../serving/fixtures';

/**
 * An `EndpointAlarms` whose preset is `kind` alone, on a one-variant endpoint of `instanceType`
 * (serverless when undefined): a kind's test sees its own alarm and nothing of the recommended set.
 */
export function alarmOfKind(kind: IEndpointAlarmKind, instanceType: MlInstanceType | undefined, props: Partial<EndpointAlarmsProps> = {}) {
  const stack = newStack();
  const model = newModel(stack, 'Model', instanceType ? {} : { networkIsolation: false });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [instanceType
      ? { variantName: 'AllTraffic', model, instanceType }
      : { variantName: 'AllTraffic', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } }],
  });
  // The variant object, as an app passes it: it carries the instance type (or that it is serverless).
  const alarms = new EndpointAlarms(stack, 'Alarms', { variant: endpoint.findVariant('AllTraffic'), preset: EndpointAlarmPreset.of(kind), ...props });
  const alarm = alarms.findAlarm(kind.alarmId);
  return { stack, alarms, alarm, properties: alarm && propertiesOf(stack, alarm), endpointName: stack.resolve(endpoint.endpointName) };
}

/** The CloudFormation properties of `alarm`. */
export function propertiesOf(stack: Stack, alarm: cloudwatch.Alarm) {
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(alarm.node.defaultChild as never)].Properties;
}
