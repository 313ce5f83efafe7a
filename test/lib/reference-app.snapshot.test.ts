import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';
import { MlopsTesting } from '../../constructs/testing';

/**
 * Snapshots of what the reference app synthesizes, reviewed on every change. Asset hashes, and the
 * training-job name hashes derived from them, are replaced by placeholders: they change with every edit
 * of container/, and the configuration they hash is in the snapshot itself.
 */
const normalize = MlopsTesting.normalizeSnapshot;

describe('reference app snapshots', () => {
  const { stacks, charts } = buildReferenceApp(appWithCdkJsonContext());

  test.each(stacks.map((s) => [s.stackName, s]))('CloudFormation of %s', (_name, stack) => {
    expect(normalize(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });

  test.each(charts.map((c) => [c.node.id, c]))('Kubernetes manifests of %s', (_id, chart) => {
    expect(chart.toJson()).toMatchSnapshot();
  });
});
