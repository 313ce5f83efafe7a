/** A metric SageMaker extracts from the training job's logs with a regular expression. */
export interface MetricDefinition {
  /** Metric name, e.g. `validation:accuracy` (1-255 characters). */
  readonly name: string;
  /**
   * Regular expression run on each log line; its single capture group is the value.
   * SageMaker evaluates it with its own engine, so keep to syntax common to JavaScript and Python:
   * `(?:...)`, `\s`, character classes, anchors.
   */
  readonly regex: string;
}
