import { Duration, IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ENDPOINT_INVOKE_ACTIONS } from './private/perms';

/** Where SageMaker publishes invocation metrics. */
const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Where SageMaker publishes instance (CPU, memory, disk, GPU) metrics. */
const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** Metric options plus the variant to read. */
export interface EndpointMetricOptions extends cloudwatch.MetricOptions {
  /** The production variant. @default - the endpoint's first variant */
  readonly variantName?: string;
}

/** A SageMaker endpoint, created here or imported. */
export interface ISageMakerEndpoint extends IResource {
  /** The endpoint's name. @attribute */
  readonly endpointName: string;
  /** The endpoint's ARN. @attribute */
  readonly endpointArn: string;
  /** Names of its production variants, in order. */
  readonly variantNames: string[];
  /** Lets `grantee` invoke the endpoint. */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;
  /** Any SageMaker metric of a variant. */
  metric(metricNamespace: string, metricName: string, props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's Invocations metric of a variant (see SageMakerEndpointBase). */
  metricInvocations(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's InvocationsPerInstance metric of a variant (see SageMakerEndpointBase). */
  metricInvocationsPerInstance(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's Invocation4XXErrors metric of a variant (see SageMakerEndpointBase). */
  metricInvocation4XXErrors(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's Invocation5XXErrors metric of a variant (see SageMakerEndpointBase). */
  metricInvocation5XXErrors(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's InvocationModelErrors metric of a variant (see SageMakerEndpointBase). */
  metricInvocationModelErrors(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's ModelLatency metric of a variant (see SageMakerEndpointBase). */
  metricModelLatency(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's OverheadLatency metric of a variant (see SageMakerEndpointBase). */
  metricOverheadLatency(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's ModelSetupTime metric of a variant (see SageMakerEndpointBase). */
  metricModelSetupTime(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's CpuUtilization metric of a variant (see SageMakerEndpointBase). */
  metricCpuUtilization(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's MemoryUtilization metric of a variant (see SageMakerEndpointBase). */
  metricMemoryUtilization(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's DiskUtilization metric of a variant (see SageMakerEndpointBase). */
  metricDiskUtilization(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's GpuUtilization metric of a variant (see SageMakerEndpointBase). */
  metricGpuUtilization(props?: EndpointMetricOptions): cloudwatch.Metric;
  /** SageMaker's GpuMemoryUtilization metric of a variant (see SageMakerEndpointBase). */
  metricGpuMemoryUtilization(props?: EndpointMetricOptions): cloudwatch.Metric;
}


/**
 * Everything an endpoint offers once its name is known: grants and one `metricXxx()` per SageMaker
 * endpoint metric. Shared by created and imported endpoints.
 */
export abstract class SageMakerEndpointBase extends Resource implements ISageMakerEndpoint {
  public abstract readonly endpointName: string;
  public abstract readonly endpointArn: string;
  public abstract readonly variantNames: string[];

  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ENDPOINT_INVOKE_ACTIONS, resourceArns: [this.endpointArn] });
  }

  public metric(metricNamespace: string, metricName: string, props: EndpointMetricOptions = {}): cloudwatch.Metric {
    const { variantName, ...options } = props;
    return new cloudwatch.Metric({
      namespace: metricNamespace,
      metricName,
      dimensionsMap: { EndpointName: this.endpointName, VariantName: variantName ?? this.variantNames[0] },
      period: Duration.minutes(1),
      ...options,
    });
  }

  /** Requests sent to the variant (sum). */
  public metricInvocations(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'Invocations', { statistic: cloudwatch.Stats.SUM, ...props });
  }
  /** Invocations per instance (sum) — the metric invocation-based autoscaling tracks. */
  public metricInvocationsPerInstance(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'InvocationsPerInstance', { statistic: cloudwatch.Stats.SUM, ...props });
  }
  /** Requests that got a 4XX (sum). */
  public metricInvocation4XXErrors(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'Invocation4XXErrors', { statistic: cloudwatch.Stats.SUM, ...props });
  }
  /** Requests that got a 5XX (sum). */
  public metricInvocation5XXErrors(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'Invocation5XXErrors', { statistic: cloudwatch.Stats.SUM, ...props });
  }
  /** Requests where the model container returned an error (sum). */
  public metricInvocationModelErrors(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'InvocationModelErrors', { statistic: cloudwatch.Stats.SUM, ...props });
  }
  /** Time the model took to respond, in microseconds (p99 by default). */
  public metricModelLatency(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'ModelLatency', { statistic: cloudwatch.Stats.percentile(99), ...props });
  }
  /** Time SageMaker added on top of the model, in microseconds (p99 by default). */
  public metricOverheadLatency(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'OverheadLatency', { statistic: cloudwatch.Stats.percentile(99), ...props });
  }
  /** Serverless cold-start time, in microseconds (max). */
  public metricModelSetupTime(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'ModelSetupTime', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }
  /** CPU use, 0–100 per vCPU (so up to 400 on 4 vCPUs) (average). */
  public metricCpuUtilization(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INSTANCE_NAMESPACE, 'CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
  /** Memory use in percent (average). */
  public metricMemoryUtilization(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INSTANCE_NAMESPACE, 'MemoryUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
  /** Disk use in percent (average). */
  public metricDiskUtilization(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INSTANCE_NAMESPACE, 'DiskUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
  /** GPU use, 0–100 per GPU (average). */
  public metricGpuUtilization(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INSTANCE_NAMESPACE, 'GPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
  /** GPU memory use, 0–100 per GPU (average). */
  public metricGpuMemoryUtilization(props?: EndpointMetricOptions): cloudwatch.Metric {
    return this.metric(INSTANCE_NAMESPACE, 'GPUMemoryUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
}
