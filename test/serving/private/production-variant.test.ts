import { Size, Token } from 'aws-cdk-lib';
import { MlInstanceType } from '../../../constructs/core';
import { SageMakerEndpoint } from '../../../constructs/serving';
import { endpointConfigRequest, renderProductionVariant } from '../../../constructs/serving/private/production-variant';
import { newModel, newStack } from '../fixtures';

describe('renderProductionVariant', () => {
  test('applies the defaults once: weight 1, one instance; a serverless variant has no instance fields', () => {
    const stack = newStack();
    const model = newModel(stack, 'Model', { networkIsolation: false });
    expect(renderProductionVariant({ variantName: 'A', model, instanceType: MlInstanceType.M5_LARGE })).toEqual({
      variantName: 'A', modelName: model.modelName, initialVariantWeight: 1, instanceType: 'ml.m5.large', initialInstanceCount: 1,
      modelDataDownloadTimeoutInSeconds: undefined, containerStartupHealthCheckTimeoutInSeconds: undefined,
    });
    expect(renderProductionVariant({ variantName: 'S', model, serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 3 } })).toEqual({
      variantName: 'S', modelName: model.modelName, initialVariantWeight: 1,
      serverlessConfig: { memorySizeInMb: 1024, maxConcurrency: 3, provisionedConcurrency: undefined },
    });
  });
});

describe('endpointConfigRequest', () => {
  test('CloudFormation names in the rendered order, tokens kept, undefined values and absent parts dropped', () => {
    const stack = newStack();
    const model = newModel(stack, 'Model', { networkIsolation: false });
    const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'Lite', model, serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 4 } }],
    });
    const request = endpointConfigRequest(endpoint.endpointConfig);
    expect(Object.keys(request)).toEqual(['ProductionVariants']);
    const [variant] = request.ProductionVariants;
    expect(Object.keys(variant)).toEqual(['VariantName', 'ModelName', 'InitialVariantWeight', 'ServerlessConfig']);
    expect(variant.ServerlessConfig).toEqual({ MemorySizeInMB: 2048, MaxConcurrency: 4 });
    // The model name is still a token: it is rendered into the state machine definition, not resolved here.
    expect(Token.isUnresolved(variant.ModelName)).toBe(true);
    expect(stack.resolve(variant.ModelName)).toEqual(stack.resolve(model.modelName));
  });
});
