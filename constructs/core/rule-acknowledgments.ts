import { Validations } from 'aws-cdk-lib';
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

