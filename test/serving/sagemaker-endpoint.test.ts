import { Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { MlInstanceType } from '../../constructs/core';
import { EndpointVariantProps, SageMakerEndpoint, SageMakerEndpointProps, SageMakerModel } from '../../constructs/serving';
import { newModel, newStack } from './fixtures';

type VariantSpec = Omit<EndpointVariantProps, 'model'>;

/** An endpoint in a fresh stack; each variant serves the same model. */
function endpoint(variants: VariantSpec[], props: Omit<Partial<SageMakerEndpointProps>, 'variants'> = {}, setup?: (s: Stack) => Partial<SageMakerEndpointProps>) {
  const stack = newStack();
  // Serverless hosting does not support network isolation (the model default), so such tests turn it off.
  const model = newModel(stack, 'Model', variants.some((v) => v.serverless) ? { networkIsolation: false } : {});
  const ep = new SageMakerEndpoint(stack, 'Endpoint', { variants: variants.map((v) => ({ model, ...v })), ...props, ...setup?.(stack) });
  return { stack, model, endpoint: ep, template: () => Template.fromStack(stack) };
}

const gpu = (variantName: string, initialWeight?: number): VariantSpec => ({ variantName, instanceType: MlInstanceType.G5_XLARGE, initialWeight });
const serverless = (memoryMiB: number, maxConcurrency: number, extra: Partial<VariantSpec> = {}): VariantSpec =>
  ({ variantName: 'Serverless', serverless: { memorySize: Size.mebibytes(memoryMiB), maxConcurrency }, ...extra });

/** The ProductionVariants the template renders. */
function productionVariants(template: Template) {
  const [config] = Object.values(template.findResources('AWS::SageMaker::EndpointConfig'));
  return config.Properties.ProductionVariants;
}

describe('SageMakerEndpoint rendering', () => {
  test('one instance variant: an EndpointConfig with the model and type, and an Endpoint on it', () => {
    // GIVEN / WHEN
    const { template, stack, model, endpoint: ep } = endpoint([{ variantName: 'AllTraffic', instanceType: MlInstanceType.G5_XLARGE }]);
    const t = template();
    // THEN
    const modelId = stack.getLogicalId(model.node.defaultChild as never);
    const configId = stack.getLogicalId(ep.endpointConfig);
    t.resourceCountIs('AWS::SageMaker::EndpointConfig', 1);
    expect(productionVariants(t)).toEqual([{
      VariantName: 'AllTraffic',
      ModelName: { 'Fn::GetAtt': [modelId, 'ModelName'] },
      InstanceType: 'ml.g5.xlarge',
      InitialInstanceCount: 1,
      InitialVariantWeight: 1,
    }]);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
    t.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointConfigName: { 'Fn::GetAtt': [configId, 'EndpointConfigName'] } });
    expect(ep.variantNames).toEqual(['AllTraffic']);
    expect(ep.findInstanceVariant('AllTraffic').instanceType).toBe(MlInstanceType.G5_XLARGE);
  });

  test('endpointName is the GetAtt and endpointArn the Ref of the endpoint; a physical name is used', () => {
    const { stack, endpoint: ep, template } = endpoint([gpu('A')], { endpointName: 'mnist-prod' });
    const id = stack.getLogicalId(ep.node.defaultChild as never);
    expect(stack.resolve(ep.endpointName)).toEqual({ 'Fn::GetAtt': [id, 'EndpointName'] });
    expect(stack.resolve(ep.endpointArn)).toEqual({ Ref: id });
    template().hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'mnist-prod' });
  });

  test('instance count and start-up timeouts are rendered', () => {
    const { template } = endpoint([{
      variantName: 'A', instanceType: MlInstanceType.G5_2XLARGE, initialInstanceCount: 2,
      modelDataDownloadTimeoutSeconds: 600, containerStartupHealthCheckTimeoutSeconds: 900,
    }]);
    expect(productionVariants(template())[0]).toMatchObject({
      InitialInstanceCount: 2, ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 900,
    });
  });

  test('a weight of 0 stays 0 next to a variant with weight > 0 (no silent 0 → 1)', () => {
    const { template } = endpoint([gpu('Current', 9), gpu('Shadow', 0), gpu('Default')]);
    expect(productionVariants(template()).map((v: { InitialVariantWeight: number }) => v.InitialVariantWeight)).toEqual([9, 0, 1]);
  });

  test('a serverless variant renders ServerlessConfig and no instance settings', () => {
    const { template } = endpoint([serverless(2048, 20, { serverless: { memorySize: Size.gibibytes(2), maxConcurrency: 20, provisionedConcurrency: 2 } })]);
    const [variant] = productionVariants(template());
    expect(variant.ServerlessConfig).toEqual({ MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 2 });
    expect(variant.InstanceType).toBeUndefined();
    expect(variant.InitialInstanceCount).toBeUndefined();
  });

  test('encryptionKey with a type without NVMe storage renders KmsKeyId and lets SageMaker use the key', () => {
    const { template, stack } = endpoint([{ variantName: 'A', instanceType: MlInstanceType.M5_LARGE }], {}, (s) => ({ encryptionKey: new kms.Key(s, 'Key') }));
    const keyId = stack.getLogicalId(stack.node.findChild('Key').node.defaultChild as never);
    const t = template();
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:CreateGrant', 'kms:DescribeKey'], Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' },
        })]),
      },
    });
  });

  test.each([MlInstanceType.P3_2XLARGE, MlInstanceType.INF2_XLARGE])('encryptionKey is accepted with %s (no NVMe)', (instanceType) => {
    expect(() => endpoint([{ variantName: 'A', instanceType }], {}, (s) => ({ encryptionKey: new kms.Key(s, 'Key') }))).not.toThrow();
  });
});

describe('SageMakerEndpoint bad input', () => {
  const expectError = (fn: () => unknown, ...messages: (string | RegExp)[]) => {
    let message = '';
    try {
      fn();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^SageMakerEndpoint at 'Stack\/Endpoint': /);
    for (const m of messages) expect(message).toMatch(m);
  };

  test('all weights 0 is an error', () => {
    expectError(() => endpoint([gpu('A', 0), gpu('B', 0)]),
      'variants[*].initialWeight = "0, 0": at least one variant must have a weight above 0, or the endpoint serves no traffic');
  });

  test('a negative weight is an error', () => {
    expectError(() => endpoint([gpu('A', 1), gpu('B', -1)]), 'variants[1].initialWeight = -1: must be a number ≥ 0');
  });

  test.each([0, 11])('%i variants is an error', (n) => {
    expectError(() => endpoint(Array.from({ length: n }, (_, i) => gpu(`V${i}`))),
      `variants = [${n} items]: must hold 1 to 10 production variants`);
  });

  test('10 variants are allowed', () => {
    expect(() => endpoint(Array.from({ length: 10 }, (_, i) => gpu(`V${i}`)))).not.toThrow();
  });

  test('duplicate variant names are an error', () => {
    expectError(() => endpoint([gpu('Blue'), gpu('Green'), gpu('Blue')]), 'variants[2].variantName = "Blue": must be unique within the endpoint');
  });

  test.each(['all_traffic', '-a', ''])('variant name %j is an error', (name) => {
    expectError(() => endpoint([gpu(name)]), /variants\[0\]\.variantName = .*: must be 1-63 letters, digits and hyphens/);
  });

  test('a bad endpointName is an error', () => {
    expectError(() => endpoint([gpu('A')], { endpointName: 'mnist_prod' }), 'endpointName = "mnist_prod": must be 1-63 letters');
  });

  test.each([512, 1536, 7168])('serverless memory %i MiB is an error', (mib) => {
    expectError(() => endpoint([serverless(mib, 10)]),
      `variants[0].serverless.memorySize = "${mib} MiB": must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB`);
  });

  test.each([1024, 6144])('serverless memory %i MiB is accepted', (mib) => {
    expect(() => endpoint([serverless(mib, 10)])).not.toThrow();
  });

  test.each([0, 201])('serverless maxConcurrency %i is an error', (n) => {
    expectError(() => endpoint([serverless(1024, n)]), `variants[0].serverless.maxConcurrency = ${n}: must be an integer from 1 to 200`);
  });

  test('provisionedConcurrency above maxConcurrency is an error', () => {
    expectError(() => endpoint([{ variantName: 'S', serverless: { memorySize: Size.gibibytes(1), maxConcurrency: 5, provisionedConcurrency: 6 } }]),
      'variants[0].serverless.provisionedConcurrency = 6: must be an integer from 1 to 5');
  });

  test('serverless with a network-isolated model (the model default) is an error', () => {
    const stack = newStack();
    const model = newModel(stack);
    expectError(() => new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ model, ...serverless(1024, 10) }] }),
      'variants[0].model = "Stack/Model": runs with network isolation, which serverless variants do not support');
  });

  test('serverless with an instance type is an error', () => {
    expectError(() => endpoint([serverless(1024, 10, { instanceType: MlInstanceType.M5_LARGE })]),
      'variants[0].instanceType = "ml.m5.large": must be omitted for a serverless variant');
  });

  test('serverless with instance settings is an error', () => {
    expectError(() => endpoint([serverless(1024, 10, { initialInstanceCount: 2 })]),
      'variants[0].initialInstanceCount = 2: must be omitted for a serverless variant');
  });

  test('neither serverless nor an instance type is an error', () => {
    expectError(() => endpoint([{ variantName: 'A' }]), 'variants[0].instanceType = undefined: is required unless serverless is set');
  });

  test('a training-only type is an error (ml.p4de.24xlarge is not offered for hosting)', () => {
    expectError(() => endpoint([{ variantName: 'A', instanceType: MlInstanceType.P4DE_24XLARGE }]),
      'variants[0].instanceType = "ml.p4de.24xlarge": SageMaker does not offer this type for hosting');
  });

  test('encryptionKey with an NVMe type is an error', () => {
    expectError(() => endpoint([gpu('A')], {}, (s) => ({ encryptionKey: new kms.Key(s, 'Key') })),
      'variants[0].instanceType = "ml.g5.xlarge": has local NVMe storage, which SageMaker encrypts by hardware and rejects encryptionKey for');
  });

  test.each([
    ['initialInstanceCount', 0, 'an integer from 1 to 100'],
    ['initialInstanceCount', 101, 'an integer from 1 to 100'],
    ['modelDataDownloadTimeoutSeconds', 59, 'an integer from 60 to 3600'],
    ['containerStartupHealthCheckTimeoutSeconds', 3601, 'an integer from 60 to 3600'],
  ])('%s = %i is an error', (prop, value, allowed) => {
    expectError(() => endpoint([{ ...gpu('A'), [prop]: value }]), `variants[0].${prop} = ${value}: must be ${allowed}`);
  });

  test('every problem is reported in one error', () => {
    expectError(() => endpoint([gpu('A', -2), gpu('A'), serverless(100, 0)], { endpointName: 'bad name' }),
      /: 5 invalid props\n/, 'endpointName = "bad name"', 'variants[0].initialWeight = -2', 'variants[1].variantName = "A"',
      'variants[2].serverless.memorySize = "100 MiB"', 'variants[2].serverless.maxConcurrency = 0');
  });

  test('SageMakerModel import is accepted as a variant model', () => {
    const stack = newStack();
    const model = SageMakerModel.fromModelAttributes(stack, 'M', { modelName: 'existing' });
    new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'A', model, instanceType: MlInstanceType.M5_LARGE }] });
    expect(productionVariants(Template.fromStack(stack))[0].ModelName).toBe('existing');
  });
});
