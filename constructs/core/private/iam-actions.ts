/**
 * IAM action lists more than one area of the library grants, defined once. The areas' own `private/perms.ts`
 * files name them for their use (e.g. `MODEL_LOG_ACTIONS`) and hold the lists only they grant, so a security
 * review still reads one file per area and a shared list cannot drift between the areas.
 */

/** Writing log events to streams of a log group (a function's, a model's or a job's own). */
export const LOG_STREAM_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/** Creating a SageMaker log group on first use and listing its streams. */
export const LOG_GROUP_CREATE_ACTIONS = ['logs:CreateLogGroup', 'logs:DescribeLogStreams'];
/** Publishing custom metrics; `*` is the only resource CloudWatch supports for it. */
export const PUT_METRIC_DATA_ACTIONS = ['cloudwatch:PutMetricData'];
/** Handing a role to a service (always conditioned on `iam:PassedToService`). */
export const PASS_ROLE_ACTIONS = ['iam:PassRole'];
/** Describe calls SageMaker makes before it places a job or model in a VPC; EC2 requires `*` for them. */
export const VPC_DESCRIBE_ACTIONS = [
  'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
];
/** Creating network interfaces in the chosen subnets and security groups. */
export const VPC_CREATE_ENI_ACTIONS = ['ec2:CreateNetworkInterface'];
/** Managing those network interfaces once they exist. */
export const VPC_MANAGE_ENI_ACTIONS = [
  'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission',
];
/** Step Functions' managed EventBridge rule through which a `.sync` task learns that a SageMaker job ended. */
export const SFN_SYNC_RULE_ACTIONS = ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'];
/** SageMaker creates grants on the volume key of an encrypted endpoint configuration with the caller's credentials. */
export const ENDPOINT_VOLUME_KMS_ACTIONS = ['kms:CreateGrant', 'kms:DescribeKey'];
/** Starting, watching, stopping and tagging training jobs (the custom resource and the pipeline alike). */
export const TRAINING_JOB_LIFECYCLE_ACTIONS = [
  'sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags',
];
