import { createHash } from 'node:crypto';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { lowerCaseSlug } from '../../core/private/configuration-hash';
import { acknowledgeWildcards, S3_BUCKET_ARN_PATTERN } from '../../core/private/iam-wildcards';
import { PROCESSING_LOG_ACTIONS } from './perms';

/** Internal helpers shared by the baselining step and the monitors (one place for each rule). */

/** Longest job-name prefix: SageMaker allows 63 characters and a 32-character hash follows `-`. */
export const MAX_MONITOR_JOB_PREFIX = 30;
/** Lower case, because SageMaker lower-cases names inside ARNs and IAM matches ARNs case-sensitively. */
export const JOB_NAME_PREFIX_PATTERN = /^[a-z0-9](-*[a-z0-9])*$/;
export const JOB_NAME_PREFIX_ALLOWED = 'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit';

/** `/a/b/` → `a/b`. */
export function trimSlashes(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/**
 * A deterministic, lower-case prefix from the construct path (which starts with the stack name), e.g.
 * `platform-digits-baseline`; a long path keeps its end and gains a hash of the whole path.
 */
export function jobNamePrefixFor(scope: Construct): string {
  const slug = lowerCaseSlug(scope.node.path) || 'monitor';
  if (slug.length <= MAX_MONITOR_JOB_PREFIX) return slug;
  const hash = createHash('sha256').update(scope.node.path).digest('hex').slice(0, 6);
  // Keep whole words from the end: `mlplatform-digits-dataqualitybaseline` → `dataqualitybaseline-<hash>`.
  const tail = slug.slice(slug.length - (MAX_MONITOR_JOB_PREFIX - 7));
  const whole = slug.charAt(slug.length - tail.length - 1) === '-' ? tail : tail.replace(/^[a-z0-9]*-/, '');
  return `${whole.replace(/^-+/, '') || tail}-${hash}`;
}

/**
 * The role a baselining or monitoring job runs with: assumable by SageMaker for this account only,
 * no managed policy; callers add the bucket and key grants it needs.
 */
export function createMonitorJobRole(scope: Construct, description: string): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description,
  });
  acknowledgeWildcards(role, MONITOR_WILDCARD_REASONS);
  return role;
}

/** Processing-job logs: SageMaker names the streams `<job>/<host>-<time>`, and monitoring jobs are named by SageMaker. */
export function grantMonitorJobLogs(scope: Construct, role: iam.IRole): void {
  const stack = Stack.of(scope);
  const group = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/ProcessingJobs', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: PROCESSING_LOG_ACTIONS,
    resources: [`${group}`, `${group}:log-stream:*`],
  }));
}

const MONITOR_WILDCARD_REASONS = [
  { pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/.*\\*$`), reason: 'S3 object access is limited to the dataset prefix, the '
    + 'data-capture prefix, the baseline prefix or the report prefix of this model; the keys under a prefix are not known ahead of time.' },
  { pattern: /:log-group:\/aws\/sagemaker\/ProcessingJobs:log-stream:\*$/, reason: 'Processing-job logs: SageMaker names the streams '
    + '<job>/<host>-<time>, and names the jobs of a monitoring schedule itself, so no narrower stream ARN exists.' },
  { pattern: /^Action::(s3:GetObject\*|s3:GetBucket\*|s3:List\*|s3:Abort\*|kms:GenerateDataKey\*|kms:ReEncrypt\*)$/, reason: 'The read/put '
    + 'action groups aws-cdk-lib grants for a bucket prefix and its KMS key (object reads, multipart abort, data keys).' },
  { pattern: /^Resource::\*$/, reason: 'cloudwatch:PutMetricData supports no resource-level permission; it is limited by a cloudwatch:namespace condition.' },
];
