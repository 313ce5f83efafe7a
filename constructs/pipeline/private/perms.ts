/**
 * IAM actions of the training pipeline, in one place so a security review reads one file. Every list
 * is exact: no `sagemaker:*`, no managed full-access policy.
 */

import {
  ENDPOINT_VOLUME_KMS_ACTIONS, LOG_STREAM_WRITE_ACTIONS, PASS_ROLE_ACTIONS, SFN_SYNC_RULE_ACTIONS, TRAINING_JOB_LIFECYCLE_ACTIONS,
} from '../../core/private/iam-actions';

/** Start, watch and stop the pipeline's own training jobs (`<jobNamePrefix>-*`); AddTags for the data-version tag. */
export const TRAINING_JOB_ACTIONS = TRAINING_JOB_LIFECYCLE_ACTIONS;
/** What `createTrainingJob.sync` needs: Step Functions' managed rule that reports job completion. */
export const SYNC_RULE_ACTIONS = SFN_SYNC_RULE_ACTIONS;
/** The managed rule's name (fixed by Step Functions). */
export const SYNC_RULE_NAME = 'StepFunctionsGetEventsForSageMakerTrainingJobsRule';
// The aws-sdk tasks (ListExecutions, ListModelPackages, DescribeModelPackage, CreateModelPackage,
// UpdateModelPackage, CreateModel, CreateEndpointConfig, UpdateEndpoint, DescribeEndpoint) are granted
// by CallAwsService itself: each exactly its one action, on the resources listed in pipeline-steps.ts.
/** Handing the training and model roles to SageMaker (conditioned on iam:PassedToService). */
export { PASS_ROLE_ACTIONS };
/** SageMaker creates KMS grants with the caller's credentials for an encrypted endpoint config. */
export const ENDPOINT_KMS_ACTIONS = ENDPOINT_VOLUME_KMS_ACTIONS;
/** Writing a function's own logs. */
export const LOG_WRITE_ACTIONS = LOG_STREAM_WRITE_ACTIONS;

/**
 * Error names Step Functions retries with backoff: throttling and transient service errors of each
 * integration. Unmodelled SageMaker errors (ThrottlingException among them) surface as
 * `SageMaker.SageMakerException` from aws-sdk tasks and `SageMaker.AmazonSageMakerException` from
 * the optimized `.sync` task.
 */
export const THROTTLING_ERRORS = {
  sagemakerSdk: ['SageMaker.SageMakerException', 'SageMaker.ThrottlingException'],
  sagemakerSync: ['SageMaker.AmazonSageMakerException'],
  stepFunctions: ['Sfn.SfnException', 'Sfn.ThrottlingException'],
  lambda: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.SdkClientException', 'Lambda.AWSLambdaException'],
  sns: ['SNS.AmazonSNSException', 'SNS.ThrottledException', 'SNS.SdkClientException'],
};
