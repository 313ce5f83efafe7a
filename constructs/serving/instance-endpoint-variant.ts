import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MlInstanceType } from '../core';
import { EndpointVariant } from './endpoint-variant-base';
import type { EndpointAutoScalingOptions, SageMakerEndpointBase } from './sagemaker-endpoint-base';
import type { VariantAutoScaling } from './variant-autoscaling';

/** An instance variant of an imported endpoint (`SageMakerEndpoint.fromEndpointAttributes`). */
export interface InstanceVariantAttributes {
  /** The variant's name. */
  readonly variantName: string;
  /** Its instance type: decides alarm thresholds, GPU widgets and GPU autoscaling. */
  readonly instanceType: MlInstanceType;
  /** The instance count it was created with. @default 1 */
  readonly initialInstanceCount?: number;
}

/**
 * A production variant on instances of one type: its instance type and count, the instance metrics
 * (`/aws/sagemaker/Endpoints`: CPU, memory, disk, GPU) and instance-count autoscaling.
 * Get one with `findInstanceVariant(name)`.
 */
export class InstanceEndpointVariant extends EndpointVariant {
  /** @internal Made by the endpoint, which checks the name and kind. */
  public static _of(endpoint: SageMakerEndpointBase, variantName: string, instanceType: MlInstanceType,
    initialInstanceCount: number): InstanceEndpointVariant {
    return new InstanceEndpointVariant(endpoint, variantName, instanceType, initialInstanceCount);
  }

  /** The instance type. */
  public readonly instanceType: MlInstanceType;
  /** Instances at creation (autoscaling, if any, takes over afterwards). */
  public readonly initialInstanceCount: number;
  private readonly owner: SageMakerEndpointBase;

  private constructor(endpoint: SageMakerEndpointBase, variantName: string, instanceType: MlInstanceType, initialInstanceCount: number) {
    super(endpoint, variantName);
    this.owner = endpoint;
    this.instanceType = instanceType;
    this.initialInstanceCount = initialInstanceCount;
  }

  /** Invocations per instance (sum): the metric invocation-based autoscaling tracks. */
  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricInvocationsPerInstance(this.withVariant(props));
  }

  /** CPU use, 0–100 per vCPU (average). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricCpuUtilization(this.withVariant(props));
  }

  /** Memory use in percent (average). */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricMemoryUtilization(this.withVariant(props));
  }

  /** Disk use in percent (average). */
  public metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricDiskUtilization(this.withVariant(props));
  }

  /** GPU use, 0–100 per GPU (average); nothing is published on types without an NVIDIA GPU. */
  public metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricGpuUtilization(this.withVariant(props));
  }

  /** GPU memory use, 0–100 per GPU (average); nothing is published on types without an NVIDIA GPU. */
  public metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricGpuMemoryUtilization(this.withVariant(props));
  }

  /**
   * Scales this variant's instance count; add policies on the result (`scaleOnInvocationsPerInstance`,
   * `scaleOnGpuUtilization`). The endpoint's `autoScaleInstanceCount(variantName, options)`.
   */
  public autoScaleInstanceCount(options: EndpointAutoScalingOptions): VariantAutoScaling {
    return this.owner.autoScaleInstanceCount(this.variantName, options);
  }
}
