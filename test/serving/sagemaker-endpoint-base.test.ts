import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MlInstanceType } from '../../constructs/core';
import { ISageMakerEndpoint, SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

function created() {
  const stack = newStack();
  const model = newModel(stack);
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Blue', model, instanceType: MlInstanceType.G5_XLARGE },
      { variantName: 'Green', model, instanceType: MlInstanceType.G5_XLARGE, initialWeight: 0 },
    ],
  });
  return { stack, endpoint, endpointName: stack.resolve(endpoint.endpointName) };
}

type MetricMethod = Exclude<{ [K in keyof ISageMakerEndpoint]: K extends `metric${string}` ? K : never }[keyof ISageMakerEndpoint], 'metric'>;

const INVOCATION = 'AWS/SageMaker';
const INSTANCE = '/aws/sagemaker/Endpoints';

describe('SageMakerEndpoint metrics', () => {
  const { stack, endpoint, endpointName } = created();

  test.each<[MetricMethod, string, string, string]>([
    ['metricInvocations', 'Invocations', INVOCATION, 'Sum'],
    ['metricInvocationsPerInstance', 'InvocationsPerInstance', INVOCATION, 'Sum'],
    ['metricInvocation4XXErrors', 'Invocation4XXErrors', INVOCATION, 'Sum'],
    ['metricInvocation5XXErrors', 'Invocation5XXErrors', INVOCATION, 'Sum'],
    ['metricInvocationModelErrors', 'InvocationModelErrors', INVOCATION, 'Sum'],
    ['metricModelLatency', 'ModelLatency', INVOCATION, 'p99'],
    ['metricOverheadLatency', 'OverheadLatency', INVOCATION, 'p99'],
    ['metricModelSetupTime', 'ModelSetupTime', INVOCATION, 'Maximum'],
    ['metricCpuUtilization', 'CPUUtilization', INSTANCE, 'Average'],
    ['metricMemoryUtilization', 'MemoryUtilization', INSTANCE, 'Average'],
    ['metricDiskUtilization', 'DiskUtilization', INSTANCE, 'Average'],
    ['metricGpuUtilization', 'GPUUtilization', INSTANCE, 'Average'],
    ['metricGpuMemoryUtilization', 'GPUMemoryUtilization', INSTANCE, 'Average'],
  ])('%s() is %s in %s (%s per minute) of the first variant', (method, metricName, namespace, statistic) => {
    // WHEN
    const metric = endpoint[method]();
    // THEN
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds()]).toEqual([namespace, metricName, statistic, 60]);
    expect(stack.resolve(metric.dimensions)).toEqual({ EndpointName: endpointName, VariantName: 'Blue' });
  });

  test('variantName and metric options override the defaults', () => {
    const metric = endpoint.metricModelLatency({ variantName: 'Green', statistic: 'p50', period: Duration.minutes(5), label: 'green p50' });
    expect(stack.resolve(metric.dimensions)).toEqual({ EndpointName: endpointName, VariantName: 'Green' });
    expect([metric.statistic, metric.period.toMinutes(), metric.label]).toEqual(['p50', 5, 'green p50']);
  });

  test('metric() reads any metric of a variant', () => {
    const metric = endpoint.metric(INVOCATION, 'ModelLoadingWaitTime', { variantName: 'Green', statistic: cloudwatch.Stats.AVERAGE });
    expect([metric.metricName, metric.namespace, metric.statistic]).toEqual(['ModelLoadingWaitTime', INVOCATION, 'Average']);
    expect(stack.resolve(metric.dimensions).VariantName).toBe('Green');
  });
});

describe('SageMakerEndpoint grants and imports', () => {
  test('grantInvoke allows exactly the invoke actions on this endpoint', () => {
    // GIVEN
    const { stack, endpoint } = created();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN
    endpoint.grantInvoke(caller);
    // THEN
    const policy = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: stack.getLogicalId(caller.node.defaultChild as never) }] } });
    expect(Object.values(policy).map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[{
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'],
      Effect: 'Allow',
      Resource: { Ref: stack.getLogicalId(endpoint.node.defaultChild as never) },
    }]]);
  });

  test('fromEndpointAttributes: ARN from the name, AllTraffic by default, metrics and grants work', () => {
    const stack = newStack();
    const imported = SageMakerEndpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'mnist-prod' });
    expect(imported.endpointName).toBe('mnist-prod');
    expect(imported.variantNames).toEqual(['AllTraffic']);
    expect(stack.resolve(imported.endpointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:endpoint/mnist-prod']],
    });
    expect(imported.metricInvocations().dimensions).toEqual({ EndpointName: 'mnist-prod', VariantName: 'AllTraffic' });

    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.grantInvoke(caller);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'], Effect: 'Allow', Resource: stack.resolve(imported.endpointArn) }] },
    });
  });

  test('fromEndpointAttributes with variant names uses the first for metrics', () => {
    const stack = newStack();
    const imported = SageMakerEndpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'e', variantNames: ['Canary', 'Main'] });
    expect(imported.metricCpuUtilization().dimensions).toEqual({ EndpointName: 'e', VariantName: 'Canary' });
  });
});
