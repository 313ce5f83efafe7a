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
