import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BUCKET_LIST_ACTIONS, CHECKPOINT_OBJECT_ACTIONS, INPUT_OBJECT_ACTIONS, KMS_DECRYPT_ACTIONS, KMS_ENCRYPT_ACTIONS,
  KMS_VOLUME_ACTIONS, LOG_GROUP_ACTIONS, LOG_STREAM_ACTIONS, OUTPUT_OBJECT_ACTIONS, PUT_METRIC_ACTIONS,
  TRAINING_LOG_GROUP, TRAINING_METRIC_NAMESPACE, VPC_CREATE_ENI_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_MANAGE_ENI_ACTIONS,
} from './perms';

/** One S3 location the job reads or writes: a bucket and a key prefix ('' = whole bucket). */
export interface S3Location {
  readonly bucket: s3.IBucket;
  readonly prefix: string;
}

/** Everything the job role must reach, already resolved by the construct. */
export interface TrainingJobAccess {
  readonly jobName: string;
  readonly inputs: S3Location[];
  /** The job's own output folder, `<output prefix>/<job name>/`. */
  readonly output: S3Location;
  readonly checkpoint?: S3Location;
  readonly outputKey?: kms.IKey;
  readonly volumeKey?: kms.IKey;
  readonly subnets?: ec2.ISubnet[];
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Grants the training job role exactly what SageMaker needs for this job. ECR pull permissions come
 * from ContainerImage.bind; nothing here is `s3:*`, a managed policy or `Resource: *` where a narrower
 * resource exists.
 */
export function grantTrainingJobAccess(scope: Construct, grantee: iam.IGrantable, access: TrainingJobAccess): void {
  const stack = Stack.of(scope);
  const add = (actions: string[], resourceArns: string[], conditions?: Record<string, Record<string, unknown>>) =>
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns, conditions });

  for (const input of access.inputs) {
    add(INPUT_OBJECT_ACTIONS, [input.bucket.arnForObjects(`${input.prefix}*`)]);
    listWithin(add, input);
    input.bucket.encryptionKey?.grant(grantee, ...KMS_DECRYPT_ACTIONS);
  }

  add(OUTPUT_OBJECT_ACTIONS, [access.output.bucket.arnForObjects(`${access.output.prefix}*`)]);
  access.output.bucket.encryptionKey?.grant(grantee, ...KMS_ENCRYPT_ACTIONS);
  access.outputKey?.grant(grantee, ...KMS_ENCRYPT_ACTIONS);

  if (access.checkpoint) {
    add(CHECKPOINT_OBJECT_ACTIONS, [access.checkpoint.bucket.arnForObjects(`${access.checkpoint.prefix}*`)]);
    listWithin(add, access.checkpoint);
    access.checkpoint.bucket.encryptionKey?.grant(grantee, ...KMS_ENCRYPT_ACTIONS);
  }

  access.volumeKey?.grant(grantee, ...KMS_VOLUME_ACTIONS);

  const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: TRAINING_LOG_GROUP, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  add(LOG_GROUP_ACTIONS, [`${logGroupArn}:*`]);
  add(LOG_STREAM_ACTIONS, [`${logGroupArn}:log-stream:${access.jobName}/*`]);
  add(PUT_METRIC_ACTIONS, ['*'], { StringEquals: { 'cloudwatch:namespace': TRAINING_METRIC_NAMESPACE } });

  if (access.subnets) {
    const ec2Arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name });
    add(VPC_DESCRIBE_ACTIONS, ['*']);
    add(VPC_CREATE_ENI_ACTIONS, [
      ec2Arn('network-interface', '*'),
      ...access.subnets.map((s) => ec2Arn('subnet', s.subnetId)),
      ...(access.securityGroups ?? []).map((g) => ec2Arn('security-group', g.securityGroupId)),
    ]);
    add(VPC_MANAGE_ENI_ACTIONS, [ec2Arn('network-interface', '*')]);
  }
}

/** ListBucket on the bucket, but only for keys under the location's prefix. */
function listWithin(
  add: (actions: string[], arns: string[], conditions?: Record<string, Record<string, unknown>>) => iam.Grant,
  location: S3Location,
): void {
  add(BUCKET_LIST_ACTIONS, [location.bucket.bucketArn],
    location.prefix ? { StringLike: { 's3:prefix': [`${location.prefix}*`] } } : undefined);
}
