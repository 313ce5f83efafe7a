import { MlInstanceType } from '../constructs/core';
import { MonitoringFrequency } from '../constructs/monitoring';

/**
 * Data capture and Model Monitor for a model that has a training pipeline: the endpoint records its
 * traffic to the data bucket (`capture/<model>/`), each pipeline run computes a data-quality baseline
 * from the training data (`monitoring/<model>/baseline/` in the model bucket), a `MonitoringSchedule`
 * compares the captured requests with it, and violations notify the alarm topic and start a retrain.
 */
export interface MlMonitoringDefinition {
  /** Percentage of requests the endpoint captures (integer 1–100). @default 100 */
  readonly samplingPercentage?: number;
  /** How often the captured traffic is analysed. @default MonitoringFrequency.HOURLY */
  readonly frequency?: MonitoringFrequency;
  /** Instance type of the baselining and monitoring jobs. @default MlInstanceType.M5_XLARGE */
  readonly instanceType?: MlInstanceType;
  /** Start a retrain when a monitoring run reports violations. @default true */
  readonly retrainOnDrift?: boolean;
}
