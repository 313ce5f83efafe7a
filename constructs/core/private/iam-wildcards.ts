import { Aspects, CfnResource, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { acknowledgeRules, RuleAcknowledgment } from './rule-acknowledgments';

/**
 * Internal: acknowledging the IAM wildcards a construct needs on purpose. Not part of the public API
 * (takes RegExps); constructs import it from this file.
 */

/** A kind of wildcard finding a construct produces on purpose, and why. */
export interface WildcardReason {
  /** Matched against the finding, e.g. `Resource::arn:<AWS::Partition>:s3:::<Bucket>/data/*` or `Action::s3:List*`. */
  readonly pattern: RegExp;
  /** Shown in the validation report and listed in docs/security.md. */
  readonly reason: string;
}

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

/** The cdk-nag IAM5 finding id of one wildcard, e.g. `AwsSolutions-IAM5[Action::s3:List*]`. */
export function iamWildcardFindingId(scope: IConstruct, kind: 'Action' | 'Resource', value: string): string {
  return `AwsSolutions-IAM5[${kind}::${flattenReference(Stack.of(scope).resolve(value))}]`;
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

const INLINE_POLICY_REASON = 'Statements are generated for this role only (its buckets, prefixes and resources) and live and die '
  + 'with it; a managed policy could be attached to other principals and would add a second lifecycle without adding reuse.';

/** Where a policy keeps the reason lists of every acknowledgeWildcards scope above it (one validation per policy). */
const REASON_LISTS = Symbol('cdk-mlops.wildcardReasonLists');
type PolicyWithReasons = iam.CfnPolicy & { [REASON_LISTS]?: WildcardReason[][] };

class WildcardAcknowledger implements IAspect {
  constructor(private readonly reasons: WildcardReason[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    const policy: PolicyWithReasons = node;
    // A policy under several acknowledgeWildcards scopes (a model's role: the model, its model data, the pipeline)
    // gets one validation that reads its document once, not one per scope.
    const lists = policy[REASON_LISTS];
    if (lists) {
      if (!lists.includes(this.reasons)) lists.push(this.reasons);
      return;
    }
    const reasonLists = [this.reasons];
    policy[REASON_LISTS] = reasonLists;
    // Cross-stack references only become imports after the app is prepared, so the findings are
    // computed in the validation phase, which runs after that and before cdk-nag reads them.
    policy.node.addValidation({ validate: () => { acknowledgePolicyWildcards(policy, reasonLists); return []; } });
  }
}

function acknowledgePolicyWildcards(policy: iam.CfnPolicy, reasonLists: WildcardReason[][]): void {
  const findings = wildcardFindings(allowedActionsAndResources(policy));
  const acknowledged: RuleAcknowledgment[] = [];
  const seen = new Set<string>();
  const add = (ack: RuleAcknowledgment) => {
    const key = JSON.stringify([ack.id, ack.reason]);
    if (!seen.has(key)) acknowledged.push(ack);
    seen.add(key);
  };
  // Each scope's first matching reason, as when every scope acknowledged on its own (the same pairs, each once).
  for (const reasons of reasonLists) {
    for (const finding of findings) {
      const match = reasons.find((r) => r.pattern.test(finding));
      // A wildcard nobody explained stays a finding: it is either a bug or needs a written reason.
      if (match) add({ id: `AwsSolutions-IAM5[${finding}]`, reason: match.reason });
    }
  }
  add({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: INLINE_POLICY_REASON });
  acknowledgeRules(policy as CfnResource, acknowledged);
}

/**
 * The Allow statements' actions and resources of a policy, resolved as they will be in the template. Resolving
 * only these (not the whole document, whose resolution also merges, sorts and renders every statement, and which
 * synthesis resolves again) keeps what wildcardFindings reads and halves the cost; the wildcards are a set, so
 * statement merging cannot change them. A document that is not an iam.PolicyDocument is resolved whole.
 */
function allowedActionsAndResources(policy: iam.CfnPolicy): { Statement?: Array<Record<string, unknown>> } {
  const stack = Stack.of(policy);
  const document: unknown = policy.policyDocument;
  if (!(document instanceof iam.PolicyDocument)) return stack.resolve(document);
  const rendered = document.toJSON() as { Statement?: unknown };
  if (!Array.isArray(rendered.Statement)) return stack.resolve(document);
  const resolved = (value: unknown) => (value === undefined || !containsToken(value) ? value : stack.resolve(value));
  return {
    Statement: (rendered.Statement as Array<Record<string, unknown>>)
      .filter((statement) => statement.Effect === 'Allow')
      .map((statement) => ({ Effect: 'Allow', Action: resolved(statement.Action), Resource: resolved(statement.Resource) })),
  };
}

function containsToken(value: unknown): boolean {
  if (typeof value === 'string') return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(containsToken);
  return value !== null && typeof value === 'object';
}

/**
 * At synthesis, acknowledges each wildcard finding of the IAM policies under `scope` that matches one
 * of `reasons`, with that reason (plus NIST's inline-policy rule). Computed from the final template,
 * so the ids are exactly what cdk-nag reports, and a new, unexplained wildcard is still reported.
 */
export function acknowledgeWildcards(scope: IConstruct, reasons: WildcardReason[]): void {
  Aspects.of(scope).add(new WildcardAcknowledger(reasons));
}

/**
 * An S3 object ARN as cdk-nag flattens it: a bucket's `<X.Arn>`, a literal ARN (its partition may be the
 * `<AWS::Partition>` pseudo parameter, as for `Bucket.fromBucketName`), or a cross-stack import.
 */
export const S3_BUCKET_ARN_PATTERN = '(<[^>]+\\.Arn>|arn:(?:<AWS::Partition>|[^:]*):s3:::[^/]+|[A-Za-z0-9-]+:ExportsOutput[A-Za-z0-9]+)';
