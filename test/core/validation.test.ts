import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { describeValue, MlopsValidationError, newValidationError, PropsCheck } from '../../constructs/core';
import { newStack } from '../serving/fixtures';

function checkOn(stack: Stack): PropsCheck {
  return new PropsCheck(new Construct(stack, 'Thing'), 'Thing');
}

describe('MlopsValidationError', () => {
  test('one problem: construct type, path, prop, value and what is allowed', () => {
    const e = newValidationError('Stack/Endpoint', 'SageMakerEndpoint', [{ prop: 'endpointName', value: '"a_b"', allowed: 'must be letters' }]);
    expect(e.message).toBe("SageMakerEndpoint at 'Stack/Endpoint': invalid prop\n  - endpointName = \"a_b\": must be letters");
    expect(e.name).toBe('MlopsValidationError');
    expect(e).toBeInstanceOf(Error);
  });

  test('recognised by the static guard and instanceof, without being a subclass of Error', () => {
    const e = newValidationError('S/X', 'X', [{ prop: 'a', value: '1', allowed: 'must be 2' }]);
    expect(MlopsValidationError.isMlopsValidationError(e)).toBe(true);
    expect(e).toBeInstanceOf(MlopsValidationError);
    expect(e.constructPath).toBe('S/X');
    expect(e.problems).toEqual([{ prop: 'a', value: '1', allowed: 'must be 2' }]);
    // Other errors, look-alikes and non-objects are not validation errors.
    expect(MlopsValidationError.isMlopsValidationError(new Error("X at 'S/X': invalid prop"))).toBe(false);
    expect(MlopsValidationError.isMlopsValidationError({ name: 'MlopsValidationError', problems: [] })).toBe(false);
    expect(MlopsValidationError.isMlopsValidationError(undefined)).toBe(false);
    expect(MlopsValidationError.isMlopsValidationError('MlopsValidationError')).toBe(false);
    expect(new Error('x')).not.toBeInstanceOf(MlopsValidationError);
  });

  test('a copy of the package loaded twice recognises the other copy\'s errors (global symbol)', () => {
    const e = new Error('from another copy');
    Object.defineProperty(e, Symbol.for('cdk-mlops.MlopsValidationError'), { value: true });
    expect(MlopsValidationError.isMlopsValidationError(e)).toBe(true);
  });

  test('several problems: counted and one line each', () => {
    const e = newValidationError('S/X', 'X', [
      { prop: 'a', value: '1', allowed: 'must be 2' },
      { prop: 'b', value: '"x"', allowed: 'must be y' },
    ]);
    expect(e.message).toBe("X at 'S/X': 2 invalid props\n  - a = 1: must be 2\n  - b = \"x\": must be y");
  });
});

describe('PropsCheck', () => {
  test('collects every problem and throws them once', () => {
    // GIVEN
    const check = checkOn(newStack());
    // WHEN
    check.integerInRange('count', 0, 1, 10);
    check.numberInRange('ratio', 1.5, 0, 1);
    check.matches('name', 'Bad Name', /^[a-z]+$/, 'must be lowercase letters');
    check.require(true, 'fine', 1, 'never shown');
    // THEN
    expect(check.ok).toBe(false);
    expect(() => check.throwIfInvalid()).toThrow(newValidationError('Stack/Thing', 'Thing', [
      { prop: 'count', value: '0', allowed: 'must be an integer from 1 to 10' },
      { prop: 'ratio', value: '1.5', allowed: 'must be a number from 0 to 1' },
      { prop: 'name', value: '"Bad Name"', allowed: 'must be lowercase letters' },
    ]));
    try {
      check.throwIfInvalid();
    } catch (e) {
      expect((e as Error).message).toContain('3 invalid props');
    }
  });

  test('integerInRange rejects fractions and accepts the bounds', () => {
    const check = checkOn(newStack());
    check.integerInRange('a', 1, 1, 10);
    check.integerInRange('b', 10, 1, 10);
    expect(check.ok).toBe(true);
    check.integerInRange('c', 2.5, 1, 10);
    expect(check.ok).toBe(false);
  });

  test('undefined and unresolved tokens are skipped', () => {
    const check = checkOn(newStack());
    check.integerInRange('a', undefined, 1, 10);
    check.integerInRange('b', Token.asNumber(Lazy.number({ produce: () => 0 })), 1, 10);
    check.matches('c', Lazy.string({ produce: () => 'BAD' }), /^[a-z]+$/, 'lowercase');
    expect(check.ok).toBe(true);
    expect(() => check.throwIfInvalid()).not.toThrow();
  });

  test('warn adds a cdk-mlops warning annotation on the construct', () => {
    const stack = newStack();
    const check = checkOn(stack);
    check.warn('some-rule', 'look out');
    Annotations.fromStack(stack).hasWarning('/Stack/Thing', 'look out [ack: cdk-mlops:some-rule]');
  });

  test.each([
    [undefined, 'undefined'],
    ['x', '"x"'],
    [3, '3'],
    [false, 'false'],
    [[1, 2], '[2 items]'],
    [['a'], '[1 item]'],
    [{ a: 1 }, '{"a":1}'],
  ])('describeValue(%j) = %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

