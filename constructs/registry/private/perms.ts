/**
 * IAM actions of the model registry, in one place so a security review reads one file. Every list is
 * exact: no `sagemaker:*`.
 */

/** Register a new version in a group (CreateModelPackage is authorized on the group and the new package). */
export const REGISTER_ACTIONS = ['sagemaker:CreateModelPackage'];
/** Read a group and its versions. */
export const READ_GROUP_ACTIONS = ['sagemaker:DescribeModelPackageGroup'];
/** Read one version (its image, model data, metrics, approval status and metadata). */
export const READ_PACKAGE_ACTIONS = ['sagemaker:DescribeModelPackage'];
/** List the versions of a group; SageMaker authorizes ListModelPackages on `*` only (no resource type). */
export const LIST_PACKAGE_ACTIONS = ['sagemaker:ListModelPackages'];
/** Approve or reject a version. */
export const APPROVE_ACTIONS = ['sagemaker:UpdateModelPackage'];
/** What another account may do through the group's resource policy: read, and create models from versions. */
export const CROSS_ACCOUNT_GROUP_ACTIONS = READ_GROUP_ACTIONS;
export const CROSS_ACCOUNT_PACKAGE_ACTIONS = ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'];
