import { Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TrainingJobAttributes, TrainingJobBase } from '../training-job-base';
import { modelArtifactsKeySuffix } from './protocol';

/** A training job referenced by name: what `SageMakerTrainingJob.fromTrainingJobAttributes` returns (as an `ITrainingJob`). */
export class ImportedTrainingJob extends TrainingJobBase {
  public readonly trainingJobName: string;
  public readonly trainingJobArn: string;
  public readonly modelDataUrl: string;
  public readonly modelDataBucket: s3.IBucket;
  public readonly modelDataKey: string;

  constructor(scope: Construct, id: string, attrs: TrainingJobAttributes) {
    super(scope, id);
    this.trainingJobName = attrs.trainingJobName;
    // SageMaker lower-cases names inside ARNs.
    const arnName = Token.isUnresolved(attrs.trainingJobName) ? attrs.trainingJobName : attrs.trainingJobName.toLowerCase();
    this.trainingJobArn = Stack.of(this).formatArn({ service: 'sagemaker', resource: 'training-job', resourceName: arnName });
    this.modelDataBucket = attrs.modelDataBucket;
    this.modelDataKey = attrs.modelDataKey ?? modelArtifactsKeySuffix(attrs.trainingJobName);
    this.modelDataUrl = attrs.modelDataBucket.s3UrlForObject(this.modelDataKey);
  }
}
