import { Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EndpointVariant } from './endpoint-variant-base';
import { INVOCATION_NAMESPACE } from './private/metric-namespaces';
import type { ISageMakerEndpoint } from './sagemaker-endpoint-base';

/** A serverless variant of an imported endpoint (`SageMakerEndpoint.fromEndpointAttributes`). */
export interface ServerlessVariantAttributes {
  /** The variant's name. */
  readonly variantName: string;
  /** Memory of each serverless worker. */
  readonly memorySize: Size;
  /** Concurrent invocations the variant serves. */
  readonly maxConcurrency: number;
  /** Pre-warmed concurrency. @default - none */
  readonly provisionedConcurrency?: number;
}

/**
 * A serverless production variant: its memory and concurrency and the serverless metrics. It has no
 * instances, so no instance metrics and no instance-count autoscaling (SageMaker scales it by
 * concurrency). Get one with `findServerlessVariant(name)`.
 */
export class ServerlessEndpointVariant extends EndpointVariant {
  /** @internal Made by the endpoint, which checks the name and kind. */
  public static _of(endpoint: ISageMakerEndpoint, variantName: string, memorySize: Size, maxConcurrency: number,
    provisionedConcurrency: number | undefined): ServerlessEndpointVariant {
    return new ServerlessEndpointVariant(endpoint, variantName, memorySize, maxConcurrency, provisionedConcurrency);
  }

  /** Memory of each serverless worker. */
  public readonly memorySize: Size;
  /** Concurrent invocations the variant serves. */
  public readonly maxConcurrency: number;
  /** Pre-warmed concurrency. @default - none */
  public readonly provisionedConcurrency?: number;

  private constructor(endpoint: ISageMakerEndpoint, variantName: string, memorySize: Size, maxConcurrency: number,
    provisionedConcurrency: number | undefined) {
    super(endpoint, variantName);
    this.memorySize = memorySize;
    this.maxConcurrency = maxConcurrency;
    this.provisionedConcurrency = provisionedConcurrency;
  }

  /** Memory use of the workers in percent (average). */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricMemoryUtilization(this.withVariant(props));
  }

  /** Cold-start time of a new worker, in microseconds (max). */
  public metricModelSetupTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricModelSetupTime(this.withVariant(props));
  }

  /** Concurrent executions divided by `maxConcurrency`, 0–1 (average): near 1, requests get throttled. */
  public metricConcurrentExecutionsUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'ServerlessConcurrentExecutionsUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Provisioned concurrency in use divided by the provisioned concurrency, 0–1 (average). */
  public metricProvisionedConcurrencyUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencyUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Requests beyond the provisioned concurrency, served on demand with a possible cold start (sum). */
  public metricProvisionedConcurrencySpilloverInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencySpilloverInvocations', { statistic: cloudwatch.Stats.SUM, ...props });
  }
}
