import { Construct } from 'constructs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DataQualityBaseline, DataQualityMonitor } from '../../constructs/monitoring';
import { TrainingPipeline } from '../../constructs/pipeline';
import { EndpointDataCapture, SageMakerEndpoint } from '../../constructs/serving';
import { MlMonitoringDefinition } from '../ml-monitoring-definition';
import { MlStorage } from '../ml-storage';

/**
 * Internal: the platform's one rule for where a model's monitoring data lives, and the wiring of
 * capture → baseline → monitor. Not exported from the package.
 */

/** Captured traffic of `model`: `capture/<model>` in the data bucket. */
export function platformDataCapture(storage: MlStorage, model: string, monitoring: MlMonitoringDefinition): EndpointDataCapture {
  return { bucket: storage.dataBucket.bucket, prefix: `capture/${model}`, samplingPercentage: monitoring.samplingPercentage };
}

/** The baselining step of `model`'s pipeline: statistics of its `train` channel, in `monitoring/<model>/baseline`. */
export function platformBaseline(scope: Construct, storage: MlStorage, model: string, trainPrefix: string, monitoring: MlMonitoringDefinition): DataQualityBaseline {
  return new DataQualityBaseline(scope, 'DataQualityBaseline', {
    datasetBucket: storage.dataBucket.bucket,
    datasetPrefix: trainPrefix,
    outputBucket: storage.modelBucket.bucket,
    outputPrefix: `monitoring/${model}/baseline`,
    instanceType: monitoring.instanceType,
    encryptionKey: storage.modelBucket.encryptionKey,
  });
}

/**
 * The schedule over `endpoint` (reports to `monitoring/<model>/reports`, violations to the alarm topic), the
 * pipeline's permission to run the baselining step, and — unless `retrainOnDrift` is false — the drift trigger.
 */
export function platformMonitor(scope: Construct, options: {
  storage: MlStorage; model: string; endpoint: SageMakerEndpoint; baseline: DataQualityBaseline; pipeline: TrainingPipeline;
  alarmTopic: sns.ITopic; monitoring: MlMonitoringDefinition;
}): DataQualityMonitor {
  options.baseline.grantRun(options.pipeline.stateMachine);
  const monitor = new DataQualityMonitor(scope, 'DataQualityMonitor', {
    endpoint: options.endpoint,
    baseline: options.baseline,
    reportBucket: options.storage.modelBucket.bucket,
    reportPrefix: `monitoring/${options.model}/reports`,
    encryptionKey: options.storage.modelBucket.encryptionKey,
    frequency: options.monitoring.frequency,
    instanceType: options.monitoring.instanceType,
    alarmTopic: options.alarmTopic,
  });
  if (options.monitoring.retrainOnDrift ?? true) {
    options.pipeline.addEventTrigger('DriftTrigger', monitor.violationEventPattern, DRIFT_TRIGGER);
  }
  return monitor;
}

/** The `trigger` of a run the Model Monitor drift rule started. */
export const DRIFT_TRIGGER = 'drift';
