import { Duration, Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MlInstanceType } from '../../constructs/core';
import { EndpointVariantProps, SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

function endpointWith(...variants: Omit<EndpointVariantProps, 'model'>[]) {
  const stack = newStack();
  const model = newModel(stack, 'Model', variants.some((v) => v.serverless) ? { networkIsolation: false } : {});
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: variants.map((v) => ({ model, ...v })) });
  const endpointId = stack.getLogicalId(endpoint.node.defaultChild as never);
  return { stack, endpoint, endpointId, template: () => Template.fromStack(stack) };
}

const policies = (t: Template) => Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map((p) => p.Properties);

describe('SageMakerEndpoint.autoScaleInstanceCount', () => {
  test('the scalable target is the variant instance count, endpoint/<name>/variant/<variant>', () => {
    // GIVEN
    const { endpoint, endpointId, template } = endpointWith({ variantName: 'Blue', instanceType: MlInstanceType.M5_LARGE });
    // WHEN
    endpoint.autoScaleInstanceCount('Blue', { minCapacity: 2, maxCapacity: 6 });
    // THEN
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      ResourceId: { 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': [endpointId, 'EndpointName'] }, '/variant/Blue']] },
      MinCapacity: 2,
      MaxCapacity: 6,
    });
  });

  test('minCapacity defaults to 1', () => {
    const { endpoint, template } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    endpoint.autoScaleInstanceCount('A', { maxCapacity: 3 });
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 3 });
  });

  test('invocations per instance: target tracking on SageMakerVariantInvocationsPerInstance with the default cooldowns', () => {
    const { endpoint, template } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    endpoint.autoScaleInstanceCount('A', { maxCapacity: 4 }).scaleOnInvocationsPerInstance('Rps', { invocationsPerInstance: 300 });
    expect(policies(template())).toEqual([expect.objectContaining({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 300,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
      },
    })]);
  });

  test.each([
    [MlInstanceType.G5_XLARGE, 70, 70],
    [MlInstanceType.G5_12XLARGE, 70, 280],
    [MlInstanceType.P4D_24XLARGE, 50, 400],
  ])('GPU utilisation on %s at %i%% per GPU tracks a summed target of %i', (instanceType, percent, target) => {
    const { endpoint, endpointId, template } = endpointWith({ variantName: 'Gpu', instanceType });
    endpoint.autoScaleInstanceCount('Gpu', { maxCapacity: 4 })
      .scaleOnGpuUtilization('GpuUtil', { targetUtilizationPercent: percent, scaleInCooldown: Duration.minutes(10) });
    expect(policies(template())[0].TargetTrackingScalingPolicyConfiguration).toEqual({
      CustomizedMetricSpecification: {
        Namespace: '/aws/sagemaker/Endpoints',
        MetricName: 'GPUUtilization',
        Statistic: 'Average',
        Dimensions: [
          { Name: 'EndpointName', Value: { 'Fn::GetAtt': [endpointId, 'EndpointName'] } },
          { Name: 'VariantName', Value: 'Gpu' },
        ],
      },
      TargetValue: target,
      ScaleInCooldown: 600,
      ScaleOutCooldown: 60,
    });
  });

  test('both policies can share one scalable target', () => {
    const { endpoint, template } = endpointWith({ variantName: 'Gpu', instanceType: MlInstanceType.G5_2XLARGE });
    const scaling = endpoint.autoScaleInstanceCount('Gpu', { maxCapacity: 4 });
    scaling.scaleOnInvocationsPerInstance('Rps', { invocationsPerInstance: 100 });
    scaling.scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: 60 });
    const t = template();
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });
});

describe('autoscaling bad input', () => {
  test('GPU scaling on a CPU type is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'Cpu', instanceType: MlInstanceType.C5_XLARGE });
    const scaling = endpoint.autoScaleInstanceCount('Cpu', { maxCapacity: 2 });
    expect(() => scaling.scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: 70 }))
      .toThrow("VariantAutoScaling.scaleOnGpuUtilization at 'Stack/Endpoint/Scaling-Cpu': invalid prop\n"
        + '  - instanceType = "ml.c5.xlarge": GPU scaling needs an NVIDIA GPU instance type (e.g. ml.g5.xlarge)');
  });

  test('GPU scaling on a Neuron type is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'Inf', instanceType: MlInstanceType.INF2_XLARGE });
    expect(() => endpoint.autoScaleInstanceCount('Inf', { maxCapacity: 2 }).scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: 70 }))
      .toThrow(/instanceType = "ml.inf2.xlarge": GPU scaling needs an NVIDIA GPU/);
  });

  test.each([0, 101])('a GPU target of %i%% is an error', (percent) => {
    const { endpoint } = endpointWith({ variantName: 'G', instanceType: MlInstanceType.G5_XLARGE });
    expect(() => endpoint.autoScaleInstanceCount('G', { maxCapacity: 2 }).scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: percent }))
      .toThrow(`targetUtilizationPercent = ${percent}: must be a number from 1 to 100`);
  });

  test('an invocations target of 0 is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    expect(() => endpoint.autoScaleInstanceCount('A', { maxCapacity: 2 }).scaleOnInvocationsPerInstance('Rps', { invocationsPerInstance: 0 }))
      .toThrow('invocationsPerInstance = 0: must be a number from 1 to 1000000');
  });

  test('autoscaling a serverless variant is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'S', serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5 } });
    expect(() => endpoint.autoScaleInstanceCount('S', { maxCapacity: 2 }))
      .toThrow("SageMakerEndpoint.autoScaleInstanceCount at 'Stack/Endpoint': invalid prop\n"
        + '  - variantName = "S": is a serverless variant: it scales by concurrency, not instance count');
  });

  test('an unknown variant is an error listing the variants', () => {
    const { endpoint } = endpointWith({ variantName: 'Blue', instanceType: MlInstanceType.M5_LARGE }, { variantName: 'Green', instanceType: MlInstanceType.M5_LARGE });
    expect(() => endpoint.autoScaleInstanceCount('Red', { maxCapacity: 2 }))
      .toThrow('variantName = "Red": must be one of this endpoint\'s variants: Blue, Green');
  });

  test('autoscaling a variant twice is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    endpoint.autoScaleInstanceCount('A', { maxCapacity: 2 });
    expect(() => endpoint.autoScaleInstanceCount('A', { maxCapacity: 3 })).toThrow(/variantName = "A": already has autoscaling/);
  });

  test('minCapacity above maxCapacity is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    expect(() => endpoint.autoScaleInstanceCount('A', { minCapacity: 5, maxCapacity: 2 }))
      .toThrow("VariantAutoScaling at 'Stack/Endpoint/Scaling-A': invalid prop\n  - maxCapacity = 2: must be ≥ minCapacity (5)");
  });

  test('minCapacity 0 is an error', () => {
    const { endpoint } = endpointWith({ variantName: 'A', instanceType: MlInstanceType.M5_LARGE });
    expect(() => endpoint.autoScaleInstanceCount('A', { minCapacity: 0, maxCapacity: 2 })).toThrow('minCapacity = 0: must be an integer from 1 to 1000');
  });
});

describe('endpoint updates with autoscaling', () => {
  test('GIVEN an autoscaled variant THEN a new endpoint configuration keeps the scaled instance count but not the weights', () => {
    // GIVEN a fixed-size endpoint (the control) and an autoscaled one
    endpointWith({ variantName: 'AllTraffic', instanceType: MlInstanceType.M5_LARGE }).template()
      .hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: Match.absent() });
    const { endpoint, template } = endpointWith({ variantName: 'AllTraffic', instanceType: MlInstanceType.M5_LARGE });
    endpoint.autoScaleInstanceCount('AllTraffic', { maxCapacity: 3 });
    template().hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }],
    });
  });

  test('the scalable target uses the service-linked role and the stack creates no IAM role for it', () => {
    const { endpoint, template } = endpointWith({ variantName: 'AllTraffic', instanceType: MlInstanceType.M5_LARGE });
    endpoint.autoScaleInstanceCount('AllTraffic', { maxCapacity: 3 });
    template().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      RoleARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']] },
    });
    expect(Object.keys(template().findResources('AWS::IAM::Role')).filter((id) => id.includes('Scaling'))).toEqual([]);
  });
});
