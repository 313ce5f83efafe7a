import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** One unsuppressed cdk-nag finding. */
export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly description: string;
}

/**
 * Runs the AwsSolutions and NIST 800-53 R5 packs over a synthesized app and returns every
 * unsuppressed finding (errors and warnings). Call after `app.synth()` so aspects and lazies ran.
 */
export function nagFindings(app: App, scope: IConstruct = app): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of [new AwsSolutionsChecks(app), new NIST80053R5Checks(app)]) {
    const report = pack.validateScope(scope);
    for (const v of report.violations) {
      for (const r of v.violatingResources) findings.push({ rule: v.ruleName, path: r.constructPath ?? '(unknown)', description: v.description ?? '' });
    }
  }
  return findings;
}
