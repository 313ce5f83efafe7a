import { Duration } from 'aws-cdk-lib';

/** How traffic moves to the new fleet (SageMaker's `TrafficRoutingConfiguration.Type`). */
export enum TrafficShiftMode {
  /** All traffic at once, then a bake period. */
  ALL_AT_ONCE = 'ALL_AT_ONCE',
  /** A canary share first, the rest after the bake period. */
  CANARY = 'CANARY',
  /** Equal steps with a bake period after each. */
  LINEAR = 'LINEAR',
}

/** Options every deployment policy shares. */
export interface DeploymentPolicyOptions {
  /** How long SageMaker watches the alarms after each shift before going on (0–3600 s). @default Duration.minutes(10) */
  readonly bakeTime?: Duration;
  /** How long the old fleet is kept after the last shift, for a fast manual rollback (0–3600 s). @default Duration.minutes(5) */
  readonly terminationWait?: Duration;
  /** Longest the whole deployment may take before it is rolled back (600–14400 s). @default - SageMaker's default */
  readonly maximumExecutionTimeout?: Duration;
}

/** Options of {@link DeploymentPolicy.canary}. */
export interface CanaryDeploymentOptions extends DeploymentPolicyOptions {
  /** Share of the new fleet's capacity that takes traffic first, in percent (1–50). @default 10 */
  readonly canaryPercent?: number;
}

/** Options of {@link DeploymentPolicy.linear}. */
export interface LinearDeploymentOptions extends DeploymentPolicyOptions {
  /** Share of capacity added per step, in percent (1–50). @default 20 */
  readonly stepPercent?: number;
}

/** What a policy renders to, in SageMaker's terms (seconds and percents). */
export interface DeploymentPolicyConfig {
  /** Traffic shift mode. */
  readonly mode: TrafficShiftMode;
  /** Bake time after each shift, in seconds. */
  readonly waitIntervalSeconds: number;
  /** Canary or linear step size in percent of capacity (undefined for all-at-once). */
  readonly stepPercent?: number;
  /** Seconds the old fleet is kept after the last shift. */
  readonly terminationWaitSeconds: number;
  /** Seconds the whole deployment may take. */
  readonly maximumExecutionTimeoutSeconds?: number;
}

/**
 * How an endpoint moves to a new endpoint configuration (a retrained model, a new image): SageMaker's
 * blue/green deployment guardrails. With rollback alarms (`SageMakerEndpoint.addRollbackAlarms`) a shift
 * that trips an alarm during a bake period sends all traffic back to the old fleet by itself.
 *
 * ```ts
 * DeploymentPolicy.allAtOnce({ bakeTime: Duration.minutes(10) })
 * DeploymentPolicy.canary({ canaryPercent: 10, bakeTime: Duration.minutes(15) })
 * DeploymentPolicy.linear({ stepPercent: 25, bakeTime: Duration.minutes(5) })
 * ```
 */
export class DeploymentPolicy {
  /** Shift all traffic, then bake. Works for any fleet size (the safe default for one instance). */
  public static allAtOnce(options: DeploymentPolicyOptions = {}): DeploymentPolicy {
    return new DeploymentPolicy(TrafficShiftMode.ALL_AT_ONCE, undefined, options);
  }

  /** Shift a canary share, bake, then the rest. */
  public static canary(options: CanaryDeploymentOptions = {}): DeploymentPolicy {
    return new DeploymentPolicy(TrafficShiftMode.CANARY, options.canaryPercent ?? 10, options);
  }

  /** Shift in equal steps, baking after each. */
  public static linear(options: LinearDeploymentOptions = {}): DeploymentPolicy {
    return new DeploymentPolicy(TrafficShiftMode.LINEAR, options.stepPercent ?? 20, options);
  }

  private constructor(
    private readonly mode: TrafficShiftMode,
    private readonly stepPercent: number | undefined,
    private readonly options: DeploymentPolicyOptions,
  ) {}

  /** The policy in SageMaker's units. */
  public render(): DeploymentPolicyConfig {
    return {
      mode: this.mode,
      stepPercent: this.stepPercent,
      waitIntervalSeconds: (this.options.bakeTime ?? Duration.minutes(10)).toSeconds(),
      terminationWaitSeconds: (this.options.terminationWait ?? Duration.minutes(5)).toSeconds(),
      maximumExecutionTimeoutSeconds: this.options.maximumExecutionTimeout?.toSeconds(),
    };
  }
}
