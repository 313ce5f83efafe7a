/**
 * The contract between the SageMakerTrainingJob construct and its custom-resource handler. Both sides
 * import this file (the handler through its esbuild bundle), so property and attribute names cannot drift.
 */

/** CloudFormation resource type of the training-job custom resource. */
export const RESOURCE_TYPE = 'Custom::SageMakerTrainingJob';

/** Custom-resource property names. CloudFormation turns every property value into a string. */
export const PROP_JOB_NAME = 'TrainingJobName';
/** The CreateTrainingJob request (without the name) as a JSON string, so numbers and booleans survive. */
export const PROP_REQUEST = 'TrainingJobRequest';
/** 'true' or 'false': whether the resource waits for the job to finish. */
export const PROP_WAIT = 'WaitForCompletion';

/**
 * Optional JSON `{"MetricName": "test:accuracy", "Minimum": 0.9, "Maximum": …}`: a completed job whose final
 * metric falls outside the bounds fails the resource, so what it trained is never deployed.
 */
export const PROP_QUALITY_GATE = 'QualityGate';

/** The quality gate as the handler reads it. */
export interface QualityGateProperty {
  readonly MetricName: string;
  readonly Minimum?: number;
  readonly Maximum?: number;
}

/**
 * JSON array of the metric names read with `finalMetric()`. The handler returns only these as attributes
 * (so the response stays under CloudFormation's 4096-byte limit however many metrics the job defines) and
 * fails the resource with its own reason when a completed job did not report one of them.
 */
export const PROP_FINAL_METRICS = 'FinalMetrics';

/**
 * CloudFormation rejects a custom-resource response over 4096 bytes. The Provider framework's envelope
 * (status, reason, stack/request/logical/physical ids) takes under 1 KiB, so the Data object gets the rest.
 */
export const MAX_RESPONSE_DATA_BYTES = 3072;

/**
 * Of that, what the final-metric attributes may use: the fixed attributes (name, ARN, model URL) need
 * the remaining 1 KiB.
 */
export const MAX_FINAL_METRIC_BYTES = 2048;

/** Longest text of a number as String(value) renders it (`-1.2345678901234567e-308`). */
const MAX_NUMBER_TEXT = 24;

/** Bytes the final-metric attributes of these metric names take at most in the response's Data JSON. */
export function finalMetricAttributesBytes(metricNames: string[]): number {
  // "<attribute>":"<value>", : two pairs of quotes, a colon and a comma around each pair.
  return metricNames.reduce((sum, m) => sum + finalMetricAttributeName(m).length + MAX_NUMBER_TEXT + 6, 0);
}

/** Attribute names returned by the handler. */
export const ATTR_JOB_NAME = 'TrainingJobName';
export const ATTR_JOB_ARN = 'TrainingJobArn';
export const ATTR_MODEL_DATA_URL = 'ModelDataUrl';
/** Prefix of the final-metric attributes, e.g. `FinalMetric.validation.accuracy`. */
export const ATTR_FINAL_METRIC_PREFIX = 'FinalMetric.';

/**
 * The attribute under which a final metric is returned. CloudFormation's own attribute names use only
 * letters, digits and dots (`Endpoint.Address`), so every other character (SageMaker metric names
 * use `:`, `_`, `-`, `/`) becomes a dot: `validation:accuracy` → `FinalMetric.validation.accuracy`.
 */
export function finalMetricAttributeName(metricName: string): string {
  return ATTR_FINAL_METRIC_PREFIX + metricName.replace(/[^A-Za-z0-9.]/g, '.');
}

/** Where SageMaker writes a job's model artifacts under its S3OutputPath. */
export function modelArtifactsKeySuffix(trainingJobName: string): string {
  return `${trainingJobName}/output/model.tar.gz`;
}
