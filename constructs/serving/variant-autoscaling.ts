import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { isUnresolved, MlInstanceType, PropsCheck } from '../core';
import { checkLiteral } from '../core/private/prop-checks';

/** Target-tracking on invocations per instance. */
export interface InvocationsScalingProps {
  /** Invocations per instance per minute to hold (SageMaker's `SageMakerVariantInvocationsPerInstance`). */
  readonly invocationsPerInstance: number;
  /** Wait after a scale-in before another. @default Duration.minutes(5) */
  readonly scaleInCooldown?: Duration;
  /** Wait after a scale-out before another. @default Duration.minutes(1) */
  readonly scaleOutCooldown?: Duration;
}

/** Target-tracking on GPU utilisation. */
export interface GpuUtilizationScalingProps {
  /**
   * Average utilisation per GPU to hold, in percent (1–100). SageMaker reports `GPUUtilization` as
   * the sum over an instance's GPUs (0–100 × GPUs); the construct scales the target to match.
   */
  readonly targetUtilizationPercent: number;
  /** Wait after a scale-in before another. @default Duration.minutes(5) */
  readonly scaleInCooldown?: Duration;
  /** Wait after a scale-out before another. @default Duration.minutes(1) */
  readonly scaleOutCooldown?: Duration;
}

/** Properties of {@link VariantAutoScaling}; made by `SageMakerEndpoint.autoScaleInstanceCount`. */
export interface VariantAutoScalingProps {
  /** The endpoint's name. */
  readonly endpointName: string;
  /** The variant's name. */
  readonly variantName: string;
  /** The variant's instance type (decides whether GPU scaling is possible). */
  readonly instanceType: MlInstanceType;
  /** Fewest instances (≥ 1). */
  readonly minCapacity: number;
  /** Most instances (≥ minCapacity). */
  readonly maxCapacity: number;
}

/**
 * The instance count of one endpoint variant as an Application Auto Scaling target, with
 * target-tracking policies for invocations and GPU utilisation.
 */
export class VariantAutoScaling extends Construct {
  /** The scalable target. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  private readonly props: VariantAutoScalingProps;

  constructor(scope: Construct, id: string, props: VariantAutoScalingProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'VariantAutoScaling');
    check.integerInRange('minCapacity', props.minCapacity, 1, 1000);
    check.integerInRange('maxCapacity', props.maxCapacity, 1, 1000);
    // Compared only when both are literals: a token number (a CfnParameter) compares as a garbage literal.
    // Application Auto Scaling checks min ≤ max itself at deploy time.
    if (!isUnresolved(props.minCapacity) && !isUnresolved(props.maxCapacity)) {
      check.require(props.maxCapacity >= props.minCapacity, 'maxCapacity', props.maxCapacity, `must be ≥ minCapacity (${props.minCapacity})`);
    }
    check.throwIfInvalid();
    this.props = props;

    this.scalableTarget = new appscaling.ScalableTarget(this, 'Resource', {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${props.endpointName}/variant/${props.variantName}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      // Application Auto Scaling acts through its service-linked role for SageMaker (created by AWS on
      // first use); a stack-made role would sit unused.
      role: iam.Role.fromRoleArn(this, 'ServiceLinkedRole', Stack.of(this).formatArn({
        service: 'iam', region: '', resource: 'role',
        resourceName: 'aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      }), { mutable: false }),
    });
  }

  /** Holds invocations per instance near a target. */
  public scaleOnInvocationsPerInstance(id: string, props: InvocationsScalingProps): appscaling.TargetTrackingScalingPolicy {
    const check = new PropsCheck(this, 'VariantAutoScaling.scaleOnInvocationsPerInstance');
    check.numberInRange('invocationsPerInstance', props.invocationsPerInstance, 1, 1_000_000);
    check.throwIfInvalid();
    return this.scalableTarget.scaleToTrackMetric(id, {
      targetValue: props.invocationsPerInstance,
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
      scaleInCooldown: props.scaleInCooldown ?? Duration.minutes(5),
      scaleOutCooldown: props.scaleOutCooldown ?? Duration.minutes(1),
    });
  }

  /** Holds GPU utilisation (per GPU) near a target. Only for GPU instance types. */
  public scaleOnGpuUtilization(id: string, props: GpuUtilizationScalingProps): appscaling.TargetTrackingScalingPolicy {
    const type = this.props.instanceType;
    const check = new PropsCheck(this, 'VariantAutoScaling.scaleOnGpuUtilization');
    check.require(type.isGpu, 'instanceType', type.name, 'GPU scaling needs an NVIDIA GPU instance type (e.g. ml.g5.xlarge)');
    check.numberInRange('targetUtilizationPercent', props.targetUtilizationPercent, 1, 100);
    checkLiteral(check, 'targetUtilizationPercent', props.targetUtilizationPercent,
      `it is multiplied by the instance type's GPU count (${type.acceleratorCount}) at synth time, because SageMaker reports GPUUtilization summed over an instance's GPUs`);
    check.throwIfInvalid();
    return this.scalableTarget.scaleToTrackMetric(id, {
      targetValue: props.targetUtilizationPercent * type.acceleratorCount,
      customMetric: new cloudwatch.Metric({
        namespace: '/aws/sagemaker/Endpoints',
        metricName: 'GPUUtilization',
        dimensionsMap: { EndpointName: this.props.endpointName, VariantName: this.props.variantName },
        statistic: cloudwatch.Stats.AVERAGE,
        period: Duration.minutes(1),
      }),
      scaleInCooldown: props.scaleInCooldown ?? Duration.minutes(5),
      scaleOutCooldown: props.scaleOutCooldown ?? Duration.minutes(1),
    });
  }
}
