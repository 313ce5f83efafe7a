/** IAM actions used by the serving constructs, in one place so reviews see every permission. */

import {
  ENDPOINT_VOLUME_KMS_ACTIONS, LOG_GROUP_CREATE_ACTIONS, LOG_STREAM_WRITE_ACTIONS, PUT_METRIC_DATA_ACTIONS, VPC_CREATE_ENI_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_MANAGE_ENI_ACTIONS,
} from '../../core/private/iam-actions';

/** What callers need to invoke an endpoint (sync, async and streaming). */
export const ENDPOINT_INVOKE_ACTIONS = [
  'sagemaker:InvokeEndpoint',
  'sagemaker:InvokeEndpointAsync',
  'sagemaker:InvokeEndpointWithResponseStream',
];

/** What a hosted model container writes to CloudWatch Logs. */
export const MODEL_LOG_ACTIONS = LOG_STREAM_WRITE_ACTIONS;
/** Creating the endpoint's log group (SageMaker creates it on first start). */
export const MODEL_LOG_GROUP_ACTIONS = LOG_GROUP_CREATE_ACTIONS;

/** Pulling a container image from ECR (the image of a registered version, which the model does not name). */
export const IMAGE_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
/** The registry login before a pull; `*` is the only resource ECR supports for it. */
export const IMAGE_AUTHORIZATION_ACTIONS = ['ecr:GetAuthorizationToken'];

/** Custom metrics emitted by a model container; `*` is the only resource CloudWatch supports. */
export const MODEL_METRIC_ACTIONS = PUT_METRIC_DATA_ACTIONS;

/** Elastic network interfaces SageMaker creates for a model in a VPC. */
export const VPC_NETWORK_INTERFACE_ACTIONS = [...VPC_CREATE_ENI_ACTIONS, ...VPC_MANAGE_ENI_ACTIONS];
/** The endpoint's volume key: SageMaker (with CloudFormation's credentials) creates a grant on it. */
export { ENDPOINT_VOLUME_KMS_ACTIONS };
/** Encrypting captured traffic with the capture key (the model's execution role writes it). */
export const DATA_CAPTURE_KMS_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Describe calls for VPC placement; EC2 does not support resource-level permissions for them. */
export { VPC_DESCRIBE_ACTIONS };
