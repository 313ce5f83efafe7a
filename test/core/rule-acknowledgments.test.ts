import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeRules } from '../../constructs/core/private/rule-acknowledgments';
import { acknowledgeWildcards, iamWildcardFindingId } from '../../constructs/core/private/iam-wildcards';
import { nagFindings } from '../compliance/nag';

/** A role with two IAM5 wildcards (a token resource and an action) in its inline default policy. */
function roleWithWildcards(stack: Stack) {
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/x/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroupArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:List*'], resources: ['arn:aws:s3:::bucket'] }));
  return { role, logGroupArn };
}

describe('iamWildcardFindingId', () => {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const { role, logGroupArn } = roleWithWildcards(stack);

  test('names a literal action or resource like cdk-nag', () => {
    expect(iamWildcardFindingId(role, 'Action', 's3:List*')).toBe('AwsSolutions-IAM5[Action::s3:List*]');
    expect(iamWildcardFindingId(role, 'Resource', '*')).toBe('AwsSolutions-IAM5[Resource::*]');
  });

  test('flattens tokens to <Ref> and <Resource.Attr> like cdk-nag', () => {
    expect(iamWildcardFindingId(role, 'Resource', logGroupArn))
      .toBe('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/x/*]');
    expect(iamWildcardFindingId(stack, 'Resource', `${role.roleArn}/*`)).toMatch(/^AwsSolutions-IAM5\[Resource::<Role[0-9A-F]+\.Arn>\/\*\]$/);
  });
});

describe('acknowledgments as cdk-nag sees them', () => {
  // One app, one stack per case, one cdk-nag run (loading and running the packs dominates the cost).
  const app = new App();
  const env = { account: '123456789012', region: 'us-east-1' };
  // GIVEN a stack without acknowledgments (the control) ...
  const ctl = roleWithWildcards(new Stack(app, 'Control', { env }));
  // ... one where both wildcards have a reason (matched on the final template by acknowledgeWildcards) ...
  const all = roleWithWildcards(new Stack(app, 'All', { env }));
  acknowledgeWildcards(all.role, [
    { pattern: /:log-group:\/aws\/x\/\*$/, reason: 'log group names are not known in advance' },
    { pattern: /^Action::s3:List\*$/, reason: 'listing only' },
  ]);
  // ... one where only one has ...
  const one = roleWithWildcards(new Stack(app, 'One', { env }));
  acknowledgeWildcards(one.role, [{ pattern: /^Action::s3:List\*$/, reason: 'listing only' }]);
  // ... and one with a whole rule acknowledged.
  const rule = roleWithWildcards(new Stack(app, 'Rule', { env }));
  acknowledgeRules(rule.role, [{ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'per-role statements' }]);
  // WHEN
  app.synth();
  const findings = nagFindings(app);
  const rulesIn = (stackName: string) => findings.filter((f) => f.path.startsWith(`${stackName}/`)).map((f) => f.rule);

  test('control: cdk-nag names the findings exactly as iamWildcardFindingId computes them', () => {
    const resource = iamWildcardFindingId(ctl.role, 'Resource', ctl.logGroupArn);
    const action = iamWildcardFindingId(ctl.role, 'Action', 's3:List*');
    expect(rulesIn('Control').sort()).toEqual([action, resource, 'NIST.800.53.R5-IAMNoInlinePolicy'].sort());
  });

  test('reasons matching every wildcard silence exactly those findings (and the inline-policy rule)', () => {
    expect(rulesIn('All')).toEqual([]);
  });

  test('a wildcard without a matching reason is still reported', () => {
    expect(rulesIn('One')).toEqual([iamWildcardFindingId(one.role, 'Resource', one.logGroupArn)]);
  });

  test('acknowledgeRules silences a rule on the construct and everything below it', () => {
    expect(rulesIn('Rule')).not.toContain('NIST.800.53.R5-IAMNoInlinePolicy');
    expect(rulesIn('Rule').filter((r) => r.startsWith('AwsSolutions-IAM5['))).toHaveLength(2);
  });
});

describe('acknowledgeWildcards under several scopes', () => {
  // GIVEN a policy under two acknowledging scopes (the role, and the stack around it)
  const app = new App();
  const stack = new Stack(app, 'Nested', { env: { account: '123456789012', region: 'us-east-1' } });
  const { role, logGroupArn } = roleWithWildcards(stack);
  acknowledgeWildcards(role, [{ pattern: /^Action::s3:List\*$/, reason: 'role: listing only' }]);
  acknowledgeWildcards(stack, [
    { pattern: /:log-group:\/aws\/x\/\*$/, reason: 'stack: log group names are not known in advance' },
    { pattern: /^Action::s3:List\*$/, reason: 'stack: listing only' },
  ]);
  // WHEN
  app.synth();
  const policy = role.node.findAll().find((c) => c instanceof iam.CfnPolicy)!;
  const acknowledged = policy.node.metadata.filter((e) => e.type === 'aws:cdk:acknowledged-rules')
    .flatMap((e) => Object.entries(e.data as Record<string, string>).map(([id, reason]) => `${id.replace(/^annotation::/i, '')} ${reason}`));

  test('each scope\'s matching reason is recorded once, and the inline-policy rule once (one validation per policy)', () => {
    const logGroup = iamWildcardFindingId(role, 'Resource', logGroupArn);
    expect(acknowledged.filter((a) => a.startsWith('AwsSolutions-IAM5')).sort()).toEqual([
      'AwsSolutions-IAM5[Action::s3:List*] role: listing only',
      'AwsSolutions-IAM5[Action::s3:List*] stack: listing only',
      `${logGroup} stack: log group names are not known in advance`,
    ].sort());
    expect(acknowledged.filter((a) => a.startsWith('NIST.800.53.R5-IAMNoInlinePolicy '))).toHaveLength(1);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
  });
});
