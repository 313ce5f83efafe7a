import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { HostedModel } from '../ml-platform-stack';

/** Where SageMaker publishes the metrics it parses from training logs. */
const TRAINING_METRICS_NAMESPACE = '/aws/sagemaker/TrainingJobs';

/**
 * `monitoring.metrics` of the config: a graph of the named training metrics (e.g. `train:accuracy`,
 * `validation:loss`) of the model's current training job on its dashboard. SageMaker publishes them per
 * host (`<job>/algo-1`); the first host is graphed (all hosts of a distributed job log the same metrics).
 * The job name changes with every retrain, and with it the graph. Internal: used by the config-driven app.
 */
export function addTrainingMetricWidgets(hosted: HostedModel, metricNames: string[]): void {
  const job = hosted.trainingJob;
  if (!job || metricNames.length === 0) return;
  const metrics = metricNames
    .filter((name) => job.metricDefinitions.some((d) => d.name === name))
    .map((metricName) => new cloudwatch.Metric({
      namespace: TRAINING_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { Host: `${job.trainingJobName}/algo-1` },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    }));
  if (metrics.length === 0) return;
  hosted.dashboard.dashboard.addWidgets(new cloudwatch.GraphWidget({
    title: `${hosted.definition.name}: training metrics of the current job`,
    left: metrics,
    width: 24,
  }));
}
