import { Construct } from 'constructs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DataQualityBaseline, DataQualityMonitor } from '../constructs/monitoring';
import { EndpointDataCapture, SageMakerEndpoint } from '../constructs/serving';
import { MlMonitoringDefinition } from './ml-monitoring-definition';
import { MlStorage } from './ml-storage';

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

/** The schedule over `endpoint`, reporting to `monitoring/<model>/reports` and the alarm topic. */
export function platformMonitor(scope: Construct, options: {
  storage: MlStorage; model: string; endpoint: SageMakerEndpoint; baseline: DataQualityBaseline; alarmTopic: sns.ITopic; monitoring: MlMonitoringDefinition;
}): DataQualityMonitor {
  return new DataQualityMonitor(scope, 'DataQualityMonitor', {
    endpoint: options.endpoint,
    baseline: options.baseline,
    reportBucket: options.storage.modelBucket.bucket,
    reportPrefix: `monitoring/${options.model}/reports`,
    encryptionKey: options.storage.modelBucket.encryptionKey,
    frequency: options.monitoring.frequency,
    instanceType: options.monitoring.instanceType,
    alarmTopic: options.alarmTopic,
  });
}
