import { Token } from 'aws-cdk-lib';
import { hyperparameterValueProblem } from '../core/private/training-contract';

/**
 * One typed hyperparameter value. SageMaker passes hyperparameters to the container as strings
 * (`/opt/ml/input/config/hyperparameters.json`); this class renders them the same way everywhere, so
 * `Hyperparameter.fromNumber(0.001)` is always `"0.001"` and `Hyperparameter.fromBoolean(true)` is `"true"`.
 *
 * A class with factories instead of a `Record<string, string | number | boolean>` keeps the API
 * jsii-compatible (no TS unions): `hyperparameters: { epochs: Hyperparameter.fromInteger(10) }`.
 */
export class Hyperparameter {
  /** A string value, passed unchanged. */
  public static fromString(value: string): Hyperparameter {
    return new Hyperparameter(value, 'string');
  }

  /** Any finite number, rendered with JavaScript's shortest round-trip form (`0.001`, `1e-7`). */
  public static fromNumber(value: number): Hyperparameter {
    return new Hyperparameter(Token.isUnresolved(value) ? Token.asString(value) : String(value), 'number', value);
  }

  /** A whole number. */
  public static fromInteger(value: number): Hyperparameter {
    return new Hyperparameter(Token.isUnresolved(value) ? Token.asString(value) : String(value), 'integer', value);
  }

  /** `true` or `false`, rendered in lower case. */
  public static fromBoolean(value: boolean): Hyperparameter {
    return new Hyperparameter(value ? 'true' : 'false', 'boolean');
  }

  /** The value SageMaker receives. */
  public readonly value: string;
  /** Which factory made it: `string`, `number`, `integer` or `boolean`. */
  public readonly kind: string;
  private readonly numeric?: number;

  private constructor(value: string, kind: string, numeric?: number) {
    this.value = value;
    this.kind = kind;
    this.numeric = numeric;
  }

  /**
   * Why the value is unusable, or undefined when it is fine: the training job's prop check asks.
   * @internal
   */
  public _problem(): string | undefined {
    if (Token.isUnresolved(this.value)) return undefined;
    if (this.kind === 'number' && !Number.isFinite(this.numeric)) return 'must be a finite number';
    if (this.kind === 'integer' && !Number.isSafeInteger(this.numeric)) return 'must be a whole number';
    return hyperparameterValueProblem(this.value);
  }
}
