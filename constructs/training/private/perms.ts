/**
 * IAM action lists of the training job and its custom-resource handler, in one place so a security
 * review reads one file. Every list is exact: no `s3:*`, no `sagemaker:*`, no managed full-access policy.
 */

import {
  LOG_GROUP_CREATE_ACTIONS, LOG_STREAM_WRITE_ACTIONS, PASS_ROLE_ACTIONS, PUT_METRIC_DATA_ACTIONS, TRAINING_JOB_LIFECYCLE_ACTIONS,
  VPC_CREATE_ENI_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_MANAGE_ENI_ACTIONS,
} from '../../core/private/iam-actions';

/** Read one input channel: objects under the channel prefix. */
export const INPUT_OBJECT_ACTIONS = ['s3:GetObject'];
/** List the input bucket, limited to the channel prefix by an `s3:prefix` condition. */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket'];
/** Write the model artifacts and output data of one job. */
export const OUTPUT_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];
/** Sync spot-training checkpoints (read to resume, write to save). */
export const CHECKPOINT_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'];

/** The training log group (SageMaker creates it on first use). */
export const LOG_GROUP_ACTIONS = LOG_GROUP_CREATE_ACTIONS;
/** The job's own log streams (`<job name>/algo-N-...`). */
export const LOG_STREAM_ACTIONS = LOG_STREAM_WRITE_ACTIONS;
/** The log group every SageMaker training job writes to. */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** Publishing training metrics; CloudWatch has no resource-level permissions for it. */
export const PUT_METRIC_ACTIONS = PUT_METRIC_DATA_ACTIONS;
/** The CloudWatch namespace SageMaker publishes training metrics to. */
export const TRAINING_METRIC_NAMESPACE = '/aws/sagemaker/TrainingJobs';

/** VPC placement of the job: describe calls, creating and managing its network interfaces. */
export { VPC_CREATE_ENI_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_MANAGE_ENI_ACTIONS };

/** Decrypt inputs and checkpoints in SSE-KMS buckets. */
export const KMS_DECRYPT_ACTIONS = ['kms:Decrypt'];
/** Encrypt outputs and checkpoints with a KMS key (multipart uploads also need Decrypt). */
export const KMS_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];
/** Attach a KMS-encrypted EBS volume to the training instances. */
export const KMS_VOLUME_ACTIONS = ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'];

/** The custom-resource onEvent handler: start, inspect, stop and tag the stack's training jobs. */
export const HANDLER_ON_EVENT_ACTIONS = TRAINING_JOB_LIFECYCLE_ACTIONS;
/** The custom-resource isComplete handler only polls. */
export const HANDLER_IS_COMPLETE_ACTIONS = ['sagemaker:DescribeTrainingJob'];
/** Handing the job role to SageMaker. */
export { PASS_ROLE_ACTIONS };
/** Writing the handler functions' own logs. */
export const HANDLER_LOG_ACTIONS = LOG_STREAM_WRITE_ACTIONS;
