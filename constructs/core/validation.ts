import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One bad prop: which prop, what it was, and what is allowed. */
export interface PropProblem {
  /** Path of the prop inside the props object, e.g. `variants[1].initialWeight`. */
  readonly prop: string;
  /** The value the user gave, rendered for the message. */
  readonly value: string;
  /** What would have been accepted. */
  readonly allowed: string;
}

/** Brands every validation error, across copies of this package loaded side by side (as aws-cdk-lib does). */
const VALIDATION_ERROR_SYMBOL = Symbol.for('cdk-mlops.MlopsValidationError');

/** What a cdk-mlops validation error carries besides its message. */
export interface MlopsValidationFailure extends Error {
  /** Path of the construct whose props were rejected. */
  readonly constructPath: string;
  /** Every bad prop, in the order they were checked. */
  readonly problems: PropProblem[];
}

/**
 * Recognises the error a construct throws when it is given props it cannot use. The message names the
 * construct path, every bad prop, its value and what is allowed, so a user never has to read a stack trace.
 *
 * jsii cannot export a subclass of `Error`, so, as aws-cdk-lib does with `Errors.isValidationError()`,
 * the thrown object is a plain `Error` branded with a symbol and this class only recognises it:
 *
 * ```ts
 * try { new SageMakerEndpoint(stack, 'Endpoint', props); }
 * catch (e) { if (MlopsValidationError.isMlopsValidationError(e)) console.log(e.problems); }
 * ```
 *
 * In TypeScript `e instanceof MlopsValidationError` works too (a `Symbol.hasInstance` check).
 */
export class MlopsValidationError {
  /** True when `x` was thrown by a cdk-mlops prop check (by this or any other loaded copy of cdk-mlops). */
  public static isMlopsValidationError(x: unknown): x is MlopsValidationFailure {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR_SYMBOL in x;
  }

  /** @internal */
  public static [Symbol.hasInstance](x: unknown): boolean {
    return MlopsValidationError.isMlopsValidationError(x);
  }

  private constructor() {}
}

/**
 * The one way to build the error {@link MlopsValidationError} recognises (internal: constructs call
 * `PropsCheck.throwIfInvalid()`).
 */
export function newValidationError(constructPath: string, constructType: string, problems: PropProblem[]): MlopsValidationFailure {
  const lines = problems.map((p) => `  - ${p.prop} = ${p.value}: ${p.allowed}`);
  const noun = problems.length === 1 ? 'invalid prop' : `${problems.length} invalid props`;
  const error = new Error(`${constructType} at '${constructPath}': ${noun}\n${lines.join('\n')}`);
  error.name = 'MlopsValidationError';
  Object.defineProperty(error, VALIDATION_ERROR_SYMBOL, { value: true, enumerable: false });
  return Object.assign(error, { constructPath, problems });
}

/** Renders a user-given value for an error message (tokens and objects stay readable). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** True when the value (or any string in it) is a CDK token that only resolves at deploy time. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  return false;
}

/**
 * Collects prop problems for one construct and throws them all at once, as every cdk-mlops construct does. Public
 * so that extensions (a new `TrainingInput`, a workload subclass) report bad input the same way.
 *
 * ```ts
 * const check = new PropsCheck(this, 'SageMakerEndpoint');
 * check.integerInRange('instanceCount', props.instanceCount, 1, 100);
 * check.throwIfInvalid();
 * ```
 */
export class PropsCheck {
  private readonly problems: PropProblem[] = [];

  constructor(private readonly scope: IConstruct, private readonly constructType: string) {}

  /** Records a problem unconditionally. */
  public fail(prop: string, value: unknown, allowed: string): void {
    this.problems.push({ prop, value: describeValue(value), allowed });
  }

  /** Records a problem when `ok` is false. Returns `ok`. */
  public require(ok: boolean, prop: string, value: unknown, allowed: string): boolean {
    if (!ok) this.fail(prop, value, allowed);
    return ok;
  }

  /**
   * An optional number that must be an integer in [min, max]. Tokens are skipped.
   * @jsii ignore TypeScript-only convenience (an optional parameter before required ones); other languages use `require`.
   */
  public integerInRange(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || isUnresolved(value)) return;
    this.require(Number.isInteger(value) && value >= min && value <= max, prop, value,
      `must be an integer from ${min} to ${max}`);
  }

  /**
   * An optional number that must lie in [min, max]. Tokens are skipped.
   * @jsii ignore TypeScript-only convenience (an optional parameter before required ones); other languages use `require`.
   */
  public numberInRange(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || isUnresolved(value)) return;
    this.require(Number.isFinite(value) && value >= min && value <= max, prop, value,
      `must be a number from ${min} to ${max}`);
  }

  /**
   * An optional string that must match a pattern. Tokens are skipped.
   * @jsii ignore TypeScript-only convenience (jsii cannot pass a `RegExp`); other languages use `require`.
   */
  public matches(prop: string, value: string | undefined, pattern: RegExp, allowed: string): void {
    if (value === undefined || isUnresolved(value)) return;
    // typeof: a plain-JavaScript caller's number would otherwise be coerced by RegExp.test and pass.
    this.require(typeof value === 'string' && pattern.test(value), prop, value, allowed);
  }

  /**
   * Adds a warning (not an error). Inside an aws-cdk-lib stack it is an annotation, which `cdk synth` prints
   * (and `--strict` turns into an error). cdk8s never prints aws-cdk-lib annotations, so a warning on a
   * construct outside any stack (a cdk8s chart) is also written to stderr in the same format, where both
   * `cdk synth` (whose app builds the charts) and a cdk8s-only synth show it.
   */
  public warn(id: string, message: string): void {
    Annotations.of(this.scope).addWarningV2(`cdk-mlops:${id}`, message);
    if (!this.scope.node.scopes.some((s) => Stack.isStack(s))) {
      process.stderr.write(`[Warning at /${this.scope.node.path}] ${message} [ack: cdk-mlops:${id}]\n`);
    }
  }

  /** True when no problem has been recorded. */
  public get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one {@link MlopsValidationError} listing every problem, if there are any. */
  public throwIfInvalid(): void {
    if (this.problems.length > 0) {
      throw newValidationError(this.scope.node.path, this.constructType, this.problems);
    }
  }
}
