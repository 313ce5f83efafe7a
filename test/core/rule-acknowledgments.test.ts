import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeIamWildcards, acknowledgeRules, iamWildcardFindingId } from '../../constructs/core';
import { nagFindings } from '../compliance/nag';

function stackWithRole() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/x/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroupArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:List*'], resources: ['arn:aws:s3:::bucket'] }));
  return { app, stack, role, logGroupArn };
}

const iam5 = (app: App) => nagFindings(app).filter((f) => f.rule.startsWith('AwsSolutions-IAM5')).map((f) => f.path);

describe('iamWildcardFindingId', () => {
  test('names a literal action or resource like cdk-nag', () => {
    const { role } = stackWithRole();
    expect(iamWildcardFindingId(role, 'Action', 's3:List*')).toBe('AwsSolutions-IAM5[Action::s3:List*]');
    expect(iamWildcardFindingId(role, 'Resource', '*')).toBe('AwsSolutions-IAM5[Resource::*]');
  });

  test('flattens tokens to <Ref> and <Resource.Attr> like cdk-nag', () => {
    const { stack, role, logGroupArn } = stackWithRole();
    expect(iamWildcardFindingId(role, 'Resource', logGroupArn))
      .toBe('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/x/*]');
    const roleWildcard = `${role.roleArn}/*`;
    expect(iamWildcardFindingId(stack, 'Resource', roleWildcard)).toMatch(/^AwsSolutions-IAM5\[Resource::<Role[0-9A-F]+\.Arn>\/\*\]$/);
  });
});

describe('acknowledging findings through Validations', () => {
  test('control: without acknowledgments cdk-nag reports the wildcards', () => {
    const { app } = stackWithRole();
    app.synth();
    expect(iam5(app)).toContain('Stack/Role/DefaultPolicy/Resource');
  });

  test('the computed ids silence exactly those findings in cdk-nag', () => {
    // GIVEN
    const { app, role, logGroupArn } = stackWithRole();
    // WHEN
    acknowledgeIamWildcards(role, [
      { kind: 'Resource', value: logGroupArn, reason: 'log group names are not known in advance' },
      { kind: 'Action', value: 's3:List*', reason: 'listing only' },
    ]);
    app.synth();
    // THEN
    expect(iam5(app)).toEqual([]);
    expect(nagFindings(app).map((f) => f.rule)).not.toContain('NIST.800.53.R5-IAMNoInlinePolicy');
  });

  test('acknowledging one wildcard leaves the other reported', () => {
    const { app, role } = stackWithRole();
    acknowledgeIamWildcards(role, [{ kind: 'Action', value: 's3:List*', reason: 'listing only' }]);
    app.synth();
    expect(iam5(app)).toContain('Stack/Role/DefaultPolicy/Resource');
  });

  test('acknowledgeRules silences a rule on the construct and everything below it', () => {
    // GIVEN: the NIST pack flags the role's inline (default) policy
    const control = stackWithRole();
    control.app.synth();
    expect(nagFindings(control.app).map((f) => f.rule)).toContain('NIST.800.53.R5-IAMNoInlinePolicy');
    // WHEN
    const { app, role } = stackWithRole();
    acknowledgeRules(role, [{ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'per-role statements' }]);
    app.synth();
    // THEN
    expect(nagFindings(app).map((f) => f.rule)).not.toContain('NIST.800.53.R5-IAMNoInlinePolicy');
  });
});
