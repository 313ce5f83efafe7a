import { Token } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { EndpointVariantProps } from '../endpoint-variant';

/**
 * The one rendering of a production variant (defaults applied here): `SageMakerEndpoint` puts it in its
 * `AWS::SageMaker::EndpointConfig`, and the training pipeline's deploy step sends the same values to
 * `CreateEndpointConfig` (see `endpointConfigRequest`).
 */
export function renderProductionVariant(v: EndpointVariantProps): sagemaker.CfnEndpointConfig.ProductionVariantProperty {
  return {
    variantName: v.variantName,
    modelName: v.model.modelName,
    initialVariantWeight: v.initialWeight ?? 1,
    ...(v.serverless ? {
      serverlessConfig: {
        memorySizeInMb: v.serverless.memorySize.toMebibytes(),
        maxConcurrency: v.serverless.maxConcurrency,
        provisionedConcurrency: v.serverless.provisionedConcurrency,
      },
    } : {
      instanceType: v.instanceType!.name,
      initialInstanceCount: v.initialInstanceCount ?? 1,
      modelDataDownloadTimeoutInSeconds: v.modelDataDownloadTimeoutSeconds,
      containerStartupHealthCheckTimeoutInSeconds: v.containerStartupHealthCheckTimeoutSeconds,
    }),
  };
}

/** The parts of a `CreateEndpointConfig` request an endpoint configuration fixes. */
export interface EndpointConfigRequest {
  readonly ProductionVariants: Array<{ [key: string]: unknown }>;
  readonly DataCaptureConfig?: { [key: string]: unknown };
  readonly KmsKeyId?: string;
}

/**
 * `cfn`'s production variants, data capture and KMS key in `CreateEndpointConfig`'s form, tokens kept
 * (they land in a state machine definition). CloudFormation's property names for an endpoint
 * configuration are the API's, so the L1's own renderer spells them (`MemorySizeInMB`, not a second
 * hand-written list); keys keep the order they were rendered in, so the definition text is stable, and
 * undefined values are dropped (Step Functions parameters must not hold them).
 */
export function endpointConfigRequest(cfn: sagemaker.CfnEndpointConfig): EndpointConfigRequest {
  const source = { productionVariants: cfn.productionVariants, dataCaptureConfig: cfn.dataCaptureConfig, kmsKeyId: cfn.kmsKeyId };
  // renderProperties is the protected CfnResource hook every L1 implements with its generated converter.
  const l1 = cfn as unknown as { renderProperties(props: { [key: string]: unknown }): { [key: string]: unknown } };
  return inSourceOrder(source, l1.renderProperties(source)) as unknown as EndpointConfigRequest;
}

/**
 * `rendered` (CloudFormation names) with its keys in `source`'s order (the L1's camelCase names, which
 * differ from CloudFormation's only in letter case), without undefined values.
 */
function inSourceOrder(source: unknown, rendered: unknown): unknown {
  if (Array.isArray(source) && Array.isArray(rendered)) return rendered.map((r, i) => inSourceOrder(source[i], r));
  if (!isPlainObject(source) || !isPlainObject(rendered)) return rendered;
  const byLowerCase = new Map(Object.keys(rendered).map((k) => [k.toLowerCase(), k]));
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(source)) {
    const name = byLowerCase.get(key.toLowerCase());
    if (name !== undefined && rendered[name] !== undefined) out[name] = inSourceOrder(source[key], rendered[name]);
  }
  return out;
}

function isPlainObject(x: unknown): x is { [key: string]: unknown } {
  return x !== null && typeof x === 'object' && !Token.isUnresolved(x) && Object.getPrototypeOf(x) === Object.prototype;
}
