import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';

/**
 * Snapshots of what the reference app synthesizes, reviewed on every change. Asset hashes are
 * replaced by a placeholder: they change with every edit of container/ and say nothing about the
 * infrastructure.
 */
const normalize = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/[0-9a-f]{64}/g, '<asset-hash>'));

describe('reference app snapshots', () => {
  const { stacks, charts } = buildReferenceApp(appWithCdkJsonContext());

  test.each(stacks.map((s) => [s.stackName, s]))('CloudFormation of %s', (_name, stack) => {
    expect(normalize(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });

  test.each(charts.map((c) => [c.node.id, c]))('Kubernetes manifests of %s', (_id, chart) => {
    expect(chart.toJson()).toMatchSnapshot();
  });
});
