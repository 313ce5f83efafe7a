import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MlInstanceType, PropsCheck } from '../core';
import type { EndpointAutoScalingOptions, SageMakerEndpoint } from './sagemaker-endpoint';
import { EndpointMetricOptions, ISageMakerEndpoint } from './sagemaker-endpoint-base';
import { VariantAutoScaling } from './variant-autoscaling';

/** Where SageMaker publishes invocation metrics (same namespace as `SageMakerEndpointBase`). */
const INVOCATION_NAMESPACE = 'AWS/SageMaker';

/**
 * One production variant of an endpoint, as an object: it knows its instance type (or that it is
 * serverless), its metrics and its autoscaling, so alarms and dashboards need nothing else.
 */
export interface IEndpointVariant {
  /** The variant's name in its endpoint. */
  readonly variantName: string;
  /** The endpoint the variant belongs to. */
  readonly endpoint: ISageMakerEndpoint;
  /** The instance type. @default - undefined for a serverless variant */
  readonly instanceType?: MlInstanceType;
  /** Whether the variant is serverless (no instances, scales by concurrency). */
  readonly isServerless: boolean;
  /** Any metric of this variant (dimensions EndpointName and VariantName). @default namespace AWS/SageMaker */
  metric(metricName: string, props?: cloudwatch.MetricOptions, metricNamespace?: string): cloudwatch.Metric;
  /** Requests sent to this variant (sum). */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** This variant's model latency in microseconds (p99 by default). */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Scales this variant's instance count (an error for a serverless variant). */
  autoScaleInstanceCount(options: EndpointAutoScalingOptions): VariantAutoScaling;
}

/**
 * A production variant of a {@link SageMakerEndpoint}; get one with `SageMakerEndpoint.findVariant`.
 * Metrics and autoscaling delegate to the endpoint, so there is one place for each.
 */
export class EndpointVariant implements IEndpointVariant {
  /** @internal Made by `SageMakerEndpoint.findVariant`, which checks the name. */
  public static _of(endpoint: SageMakerEndpoint, variantName: string, instanceType: MlInstanceType | undefined): EndpointVariant {
    return new EndpointVariant(endpoint, variantName, instanceType);
  }

  public readonly variantName: string;
  public readonly instanceType?: MlInstanceType;
  public readonly isServerless: boolean;
  private readonly owner: SageMakerEndpoint;

  private constructor(endpoint: SageMakerEndpoint, variantName: string, instanceType: MlInstanceType | undefined) {
    this.owner = endpoint;
    this.variantName = variantName;
    this.instanceType = instanceType;
    this.isServerless = instanceType === undefined;
  }

  public get endpoint(): ISageMakerEndpoint {
    return this.owner;
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions, metricNamespace?: string): cloudwatch.Metric {
    return this.owner.metric(metricNamespace ?? INVOCATION_NAMESPACE, metricName, this.options(props));
  }

  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.owner.metricInvocations(this.options(props));
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.owner.metricModelLatency(this.options(props));
  }

  public autoScaleInstanceCount(options: EndpointAutoScalingOptions): VariantAutoScaling {
    if (this.isServerless) {
      const check = new PropsCheck(this.owner, 'EndpointVariant.autoScaleInstanceCount');
      check.fail('variantName', this.variantName, 'is a serverless variant: it scales by concurrency, not instance count');
      check.throwIfInvalid();
    }
    return this.owner.autoScaleInstanceCount(this.variantName, options);
  }

  private options(props: cloudwatch.MetricOptions = {}): EndpointMetricOptions {
    return { ...props, variantName: this.variantName };
  }
}
