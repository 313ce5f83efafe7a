/**
 * The library's rule acknowledgements, checked against five cdk-nag packs over the reference app: every
 * pack is clean, and every acknowledgement suppresses at least one finding (one that suppresses nothing is
 * a stale or wrong reason, e.g. AwsSolutions-SM1/SM2 are notebook-instance rules, not model rules).
 */
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildReferenceApp } from '../../bin/reference-app';
import { equivalentRuleIds } from '../../constructs/core/private/rule-acknowledgments';
import { appWithCdkJsonContext } from '../app-context';

const ACK = 'aws:cdk:acknowledged-rules';
const idOf = (key: string) => key.replace(/^annotation::/i, '');

/** Runs the packs, recording which acknowledgement (construct path + rule id) answered each finding. */
function runPacks(app: App) {
  const used = new Set<string>();
  const proto = NagPack.prototype as unknown as { isAcknowledged: (r: IConstruct, id: string) => boolean };
  const original = proto.isAcknowledged;
  proto.isAcknowledged = function (resource: IConstruct, ruleId: string) {
    for (let c: IConstruct | undefined = resource; c; c = c.node.scope) {
      for (const entry of c.node.metadata) {
        if (entry.type !== ACK) continue;
        for (const key of Object.keys(entry.data)) if (idOf(key) === ruleId) used.add(`${c.node.path} ${ruleId}`);
      }
    }
    return original.call(this, resource, ruleId);
  };
  const findings: string[] = [];
  try {
    for (const pack of [new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app), new ServerlessChecks(app)]) {
      for (const v of pack.validateScope(app).violations) for (const r of v.violatingResources) findings.push(`${v.ruleName} at ${r.constructPath}`);
    }
  } finally {
    proto.isAcknowledged = original;
  }
  return { used, findings };
}

const app = appWithCdkJsonContext();
buildReferenceApp(app);
app.synth();
const { used, findings } = runPacks(app);

test('AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1 and Serverless: zero unacknowledged findings', () => {
  expect(findings).toEqual([]);
});

test('every acknowledgement suppresses at least one finding', () => {
  const all: string[] = [];
  for (const c of app.node.findAll()) {
    for (const entry of c.node.metadata) if (entry.type === ACK) for (const key of Object.keys(entry.data)) all.push(`${c.node.path} ${idOf(key)}`);
  }
  expect(all.length).toBeGreaterThan(20);
  expect(all.filter((a) => !used.has(a))).toEqual([]);
});

test('a NIST acknowledgement covers the same rule in HIPAA and PCI DSS, and Serverless where it repeats one', () => {
  expect(equivalentRuleIds('NIST.800.53.R5-LambdaDLQ')).toEqual(['NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ', 'Serverless-LambdaDLQ']);
  expect(equivalentRuleIds('NIST.800.53.R5-LambdaInsideVPC')).toEqual(['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC']);
  expect(equivalentRuleIds('AwsSolutions-IAM5[Resource::*]')).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  expect(equivalentRuleIds('AwsSolutions-SF2')).toEqual(['AwsSolutions-SF2', 'Serverless-StepFunctionStateMachineXray']);
});
