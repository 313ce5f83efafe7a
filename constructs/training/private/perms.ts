/**
 * IAM action lists of the training job and its custom-resource handler, in one place so a security
 * review reads one file. Every list is exact: no `s3:*`, no `sagemaker:*`, no managed full-access policy.
 */

/** Read one input channel: objects under the channel prefix. */
export const INPUT_OBJECT_ACTIONS = ['s3:GetObject'];
/** List the input bucket, limited to the channel prefix by an `s3:prefix` condition. */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket'];
/** Write the model artifacts and output data of one job. */
export const OUTPUT_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];
/** Sync spot-training checkpoints (read to resume, write to save). */
export const CHECKPOINT_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'];

/** The training log group (SageMaker creates it on first use). */
export const LOG_GROUP_ACTIONS = ['logs:CreateLogGroup', 'logs:DescribeLogStreams'];
/** The job's own log streams (`<job name>/algo-N-...`). */
export const LOG_STREAM_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/** The log group every SageMaker training job writes to. */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
/** Publishing training metrics; CloudWatch has no resource-level permissions for it. */
export const PUT_METRIC_ACTIONS = ['cloudwatch:PutMetricData'];
/** The CloudWatch namespace SageMaker publishes training metrics to. */
export const TRAINING_METRIC_NAMESPACE = '/aws/sagemaker/TrainingJobs';

/** Describe calls SageMaker makes before it attaches the job to a VPC; EC2 requires `*` for them. */
export const VPC_DESCRIBE_ACTIONS = [
  'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
];
/** Creating the job's network interfaces in the chosen subnets and security groups. */
export const VPC_CREATE_ENI_ACTIONS = ['ec2:CreateNetworkInterface'];
/** Managing the job's network interfaces once they exist. */
export const VPC_MANAGE_ENI_ACTIONS = [
  'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission',
];

/** Decrypt inputs and checkpoints in SSE-KMS buckets. */
export const KMS_DECRYPT_ACTIONS = ['kms:Decrypt'];
/** Encrypt outputs and checkpoints with a KMS key (multipart uploads also need Decrypt). */
export const KMS_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];
/** Attach a KMS-encrypted EBS volume to the training instances. */
export const KMS_VOLUME_ACTIONS = ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'];

/** The custom-resource onEvent handler: start, inspect, stop and tag the stack's training jobs. */
export const HANDLER_ON_EVENT_ACTIONS = [
  'sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags',
];
/** The custom-resource isComplete handler only polls. */
export const HANDLER_IS_COMPLETE_ACTIONS = ['sagemaker:DescribeTrainingJob'];
/** Handing the job role to SageMaker. */
export const PASS_ROLE_ACTIONS = ['iam:PassRole'];
/** Writing the handler functions' own logs. */
export const HANDLER_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
