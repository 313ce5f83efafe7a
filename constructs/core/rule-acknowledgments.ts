import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A validation rule (cdk-nag or CloudFormation) the construct knowingly does not meet, and why. */
export interface RuleAcknowledgment {
  /**
   * Rule id as the validation report prints it, e.g. `AwsSolutions-S1`, or one finding of a rule,
   * e.g. `AwsSolutions-IAM5[Resource::*]`.
   */
  readonly id: string;
  /** Why the finding does not apply: shown in validation reports and listed in docs/security.md. */
  readonly reason: string;
}

/**
 * Acknowledges validation findings on a construct and everything below it, through aws-cdk-lib's
 * own `Validations.acknowledge` (which cdk-nag 3 honours), so the library needs no cdk-nag at run
 * time. Only for findings that follow from a documented design choice of the construct.
 */
export function acknowledgeRules(construct: IConstruct, rules: RuleAcknowledgment[]): void {
  Validations.of(construct).acknowledge(...rules.map((r) => ({ id: r.id, reason: r.reason })));
}

/**
 * The cdk-nag finding id of one IAM wildcard (rule `AwsSolutions-IAM5`), e.g. for `Action::s3:List*`
 * or a resource ARN with tokens: cdk-nag names findings by the resolved ARN with references
 * flattened to `<Ref>` / `<Resource.Attr>`, so the id is computed the same way here.
 */
export function iamWildcardFindingId(scope: IConstruct, kind: 'Action' | 'Resource', value: string): string {
  const flatten = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const n = node as Record<string, unknown>;
    if (n['Fn::Join']) {
      const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (n['Fn::Sub']) return flatten(n['Fn::Sub']);
    if (n['Fn::GetAtt']) {
      const [resource, attribute] = n['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (n.Ref) return `<${flatten(n.Ref)}>`;
    return JSON.stringify(node);
  };
  return `AwsSolutions-IAM5[${kind}::${flatten(Stack.of(scope).resolve(value))}]`;
}

/**
 * Acknowledges the IAM wildcards a construct needs (AWS APIs without resource-level permissions,
 * per-object grants under a prefix) plus NIST's inline-policy rule for CDK's per-role policies,
 * each with the reason.
 */
export function acknowledgeIamWildcards(role: IConstruct, wildcards: { kind: 'Action' | 'Resource'; value: string; reason: string }[]): void {
  acknowledgeRules(role, [
    ...wildcards.map((w) => ({ id: iamWildcardFindingId(role, w.kind, w.value), reason: w.reason })),
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The policy holds statements scoped to this one role\'s resources; a managed policy could be attached to other principals and widen access.',
    },
  ]);
}
