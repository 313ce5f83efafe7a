/** IAM actions used by the Model Monitor constructs, in one place so reviews see every permission. */

import { PASS_ROLE_ACTIONS, PUT_METRIC_DATA_ACTIONS, SFN_SYNC_RULE_ACTIONS } from '../../core/private/iam-actions';

/** What a state machine needs to run a processing job with `.sync` (start, poll, stop on abort, tag). */
export const PROCESSING_JOB_SYNC_ACTIONS = [
  'sagemaker:CreateProcessingJob',
  'sagemaker:DescribeProcessingJob',
  'sagemaker:StopProcessingJob',
  'sagemaker:AddTags',
  'sagemaker:ListTags',
];

/** The managed EventBridge rule through which Step Functions learns that a processing job ended. */
export const SYNC_EVENT_RULE_ACTIONS = SFN_SYNC_RULE_ACTIONS;
/** Name of that rule (created by Step Functions in the account). */
export const PROCESSING_JOB_SYNC_RULE = 'StepFunctionsGetEventsForSageMakerProcessingJobsRule';

/** A processing or monitoring job writes its logs to CloudWatch Logs under /aws/sagemaker/ProcessingJobs. */
export const PROCESSING_LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

/** A baselining or monitoring job's output key: encrypt its reports, and let SageMaker grant its volumes the key. */
export const MONITOR_JOB_KMS_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'];
/** Handing the job role to SageMaker (conditioned on iam:PassedToService). */
export { PASS_ROLE_ACTIONS };
/** CloudWatch and EventBridge encrypt what they publish to the alarm topic with its key. */
export const TOPIC_PUBLISHER_KMS_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/** The analyzer publishes per-feature drift metrics (`*` is the only resource CloudWatch supports). */
export const MONITOR_METRIC_ACTIONS = PUT_METRIC_DATA_ACTIONS;
/** The CloudWatch namespace the analyzer publishes per-feature drift metrics to. */
export const DATA_QUALITY_METRIC_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';
