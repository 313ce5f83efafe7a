import { Size } from 'aws-cdk-lib';
import { MlInstanceType } from '../../constructs/core';
import { SageMakerEndpoint } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

/** An endpoint with an instance variant 'Gpu' (ml.g5.xlarge, 2 instances) and a serverless variant 'Lite'. */
export function twoKinds() {
  const stack = newStack();
  // Serverless variants need a model without network isolation; one model serves both here.
  const model = newModel(stack, 'Model', { networkIsolation: false });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Gpu', model, instanceType: MlInstanceType.G5_XLARGE, initialInstanceCount: 2 },
      { variantName: 'Lite', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 5, provisionedConcurrency: 2 } },
    ],
  });
  return { stack, endpoint };
}
