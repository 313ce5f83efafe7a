import { Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { acknowledgeRules } from '../core';

/** A kind of wildcard finding this construct produces on purpose, and why. */
export interface WildcardReason {
  /** Matched against the finding, e.g. `Resource::arn:<AWS::Partition>:s3:::<Bucket>/data/*`. */
  readonly pattern: RegExp;
  /** Shown in the validation report. */
  readonly reason: string;
}

/** Wildcards every cdk-mlops training construct produces. */
export const COMMON_WILDCARD_REASONS: WildcardReason[] = [
  { pattern: /^Resource::\*$/, reason: 'Only for actions AWS offers no resource-level permission for: ecr:GetAuthorizationToken, '
    + 'cloudwatch:PutMetricData (limited by a cloudwatch:namespace condition) and ec2:Describe* (VPC jobs only).' },
  { pattern: /^Resource::(<[^>]+\.Arn>|arn:[^:]*:s3:::[^/]+)\/.*\*$/, reason: 'S3 object access is limited to the key prefix of '
    + 'one input channel (the whole bucket only when the channel prefix is empty), the job\'s own output folder or its checkpoint '
    + 'prefix; the keys under a prefix are not known ahead of time.' },
  { pattern: /:training-job\/[a-z0-9-]+-\*$/, reason: 'Limited to training jobs named <prefix>-<configuration hash>; the hash changes with '
    + 'the configuration, so the prefix is the narrowest stable resource.' },
  { pattern: /:log-group:\/aws\/sagemaker\/TrainingJobs:/, reason: 'SageMaker training logs: the shared /aws/sagemaker/TrainingJobs group '
    + '(create/describe) and this job\'s own log streams (<job name>/*), whose suffixes SageMaker chooses.' },
  { pattern: /:network-interface\/\*$/, reason: 'SageMaker creates the job\'s network interfaces at run time; their ids cannot be known ahead.' },
  { pattern: /:log-group:.*:\*$/, reason: 'Log streams of the handler\'s own log group; Lambda chooses the stream names.' },
  { pattern: /^Resource::<[^>]+\.Arn>:\*$/, reason: 'Provider framework: invoking any version of its own handler functions.' },
];

const INLINE_POLICY_REASON = 'Statements are generated for this role only (its buckets, prefixes and job names) and must be '
  + 'created and deleted with it; a managed policy would add a second lifecycle without adding reuse.';

/** Turns a resolved CloudFormation value into the flat string cdk-nag's IAM5 rule reports. */
export function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const o = node as Record<string, unknown>;
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (o['Fn::Sub']) return flattenReference(o['Fn::Sub']);
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (o['Fn::ImportValue']) return flattenReference(o['Fn::ImportValue']);
  if (o.Ref) return `<${flattenReference(o.Ref)}>`;
  return JSON.stringify(node);
}

/** The wildcard findings (`Action::...`, `Resource::...`) of a resolved policy document. */
export function wildcardFindings(document: { Statement?: Array<Record<string, unknown>> }): string[] {
  const found = new Set<string>();
  const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of list(statement.Action)) if (typeof action === 'string' && action.includes('*')) found.add(`Action::${action}`);
    for (const resource of list(statement.Resource)) {
      const flat = flattenReference(resource);
      if (flat.includes('*')) found.add(`Resource::${flat}`);
    }
  }
  return [...found];
}

class WildcardAcknowledger implements IAspect {
  constructor(private readonly reasons: WildcardReason[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument);
    const acknowledged = [];
    for (const finding of wildcardFindings(document)) {
      const match = this.reasons.find((r) => r.pattern.test(finding));
      // A wildcard nobody explained stays a finding: it is either a bug or needs a written reason.
      if (match) {
        acknowledged.push({ id: `AwsSolutions-IAM5[${finding}]`, reason: match.reason });
      }
    }
    acknowledged.push({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: INLINE_POLICY_REASON });
    acknowledgeRules(node as CfnResource, acknowledged);
  }
}

/**
 * At synthesis, acknowledges each wildcard finding of the IAM policies under `scope` that matches one of
 * `reasons`, with that reason. Computed from the final template, so the acknowledgements name exactly the
 * resources cdk-nag reports, and a new, unexplained wildcard is still reported.
 */
export function acknowledgeWildcards(scope: IConstruct, reasons: WildcardReason[] = COMMON_WILDCARD_REASONS): void {
  Aspects.of(scope).add(new WildcardAcknowledger(reasons));
}
