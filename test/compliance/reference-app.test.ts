import * as fs from 'fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';
import { nagFindings } from './nag';

/**
 * The reference app as `cdk synth` builds it: every stack is free of unsuppressed cdk-nag findings
 * (AwsSolutions + NIST 800-53 R5), of IAM over-grants, and of CloudFormation schema errors.
 */
/** The part of a template resource that may hold a policy document. */
interface PolicyHolder {
  Type: string;
  Properties?: { PolicyDocument?: { Statement: { Effect: string; Action: string | string[] }[] } };
}

describe('reference app compliance', () => {
  const app = appWithCdkJsonContext();
  const { stacks } = buildReferenceApp(app);
  const assembly = app.synth();

  test('has zero unsuppressed cdk-nag findings', () => {
    const findings = nagFindings(app).map((f) => `${f.rule} at ${f.path}`);
    expect(findings).toEqual([]);
  });

  test('every acknowledged rule carries a written reason', () => {
    const reasons: string[] = [];
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          reasons.push(reason);
          expect({ id, reason: reason.length > 30 }).toEqual({ id, reason: true });
        }
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
  });

  test('docs/security.md lists every acknowledged rule', () => {
    const page = fs.readFileSync(`${__dirname}/../../docs/security.md`, 'utf8');
    const rules = new Set<string>();
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        // `Annotation::AwsSolutions-IAM5[Resource::…]` → `AwsSolutions-IAM5`
        for (const id of Object.keys(entry.data)) rules.add(id.replace(/^annotation::/i, '').replace(/\[.*$/, ''));
      }
    }
    expect([...rules].filter((rule) => !page.includes(`\`${rule}\``))).toEqual([]);
  });

  test.each(stacks.map((s) => [s.stackName, s]))('%s grants no full access and no service-wide wildcard', (_name, stack) => {
    const template = Template.fromStack(stack).toJSON();
    expect(JSON.stringify(template)).not.toContain('AmazonSageMakerFullAccess');
    expect(JSON.stringify(template)).not.toContain('ManagedPolicyArns');
    const broadAllows: string[] = [];
    for (const [logicalId, resource] of Object.entries<PolicyHolder>(template.Resources)) {
      // KMS key policies keep CDK's standard account-root statement (kms:* for the account, so it can
      // never lock itself out); every other Allow must name actions.
      if (resource.Type === 'AWS::KMS::Key') continue;
      const document = resource.Properties?.PolicyDocument;
      for (const statement of document?.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat()) {
          if (action === '*' || /^[a-z0-9-]+:\*$/.test(action)) broadAllows.push(`${logicalId}: ${action}`);
        }
      }
    }
    expect(broadAllows).toEqual([]);
  });

  test.each(stacks.map((s) => [s.stackName, s]))('%s allows Resource "*" only for APIs without resource-level permissions', (_name, stack) => {
    const allowedStarActions = /^(cloudwatch:PutMetricData|ecr:GetAuthorizationToken|ec2:Describe\w+|ec2:\w*NetworkInterface\w*|logs:DescribeLogGroups|logs:(Create|Get|Update|Delete|List)LogDeliver(y|ies)|logs:PutResourcePolicy|logs:DescribeResourcePolicies|xray:\w+|sagemaker:Describe\w*|sagemaker:ListModelPackages)$/;
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    for (const [logicalId, policy] of Object.entries(policies)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const resources = [statement.Resource].flat();
        if (!resources.includes('*')) continue;
        for (const action of [statement.Action].flat()) {
          // Step Functions log delivery (the training provider's waiter): AWS documents Resource "*" for
          // these actions and aws-cdk-lib generates the statement.
          if (/statemachine/i.test(logicalId) && /^logs:(CreateLogStream|PutLogEvents)$/.test(action)) continue;
          // CDK Pipelines' self-mutation (`cdk deploy` of the pipeline stack) finds the bootstrap stack and its
          // staging bucket by names it learns at run time; aws-cdk-lib generates the statement.
          if (/SelfMutation/.test(logicalId) && /^(cloudformation:DescribeStacks|s3:ListBucket)$/.test(action)) continue;
          expect(`${logicalId}: ${action}`).toMatch(new RegExp(`: ${allowedStarActions.source.slice(1, -1)}$`));
        }
      }
    }
  });

  test('passes aws-cdk-lib\'s CloudFormation validation with zero errors', () => {
    // Unit tests turn the built-in validation off for speed; here it runs once on the real app.
    const previous = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'true';
    try {
      const validated = appWithCdkJsonContext();
      buildReferenceApp(validated);
      expect(() => validated.synth()).not.toThrow();
      const report = JSON.parse(fs.readFileSync(`${validated.outdir}/validation-report.json`, 'utf8'));
      const violations = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
      expect(violations).toEqual([]);
    } finally {
      process.env.CDK_VALIDATION = previous;
    }
  });

  test('synth is deterministic', () => {
    const again = appWithCdkJsonContext();
    buildReferenceApp(again);
    const second = again.synth();
    for (const stack of assembly.stacks) {
      expect(second.getStackByName(stack.stackName).template).toEqual(stack.template);
    }
  });
});
