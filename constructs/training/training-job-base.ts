import { IResource, Resource } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** A SageMaker training job, created in this app or elsewhere. */
export interface ITrainingJob extends IResource {
  /** The job's name (known at synthesis for jobs created by SageMakerTrainingJob). */
  readonly trainingJobName: string;
  /** The job's ARN. @attribute */
  readonly trainingJobArn: string;
  /** `s3://<bucket>/<key>` of the job's model.tar.gz. @attribute */
  readonly modelDataUrl: string;
  /** The bucket holding model.tar.gz: grant read on `modelDataKey` in it to whoever deploys the model. */
  readonly modelDataBucket: s3.IBucket;
  /** The S3 key of model.tar.gz in `modelDataBucket`. */
  readonly modelDataKey: string;
  /** An EventBridge rule that fires when this job fails. */
  onFailure(id: string, options?: events.OnEventOptions): events.Rule;
}

/** What identifies a training job that was not created by this app. */
export interface TrainingJobAttributes {
  /** The job's name. */
  readonly trainingJobName: string;
  /** The bucket holding the job's model.tar.gz. */
  readonly modelDataBucket: s3.IBucket;
  /**
   * The S3 key of model.tar.gz.
   * @default '<trainingJobName>/output/model.tar.gz' (a job whose S3OutputPath was the bucket root)
   */
  readonly modelDataKey?: string;
}

/** What imported and created training jobs share. */
export abstract class TrainingJobBase extends Resource implements ITrainingJob {
  public abstract readonly trainingJobName: string;
  public abstract readonly trainingJobArn: string;
  public abstract readonly modelDataUrl: string;
  public abstract readonly modelDataBucket: s3.IBucket;
  public abstract readonly modelDataKey: string;

  /**
   * An EventBridge rule on SageMaker's "Training Job State Change" event with status `Failed` for this
   * job. Add targets through `options.target` or `rule.addTarget(...)`.
   */
  public onFailure(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, {
      description: options.description ?? `Training job ${this.trainingJobName} failed`,
      ruleName: options.ruleName,
      crossStackScope: options.crossStackScope,
    });
    rule.addEventPattern({
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Training Job State Change'],
      detail: { TrainingJobName: [this.trainingJobName], TrainingJobStatus: ['Failed'] },
    });
    rule.addEventPattern(options.eventPattern);
    if (options.target) rule.addTarget(options.target);
    return rule;
  }
}
