import { IConstruct } from 'constructs';
import { acknowledgeWildcards as acknowledge, S3_BUCKET_ARN_PATTERN, WildcardReason } from '../../core/private/iam-wildcards';

/** Wildcards every cdk-mlops training construct produces. */
export const COMMON_WILDCARD_REASONS: WildcardReason[] = [
  { pattern: /^Resource::\*$/, reason: 'Only for actions AWS offers no resource-level permission for: ecr:GetAuthorizationToken, '
    + 'cloudwatch:PutMetricData (limited by a cloudwatch:namespace condition) and ec2:Describe* (VPC jobs only).' },
  { pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/.*\\*$`), reason: 'S3 object access is limited to the key prefix of '
    + 'one input channel (the whole bucket only when the channel prefix is empty), the job\'s own output folder or its checkpoint '
    + 'prefix; the keys under a prefix are not known ahead of time.' },
  { pattern: /:training-job\/[a-z0-9-]+--\*$/, reason: 'Limited to the training jobs of this stack, named <stack>--<construct>-<configuration hash>; '
    + 'names change with the configuration and constructs may be renamed or removed, so the stack scope is the narrowest stable '
    + 'resource that still lets CloudFormation describe and stop every job it deletes.' },
  { pattern: /:log-group:\/aws\/sagemaker\/TrainingJobs:/, reason: 'SageMaker training logs: the shared /aws/sagemaker/TrainingJobs group '
    + '(create/describe) and this job\'s own log streams (<job name>/*), whose suffixes SageMaker chooses.' },
  { pattern: /:network-interface\/\*$/, reason: 'SageMaker creates the job\'s network interfaces at run time; their ids cannot be known ahead.' },
  { pattern: /:log-group:.*:\*$/, reason: 'Log streams of the handler\'s own log group; Lambda chooses the stream names.' },
  { pattern: /^Resource::<[^>]+\.Arn>:\*$/, reason: 'Provider framework: invoking any version of its own handler functions.' },
];

/** Acknowledges the training constructs' wildcards (see {@link COMMON_WILDCARD_REASONS}) under `scope`. */
export function acknowledgeWildcards(scope: IConstruct, reasons: WildcardReason[] = COMMON_WILDCARD_REASONS): void {
  acknowledge(scope, reasons);
}
