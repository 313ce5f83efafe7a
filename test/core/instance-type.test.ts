import * as fs from 'node:fs';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AcceleratorKind, MlInstanceType, MlopsValidationError, MlopsValidationFailure } from '../../constructs/core';
import { SageMakerEndpoint } from '../../constructs/serving';
import { INSTANCE_TYPES_DOC, renderInstanceTypesDoc } from '../../docs/tools/instance-types-table';
import { newModel, newStack } from '../serving/fixtures';

describe('MlInstanceType catalog', () => {
  test('G5_XLARGE is 4 vCPU, 16 GiB and 1 × NVIDIA A10G with 24 GiB; SageMaker trains and hosts on it', () => {
    // GIVEN
    const t = MlInstanceType.G5_XLARGE;
    // THEN
    expect(t.name).toBe('ml.g5.xlarge');
    expect(t.vcpus).toBe(4);
    expect(t.memoryGiB).toBe(16);
    expect(t.acceleratorKind).toBe(AcceleratorKind.NVIDIA_GPU);
    expect(t.acceleratorCount).toBe(1);
    expect(t.acceleratorModel).toBe('NVIDIA A10G');
    expect(t.acceleratorMemoryGiB).toBe(24);
    expect(t.isGpu).toBe(true);
    expect(t.hasInstanceStorage).toBe(true);
    expect(t.supportsTraining).toBe(true);
    expect(t.supportsHosting).toBe(true);
    expect(t.family).toBe('g5');
    expect(t.ec2InstanceType).toBe('g5.xlarge');
  });

  test.each([
    // name, vcpus, memory GiB, accelerators, model, accelerator GiB, kind
    ['ml.g5.12xlarge', 48, 192, 4, 'NVIDIA A10G', 24, AcceleratorKind.NVIDIA_GPU],
    ['ml.g4dn.12xlarge', 48, 192, 4, 'NVIDIA T4', 16, AcceleratorKind.NVIDIA_GPU],
    ['ml.g6e.xlarge', 4, 32, 1, 'NVIDIA L40S', 48, AcceleratorKind.NVIDIA_GPU],
    ['ml.p4d.24xlarge', 96, 1152, 8, 'NVIDIA A100', 40, AcceleratorKind.NVIDIA_GPU],
    ['ml.p5.48xlarge', 192, 2048, 8, 'NVIDIA H100', 80, AcceleratorKind.NVIDIA_GPU],
    ['ml.inf2.48xlarge', 192, 768, 12, 'AWS Inferentia2', 32, AcceleratorKind.AWS_NEURON],
    ['ml.trn1.32xlarge', 128, 512, 16, 'AWS Trainium', 32, AcceleratorKind.AWS_NEURON],
    ['ml.m5.large', 2, 8, 0, undefined, 0, AcceleratorKind.NONE],
  ])('%s has %i vCPU, %i GiB and %i × %s', (name, vcpus, mem, count, model, accMem, kind) => {
    const t = MlInstanceType.of(name);
    expect([t.vcpus, t.memoryGiB, t.acceleratorCount, t.acceleratorModel, t.acceleratorMemoryGiB, t.acceleratorKind])
      .toEqual([vcpus, mem, count, model, accMem, kind]);
    expect(t.isAccelerated).toBe(count > 0);
  });

  test('INF2 is for hosting only, P4DE and P3DN for training only', () => {
    expect([MlInstanceType.INF2_XLARGE.supportsHosting, MlInstanceType.INF2_XLARGE.supportsTraining]).toEqual([true, false]);
    expect([MlInstanceType.P4DE_24XLARGE.supportsHosting, MlInstanceType.P4DE_24XLARGE.supportsTraining]).toEqual([false, true]);
    expect([MlInstanceType.P3DN_24XLARGE.supportsHosting, MlInstanceType.P3DN_24XLARGE.supportsTraining]).toEqual([false, true]);
  });

  test('NVMe instance storage is recorded for g5 but not for p3, inf2 or m5', () => {
    expect(MlInstanceType.G5_2XLARGE.hasInstanceStorage).toBe(true);
    expect(MlInstanceType.P3_2XLARGE.hasInstanceStorage).toBe(false);
    expect(MlInstanceType.INF2_XLARGE.hasInstanceStorage).toBe(false);
    expect(MlInstanceType.M5_LARGE.hasInstanceStorage).toBe(false);
  });

  test.each(['g4dn', 'g5', 'g6', 'g6e', 'p3', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'trn1', 'trn2', 'inf2'])(
    'family %s is in the catalog with accelerators', (family) => {
      const members = MlInstanceType.all().filter((t) => t.family === family);
      expect(members.length).toBeGreaterThan(0);
      for (const t of members) {
        expect(t.isKnown).toBe(true);
        expect(t.acceleratorCount).toBeGreaterThan(0);
        expect(t.acceleratorModel).toBeDefined();
        expect(t.acceleratorMemoryGiB).toBeGreaterThan(0);
      }
    });

  test('all() names are unique, well formed, known and have positive CPU and memory', () => {
    const all = MlInstanceType.all();
    const names = all.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of all) {
      expect(t.name).toMatch(/^ml\.[a-z0-9]+\.[a-z0-9]+$/);
      expect(t.isWellFormed).toBe(true);
      expect(t.isKnown).toBe(true);
      expect(t.vcpus).toBeGreaterThan(0);
      expect(t.memoryGiB).toBeGreaterThan(0);
      expect(t.supportsTraining || t.supportsHosting).toBe(true);
    }
  });

  test('every static member is in all() and of(name) has the same facts', () => {
    const statics = Object.values(MlInstanceType).filter((v): v is MlInstanceType => v instanceof MlInstanceType);
    expect(statics.length).toBeGreaterThan(50);
    const all = new Map(MlInstanceType.all().map((t) => [t.name, t]));
    for (const s of statics) {
      expect(all.has(s.name)).toBe(true);
      expect(MlInstanceType.of(s.name).spec).toEqual(s.spec);
    }
  });

  test('an unknown name is accepted without facts; custom() supplies them', () => {
    const unknown = MlInstanceType.of('ml.g9.xlarge');
    expect([unknown.isKnown, unknown.isWellFormed, unknown.vcpus, unknown.isGpu]).toEqual([false, true, 0, false]);
    expect([unknown.supportsTraining, unknown.supportsHosting]).toEqual([true, true]);
    const custom = MlInstanceType.custom('ml.g9.xlarge', {
      vcpus: 8, memoryGiB: 32, acceleratorKind: AcceleratorKind.NVIDIA_GPU, acceleratorCount: 2, training: true, hosting: true,
    });
    expect([custom.isKnown, custom.isGpu, custom.acceleratorCount]).toEqual([true, true, 2]);
  });

  test('DESIGN.md\'s example of a well-formed unknown type, ml.x9.huge, is well formed (a warning, not an error)', () => {
    expect([MlInstanceType.of('ml.x9.huge').isWellFormed, MlInstanceType.of('ml.x9.huge').isKnown]).toEqual([true, false]);
  });

  test.each(['g5.xlarge', 'ml.g5', 'ML.G5.XLARGE', 'ml.g5.xlarge ', 'ml..xlarge'])('%j is not well formed', (name) => {
    expect(MlInstanceType.of(name).isWellFormed).toBe(false);
  });
});

describe('docs/instance-types.md', () => {
  test('is the table generated from the catalog (regenerate: npx tsx docs/tools/instance-types-table.ts)', () => {
    expect(fs.readFileSync(INSTANCE_TYPES_DOC, 'utf8')).toBe(renderInstanceTypesDoc());
  });

  test('lists every catalog type once', () => {
    const page = renderInstanceTypesDoc();
    for (const t of MlInstanceType.all()) expect(page.split(`| \`${t.name}\` |`)).toHaveLength(2);
  });
});

describe('instance-type rules in a construct', () => {
  test('an unknown but well-formed type is a warning, not an error', () => {
    // GIVEN
    const stack = newStack();
    const model = newModel(stack);
    // WHEN
    new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.of('ml.g9.xlarge') }],
    });
    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Endpoint',
      Match.stringLikeRegexp("variants\\[0\\]\\.instanceType 'ml\\.g9\\.xlarge' is not in the cdk-mlops catalog.*cdk-mlops:unknown-instance-type"));
  });

  test('a known type adds no warning', () => {
    const stack = newStack();
    new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model: newModel(stack), instanceType: MlInstanceType.M5_LARGE }],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a malformed type is an error naming the prop, the value and the expected shape', () => {
    const stack = newStack();
    const model = newModel(stack);
    expect(() => new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.of('g5.xlarge') }],
    })).toThrow(/variants\[0\]\.instanceType = "g5\.xlarge": must be a SageMaker instance type named ml\.<family>\.<size>/);
  });

  test('the error is an MlopsValidationError carrying the construct path', () => {
    const stack = newStack();
    const model = newModel(stack);
    let error: unknown;
    try {
      new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'A', model, instanceType: MlInstanceType.of('gpu') }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MlopsValidationError);
    expect((error as MlopsValidationFailure).constructPath).toBe('Stack/Endpoint');
    expect((error as MlopsValidationFailure).problems).toEqual([expect.objectContaining({ prop: 'variants[0].instanceType', value: '"gpu"' })]);
  });
});
