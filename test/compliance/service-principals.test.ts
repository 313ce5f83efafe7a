/**
 * Confused-deputy guard: in every resource policy of the reference app, an Allow for an AWS service principal
 * is limited to this account's (or this resource's) requests by an aws:SourceArn or aws:SourceAccount condition.
 * Role trust policies are out of scope: who may assume a role is decided by the role's own permissions, and
 * Lambda and Step Functions do not send these keys on sts:AssumeRole.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';

interface Statement { Effect: string; Principal?: { Service?: string | string[] } | string; Condition?: Record<string, Record<string, unknown>> }

/** Where each resource type keeps its policy document. */
const POLICY_OF: Record<string, (props: Record<string, unknown>) => unknown> = {
  'AWS::SNS::TopicPolicy': (p) => p.PolicyDocument,
  'AWS::S3::BucketPolicy': (p) => p.PolicyDocument,
  'AWS::SQS::QueuePolicy': (p) => p.PolicyDocument,
  'AWS::KMS::Key': (p) => p.KeyPolicy,
  'AWS::Events::EventBusPolicy': (p) => p.Statement && { Statement: [p.Statement] },
  'AWS::Logs::ResourcePolicy': (p) => (typeof p.PolicyDocument === 'string' ? JSON.parse(p.PolicyDocument) : undefined),
};

function hasSourceCondition(condition: Statement['Condition']): boolean {
  return Object.values(condition ?? {}).some((keys) =>
    Object.keys(keys).some((k) => /^aws:Source(Arn|Account|OrgID)$/i.test(k)));
}

const app = appWithCdkJsonContext();
const { stacks } = buildReferenceApp(app);

describe.each(stacks.map((s) => [s.stackName, s]))('%s', (_name, stack) => {
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

  test('every service-principal Allow in a resource policy carries a SourceArn/SourceAccount condition', () => {
    const unguarded: string[] = [];
    let checked = 0;
    for (const [id, r] of Object.entries(template.Resources)) {
      const document = POLICY_OF[r.Type]?.(r.Properties ?? {}) as { Statement?: Statement[] } | undefined;
      for (const st of document?.Statement ?? []) {
        const services = typeof st.Principal === 'object' ? [st.Principal.Service ?? []].flat() : [];
        if (st.Effect !== 'Allow' || services.length === 0) continue;
        checked += 1;
        if (!hasSourceCondition(st.Condition)) unguarded.push(`${id} (${r.Type}): ${services.join(', ')}`);
      }
      if (r.Type === 'AWS::Lambda::Permission' && /\.amazonaws\.com$/.test(String(r.Properties?.Principal))) {
        checked += 1;
        if (!r.Properties?.SourceArn && !r.Properties?.SourceAccount) unguarded.push(`${id} (Lambda permission): ${r.Properties?.Principal}`);
      }
    }
    expect(unguarded).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

test('the check sees service-principal statements at all (the reference app has some)', () => {
  let total = 0;
  for (const stack of stacks) {
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    total += (json.match(/"Service":"[a-z0-9.-]+\.amazonaws\.com"/g) ?? []).length;
  }
  expect(total).toBeGreaterThan(3);
});
