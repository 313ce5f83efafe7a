import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MlBucket, MlBucketPurpose, MlopsTesting } from '../../index';

describe('MlopsTesting.nagFindings / assertNagClean', () => {
  test('an MlBucket is clean: its one NIST finding is acknowledged with a reason', () => {
    const app = new App();
    new MlBucket(new Stack(app, 'Stack'), 'Data', { purpose: MlBucketPurpose.DATA });
    expect(MlopsTesting.nagFindings(app)).toEqual([]);
    expect(() => MlopsTesting.assertNagClean(app)).not.toThrow();
  });

  test('a plain bucket is reported, rule by rule, with its construct path', () => {
    const app = new App();
    new s3.Bucket(new Stack(app, 'Stack'), 'Plain');
    const findings = MlopsTesting.nagFindings(app);
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ ruleName: 'AwsSolutions-S1', constructPath: 'Stack/Plain/Resource' }),
      expect.objectContaining({ ruleName: 'AwsSolutions-S10', constructPath: 'Stack/Plain/Resource' }),
    ]));
    expect(() => MlopsTesting.assertNagClean(app)).toThrow(/unsuppressed cdk-nag findings:\n {2}- AwsSolutions-S1 at Stack\/Plain\/Resource: /);
  });

  test('scope limits the findings to one construct', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new s3.Bucket(stack, 'Plain');
    const clean = new MlBucket(stack, 'Data', { purpose: MlBucketPurpose.DATA });
    expect(MlopsTesting.nagFindings(app, clean)).toEqual([]);
  });
});

describe('MlopsTesting.validateKubernetesManifests', () => {
  const deployment = (replicas: unknown) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });

  test('accepts valid objects and names the first invalid one', () => {
    expect(() => MlopsTesting.validateKubernetesManifests([deployment(2)])).not.toThrow();
    expect(() => MlopsTesting.validateKubernetesManifests([deployment(1), deployment('two')]))
      .toThrow(/Deployment 'web' \(object 1, apps\/v1\) is invalid: .*replicas must be integer/);
  });

  test('never skips a kind it cannot check', () => {
    expect(() => MlopsTesting.validateKubernetesManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toThrow(/no schema for example.com\/v1\/Widget/);
  });
});

describe('MlopsTesting.normalizeSnapshot', () => {
  test('replaces asset hashes and training-job configuration hashes, nothing else', () => {
    const hash = 'a'.repeat(64);
    const input = {
      Code: { S3Key: `${hash}.zip` },
      Image: `111111111111.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets:${hash}`,
      TrainingJobName: 'mlplatform--training-mnist-0123456789ab',
      Other: 'deadbeef-0123456789ab', // no stack scope (`--`): not a job name
    };
    expect(MlopsTesting.normalizeSnapshot(input)).toEqual({
      Code: { S3Key: '<asset-hash>.zip' },
      Image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets:<asset-hash>',
      TrainingJobName: 'mlplatform--training-mnist-<config-hash>',
      Other: 'deadbeef-0123456789ab',
    });
  });
});
