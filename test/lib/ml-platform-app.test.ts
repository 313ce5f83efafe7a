import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContainerImage, MlInstanceType, MlopsValidationError } from '../../constructs/core';
import { Hyperparameter } from '../../constructs/training';
import { MlopsConfig } from '../../lib/config/mlops-config';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { MlPlatformApp } from '../../lib/ml-platform-app';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { MlStorageStack } from '../../lib/ml-storage';
import { modelResourceEstimate, modelTemplateBytesEstimate, placeModels } from '../../lib/private/platform-capacity';
import { nagFindings } from '../compliance/nag';

const IMAGE = ContainerImage.fromDeepLearningContainer('pytorch-inference', '2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker');

/** Four shapes that differ in what the stack builds for them: CPU/GPU, with and without training. */
function model(name: string, kind: number): MlModelDefinition {
  const gpu = kind % 2 === 1;
  const trains = kind % 4 >= 2;
  return {
    name,
    instanceType: gpu ? MlInstanceType.G5_XLARGE : MlInstanceType.M5_LARGE,
    image: IMAGE,
    kubernetesImage: `example/${name}:1`,
    environment: { SAGEMAKER_PROGRAM: 'inference.py' },
    training: trains ? {
      instanceType: gpu ? MlInstanceType.G5_2XLARGE : MlInstanceType.M5_XLARGE,
      hyperparameters: { epochs: Hyperparameter.fromInteger(3), learning_rate: Hyperparameter.fromNumber(0.001) },
      qualityGate: { metricName: 'test:accuracy', minimum: 0.9 },
    } : undefined,
  };
}

const models = (count: number, first = 0) => Array.from({ length: count }, (_, i) => model(`model-${first + i}`, first + i));
const placement = (platform: MlPlatformApp, list: MlModelDefinition[]) => list.map((m) => platform.stackFor(m.name).stackName);
const resourcesIn = (stack: Stack) => stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;

describe('MlPlatformApp placement', () => {
  // A small per-stack budget gives many stacks from few models, which keeps these tests fast.
  const build = (list: MlModelDefinition[]) => new MlPlatformApp(new App(), 'Platform', { models: list, maxResourcesPerStack: 100 });

  test('GIVEN models over several stacks WHEN one is appended THEN no other model changes stack', () => {
    const before = models(16);
    const grown = [...before, model('late-gpu-trainer', 3)];
    const first = build(before);
    const second = build(grown);
    expect(first.modelStacks.length).toBeGreaterThan(3);
    expect(placement(second, before)).toEqual(placement(first, before));
    expect(second.stackFor('late-gpu-trainer')).toBeDefined();
  });

  test('GIVEN 300 models appended one at a time THEN every model keeps the stack it first got', () => {
    // The placement rule itself (what the constructor builds stacks from), without building trees.
    const stackOf = (list: MlModelDefinition[]) => new Map(placeModels(list, 400, 800_000, { ownStorage: false, ownAlarmTopic: false })
      .flatMap((bin, i) => bin.map((m) => [m.name, i] as const)));
    const list: MlModelDefinition[] = [];
    const seen = new Map<string, number>();
    let moved = 0;
    for (let i = 0; i < 300; i++) {
      list.push(model(`model-${i}`, (i * 7 + (i >> 3)) % 4));
      for (const [name, index] of stackOf(list)) {
        if (seen.has(name) && seen.get(name) !== index) moved++;
        seen.set(name, index);
      }
    }
    expect(moved).toBe(0);
    expect(new Set(seen.values()).size).toBeGreaterThan(10);
  });

  test('GIVEN a model inserted at the front THEN the rule is order-based: later models may move (documented)', () => {
    const list = models(40);
    const stackOf = (l: MlModelDefinition[]) => placeModels(l, 100, 800_000, { ownStorage: false, ownAlarmTopic: false })
      .flatMap((bin, i) => bin.map((m) => `${m.name}@${i}`));
    const shifted = stackOf([model('first', 3), ...list]).filter((p) => !p.startsWith('first@'));
    expect(shifted).not.toEqual(stackOf(list));
  });

  test('the shared stack holds the buckets and the one alarm topic; model stacks hold none', () => {
    const platform = build(models(8));
    const shared = Template.fromStack(platform.sharedStack);
    shared.resourceCountIs('AWS::S3::Bucket', 3);
    shared.resourceCountIs('AWS::SNS::Topic', 1);
    expect(platform.sharedStack.stackName).toBe('MlPlatform-Shared');
    expect(platform.modelStacks.map((s) => s.stackName)).toEqual(platform.modelStacks.map((_s, i) => `MlPlatform-${i + 1}`));
    for (const stack of platform.modelStacks) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 0);
      template.resourceCountIs('AWS::SNS::Topic', 0);
      expect(stack.dependencies).toContain(platform.sharedStack);
      expect(stack.alarmTopic).toBe(platform.alarmTopic);
    }
  });

  test('every model is hosted exactly once, in the stack stackFor names', () => {
    const list = models(12);
    const platform = build(list);
    const hosted = platform.modelStacks.flatMap((s) => s.hostedModels.map((h) => `${h.definition.name}@${s.stackName}`));
    expect(hosted.sort()).toEqual(list.map((m) => `${m.name}@${platform.stackFor(m.name).stackName}`).sort());
    expect(() => platform.stackFor('missing')).toThrow(/no model named "missing"/);
  });
});

describe('MlPlatformApp at 500 models', () => {
  const list = models(500);
  const platform = new MlPlatformApp(new App(), 'Platform', { models: list });

  test('every model stack stays within the resource budget (400 of CloudFormation\'s 500)', () => {
    const counts = platform.modelStacks.map(resourcesIn);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MlPlatformApp.DEFAULT_MAX_RESOURCES_PER_STACK);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(500 * 13);
    // Packed, not one stack per few models: at most one stack more than the total estimate needs.
    expect(platform.modelStacks.length).toBeLessThanOrEqual(Math.ceil(counts.reduce((a, b) => a + b, 0) / 400) + 1);
    expect(platform.modelStacks.flatMap((s) => s.hostedModels).length).toBe(500);
  });
});

describe('capacity estimates are upper bounds of what MlPlatformStack synthesizes', () => {
  // The cost of one more model of each shape, measured as the difference between stacks of one and two.
  test.each([0, 1, 2, 3].map((kind) => [['CPU', 'GPU', 'CPU + training', 'GPU + training'][kind], kind]))('%s model', (_label, kind) => {
    const app = new App();
    const storage = new MlStorageStack(app, 'Data').storage;
    const one = new MlPlatformStack(app, 'One', { models: [model('a', kind)], storage });
    const two = new MlPlatformStack(app, 'Two', { models: [model('a', kind), model('b', kind)], storage });
    const [t1, t2] = [Template.fromStack(one).toJSON(), Template.fromStack(two).toJSON()];
    const resources = Object.keys(t2.Resources).length - Object.keys(t1.Resources).length;
    const bytes = JSON.stringify(t2).length - JSON.stringify(t1).length;
    expect(resources).toBeGreaterThan(10);
    expect(modelResourceEstimate(model('b', kind))).toBeGreaterThanOrEqual(resources);
    expect(modelTemplateBytesEstimate(model('b', kind))).toBeGreaterThanOrEqual(bytes);
  });

  test.each([
    ['the reference digits model (continuous training, schedule, new data, Model Monitor with drift retrain)', 'digits'],
    ['the reference GPU model', 'vision-gpu'],
  ])('%s', (_label, name) => {
    const config = MlopsConfig.fromFile(path.join(__dirname, '..', '..', 'mlops.config.yaml'));
    const definition = config.modelsFor(config.environments[0]).find((m) => m.name === name)!;
    const app = new App();
    const storage = new MlStorageStack(app, 'Data').storage;
    const one = new MlPlatformStack(app, 'One', { models: [definition], storage });
    const two = new MlPlatformStack(app, 'Two', { models: [definition, { ...definition, name: `${name}-b` }], storage });
    const [t1, t2] = [Template.fromStack(one).toJSON(), Template.fromStack(two).toJSON()];
    const resources = Object.keys(t2.Resources).length - Object.keys(t1.Resources).length;
    expect(resources).toBeGreaterThan(10);
    expect(modelResourceEstimate(definition)).toBeGreaterThanOrEqual(resources);
    expect(modelTemplateBytesEstimate(definition)).toBeGreaterThanOrEqual(JSON.stringify(t2).length - JSON.stringify(t1).length);
  });

  test('a full model stack of the largest shape is within CloudFormation\'s limits once synthesized', () => {
    const platform = new MlPlatformApp(new App(), 'Platform', { models: Array.from({ length: 30 }, (_, i) => model(`gpu-${i}`, 3)) });
    const first = platform.modelStacks[0];
    const template = Template.fromStack(first).toJSON();
    expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(400);
    expect(Object.keys(template.Resources).length).toBeGreaterThan(300);
    expect(JSON.stringify(template).length).toBeLessThanOrEqual(MlPlatformApp.DEFAULT_MAX_TEMPLATE_BYTES_PER_STACK);
  });
});

describe('MlPlatformApp compliance', () => {
  test('a small platform has no unsuppressed cdk-nag findings', () => {
    const app = new App();
    new MlPlatformApp(app, 'Platform', { models: models(4), maxResourcesPerStack: 100 });
    app.synth();
    expect(nagFindings(app).map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });
});

describe('MlPlatformApp bad input', () => {
  test('GIVEN several problems THEN one error names each prop of the composition', () => {
    const build = () => new MlPlatformApp(new App(), 'Platform', {
      models: [model('a', 0), model('a', 1), model('Bad_Name', 0)],
      stackNamePrefix: '9lives',
      maxResourcesPerStack: 501,
    });
    let error: unknown;
    try { build(); } catch (e) { error = e; }
    expect(MlopsValidationError.isMlopsValidationError(error)).toBe(true);
    expect(build).toThrow(new RegExp([
      "MlPlatformApp at 'Platform': 4 invalid props",
      'stackNamePrefix = "9lives": must start with a letter',
      'maxResourcesPerStack = 501: must be an integer from 20 to 500',
      'models\\[1\\]\\.name = "a": must be unique',
      'models\\[2\\]\\.name = "Bad_Name": must be a DNS-1123 label',
    ].join('[\\s\\S]*')));
  });

  test('GIVEN no models THEN the error names the prop', () => {
    expect(() => new MlPlatformApp(new App(), 'Platform', { models: [] })).toThrow(/models = \[0 items\]: must hold at least 1 model/);
  });

  test('GIVEN a budget too small for one model THEN the error names the model', () => {
    expect(() => new MlPlatformApp(new App(), 'Platform', { models: [model('big', 3)], maxResourcesPerStack: 30 }))
      .toThrow(/models\[0\] = "big": needs about \d+ resources/);
  });

  test('MlPlatformStack rejects more models than one template holds and points to MlPlatformApp', () => {
    expect(() => new MlPlatformStack(new App(), 'P', { models: models(40) }))
      .toThrow(/models = \[40 items\]: must fit one CloudFormation template \(about \d+ of 500 resources\): spread them over stacks with MlPlatformApp/);
  });
});

describe('MlPlatformApp.fitsOneStack', () => {
  test('the reference models fit one stack; thirty GPU models that train do not', () => {
    const config = MlopsConfig.fromFile(path.join(__dirname, '..', '..', 'mlops.config.yaml'));
    expect(MlPlatformApp.fitsOneStack(config.modelsFor(config.environments[0]))).toBe(true);
    expect(MlPlatformApp.fitsOneStack(Array.from({ length: 30 }, (_, i) => model(`gpu-${i}`, 3)))).toBe(false);
  });
});
