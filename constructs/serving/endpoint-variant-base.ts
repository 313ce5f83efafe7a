import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { EndpointMetricOptions, ISageMakerEndpoint } from './sagemaker-endpoint-base';

/**
 * One production variant of an endpoint, as an object: its name, its endpoint and the metrics every
 * kind of variant publishes. The kinds add what only they have: `InstanceEndpointVariant` (instance
 * type, instance metrics, autoscaling) and `ServerlessEndpointVariant` (memory, concurrency, serverless
 * metrics).
 */
export interface IEndpointVariant {
  /** The variant's name in its endpoint. */
  readonly variantName: string;
  /** The endpoint the variant belongs to. */
  readonly endpoint: ISageMakerEndpoint;
  /**
   * Any metric of this variant (dimensions `EndpointName` and `VariantName`), arguments in
   * aws-sagemaker-alpha's order. @default - 1-minute period
   */
  metric(metricNamespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests sent to this variant (sum). */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests that got a 4XX (sum). */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests that got a 5XX (sum). */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests where the model container returned an error (sum). */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** This variant's model latency in microseconds (p99 by default). */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time SageMaker added on top of the model, in microseconds (p99 by default). */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * What every kind of production variant shares; get one with `findVariant`, `findInstanceVariant` or
 * `findServerlessVariant` of an endpoint. Metrics delegate to the endpoint's `metricXxx` methods, so
 * each metric's namespace and statistic are stated in one place.
 */
export abstract class EndpointVariant implements IEndpointVariant {
  public readonly variantName: string;
  public readonly endpoint: ISageMakerEndpoint;

  protected constructor(endpoint: ISageMakerEndpoint, variantName: string) {
    this.endpoint = endpoint;
    this.variantName = variantName;
  }

  public metric(metricNamespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metric(metricNamespace, metricName, this.withVariant(props));
  }

  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricInvocations(this.withVariant(props));
  }

  public metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricInvocation4XXErrors(this.withVariant(props));
  }

  public metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricInvocation5XXErrors(this.withVariant(props));
  }

  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricInvocationModelErrors(this.withVariant(props));
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricModelLatency(this.withVariant(props));
  }

  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricOverheadLatency(this.withVariant(props));
  }

  /** The options with this variant's name (it wins over a `variantName` passed in the options). */
  protected withVariant(props: cloudwatch.MetricOptions = {}): EndpointMetricOptions {
    return { ...props, variantName: this.variantName };
  }
}
