import { Duration, IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PropsCheck } from '../core';
import { checkPresent } from '../core/private/prop-checks';
import { EndpointVariant } from './endpoint-variant-base';
import { InstanceEndpointVariant } from './instance-endpoint-variant';
import { INSTANCE_NAMESPACE, INVOCATION_NAMESPACE } from './private/metric-namespaces';
import { ENDPOINT_INVOKE_ACTIONS } from './private/perms';
import { ServerlessEndpointVariant } from './serverless-endpoint-variant';
import { VariantAutoScaling } from './variant-autoscaling';

/** Metric options plus the variant to read. */
export interface EndpointMetricOptions extends cloudwatch.MetricOptions {
  /** The production variant. @default - the endpoint's first variant */
  readonly variantName?: string;
}

/** Options of {@link SageMakerEndpointBase.autoScaleInstanceCount}. */
export interface EndpointAutoScalingOptions {
  /** Fewest instances (≥ 1). @default 1 */
  readonly minCapacity?: number;
  /** Most instances (≥ minCapacity). */
  readonly maxCapacity: number;
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
  /** The variant `variantName`, of either kind (an error when the endpoint has none of that name). */
  findVariant(variantName: string): EndpointVariant;
  /** The instance variant `variantName` (an error when it is unknown or serverless). */
  findInstanceVariant(variantName: string): InstanceEndpointVariant;
  /** The serverless variant `variantName` (an error when it is unknown or on instances). */
  findServerlessVariant(variantName: string): ServerlessEndpointVariant;
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
 * Everything an endpoint offers once its name is known: grants, one `metricXxx()` per SageMaker
 * endpoint metric, its variants as typed objects (where their kinds are known) and instance-count
 * autoscaling. Shared by created and imported endpoints.
 */
export abstract class SageMakerEndpointBase extends Resource implements ISageMakerEndpoint {
  public abstract readonly endpointName: string;
  public abstract readonly endpointArn: string;
  public abstract readonly variantNames: string[];
  private readonly scalings = new Map<string, VariantAutoScaling>();

  /**
   * The variant `variantName` as an object: its name, endpoint and common metrics; test its kind with
   * `instanceof`, or ask for the kind you need with `findInstanceVariant` / `findServerlessVariant`.
   */
  public findVariant(variantName: string): EndpointVariant {
    return this.lookUpVariant('findVariant', variantName, undefined);
  }

  /**
   * The instance variant `variantName`: its instance type, instance metrics and autoscaling. Pass it to
   * `EndpointAlarms` / `EndpointDashboard` instead of the instance type.
   */
  public findInstanceVariant(variantName: string): InstanceEndpointVariant {
    return this.lookUpVariant('findInstanceVariant', variantName, VariantKind.INSTANCE) as InstanceEndpointVariant;
  }

  /** The serverless variant `variantName`: its memory, concurrency and serverless metrics. */
  public findServerlessVariant(variantName: string): ServerlessEndpointVariant {
    return this.lookUpVariant('findServerlessVariant', variantName, VariantKind.SERVERLESS) as ServerlessEndpointVariant;
  }

  /**
   * Scales an instance variant's instance count; add policies on the result
   * (`scaleOnInvocationsPerInstance`, `scaleOnGpuUtilization`). Also `findInstanceVariant(name).autoScaleInstanceCount(options)`.
   */
  public autoScaleInstanceCount(variantName: string, options: EndpointAutoScalingOptions): VariantAutoScaling {
    const check = new PropsCheck(this, 'SageMakerEndpoint.autoScaleInstanceCount');
    const variant = this.describeLookUp(check, variantName, VariantKind.INSTANCE, 'it scales by concurrency, not instance count');
    if (variant && this.scalings.has(variantName)) {
      check.fail('variantName', variantName, 'already has autoscaling: add more policies to the object the first call returned');
    }
    checkPresent(check, 'options', options, 'is required: { maxCapacity, minCapacity? }');
    check.throwIfInvalid();
    const scaling = new VariantAutoScaling(this, `Scaling-${variantName}`, {
      endpointName: this.endpointName,
      variantName,
      instanceType: (variant as InstanceEndpointVariant).instanceType,
      minCapacity: options.minCapacity ?? 1,
      maxCapacity: options.maxCapacity,
    });
    this.scalings.set(variantName, scaling);
    return scaling;
  }

  /**
   * @internal The variants whose kind is known, in order: every variant of a created endpoint; those an
   * import declared with `instanceVariants` / `serverlessVariants`.
   */
  protected _variantObjects(): EndpointVariant[] {
    return [];
  }

  private lookUpVariant(method: string, variantName: string, kind: VariantKind | undefined): EndpointVariant {
    const check = new PropsCheck(this, `SageMakerEndpoint.${method}`);
    const variant = this.describeLookUp(check, variantName, kind,
      `use ${kind === VariantKind.INSTANCE ? 'findServerlessVariant' : 'findInstanceVariant'}`);
    check.throwIfInvalid();
    return variant!;
  }

  /** The variant of that name and kind, or undefined with the problem recorded in `check`. */
  private describeLookUp(check: PropsCheck, variantName: string, kind: VariantKind | undefined, otherKindHint: string): EndpointVariant | undefined {
    const known = this._variantObjects();
    const variant = known.find((v) => v.variantName === variantName);
    const names = (k: VariantKind) => known.filter((v) => kindOf(v) === k).map((v) => v.variantName);
    const undeclared = this.variantNames.filter((n) => !known.some((v) => v.variantName === n));
    if (!variant) {
      if (undeclared.includes(variantName)) {
        check.fail('variantName', variantName, 'is a variant whose kind the import does not declare: list it in instanceVariants or serverlessVariants of SageMakerEndpoint.fromEndpointAttributes');
      } else {
        const parts = [[VariantKind.INSTANCE, names(VariantKind.INSTANCE)], [VariantKind.SERVERLESS, names(VariantKind.SERVERLESS)], ['kind not declared', undeclared]] as const;
        const listed = parts.filter(([, n]) => n.length > 0).map(([k, n]) => `${n.join(', ')} (${k})`).join('; ');
        check.fail('variantName', variantName, `must be one of this endpoint's variants: ${listed || 'none'}`);
      }
      return undefined;
    }
    if (kind !== undefined && kindOf(variant) !== kind) {
      check.fail('variantName', variantName, `is ${kindOf(variant) === VariantKind.INSTANCE ? 'an instance' : 'a serverless'} variant: ${otherKindHint} (${kind} variants: ${names(kind).join(', ') || 'none'})`);
      return undefined;
    }
    return variant;
  }

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

/** The two kinds of production variant, as the error messages name them. */
enum VariantKind {
  INSTANCE = 'instance',
  SERVERLESS = 'serverless',
}

function kindOf(variant: EndpointVariant): VariantKind | undefined {
  if (variant instanceof InstanceEndpointVariant) return VariantKind.INSTANCE;
  return variant instanceof ServerlessEndpointVariant ? VariantKind.SERVERLESS : undefined;
}
