import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { ApprovalMode } from '../constructs/pipeline';
import { MlMonitoringDefinition } from './ml-monitoring-definition';

/**
 * Continuous training of a model on SageMaker (`MlModelDefinition.pipeline`, needs `training`): a
 * `TrainingPipeline` trains with the model's training spec, gates the candidate on a metric and on the
 * champion, registers it in the model's package group, approves it (auto or manual) and deploys it to the
 * model's endpoint blue/green, where the endpoint's alarms roll a bad model back. The deploy-time
 * training job still trains the first model, so the first `cdk deploy` brings the endpoint up.
 *
 * ```ts
 * pipeline: {
 *   schedule: events.Schedule.rate(Duration.days(7)),
 *   gateMetric: 'test:accuracy', gateMinimum: 0.9, championMargin: 0.01,
 *   approval: ApprovalMode.AUTO,
 * }
 * ```
 */
export interface MlPipelineDefinition {
  /** Retrain on a schedule, e.g. `events.Schedule.rate(Duration.days(7))`. @default - no schedule */
  readonly schedule?: events.Schedule;
  /**
   * Retrain when `scripts/upload-training-data.ts` uploads a new data version (its manifest under
   * `<model>/_manifests/` in the data bucket, which sends events to EventBridge).
   * @default true
   */
  readonly retrainOnNewData?: boolean;
  /** The metric the gate and the champion check read. @default - the training quality gate's metric */
  readonly gateMetric?: string;
  /** Lowest acceptable final value of `gateMetric`. @default - the training quality gate's minimum */
  readonly gateMinimum?: number;
  /** Highest acceptable final value of `gateMetric`. @default - the training quality gate's maximum */
  readonly gateMaximum?: number;
  /**
   * Whether a higher `gateMetric` is better (accuracy) or a lower one (a loss): the direction of the champion
   * check. Set it to false for a loss gated with both a minimum and a maximum.
   * @default - true, unless the gate has only a maximum
   */
  readonly gateHigherIsBetter?: boolean;
  /** How much worse than the champion a candidate may be, in metric units. @default 0 */
  readonly championMargin?: number;
  /** How versions get approved. @default ApprovalMode.MANUAL */
  readonly approval?: ApprovalMode;
  /** Shortest time between runs (later triggers are skipped). @default Duration.hours(1) */
  readonly minInterval?: Duration;
  /** Accounts that may read the model's package group (e.g. production). @default - none */
  readonly crossAccountReadAccounts?: string[];
  /**
   * Data capture and Model Monitor: the endpoint records its traffic, each run computes a baseline,
   * a schedule compares traffic with it, and violations start a retrain.
   * @default - no monitoring
   */
  readonly monitoring?: MlMonitoringDefinition;
}
