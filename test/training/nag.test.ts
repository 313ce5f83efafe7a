import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MlInstanceType } from '../../constructs/core';
import { S3DataDistribution, SageMakerTrainingJob, TrainingInput } from '../../constructs/training';
import { nagFindings } from '../compliance/nag';
import { trainingStackWithCdkJsonContext } from './fixtures';

test('training jobs (plain, and distributed spot in a VPC with KMS and alerts) have no unacknowledged AwsSolutions or NIST 800-53 R5 findings', () => {
  const { app, stack, data, baseProps } = trainingStackWithCdkJsonContext();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Alerts', { masterKey: key, enforceSSL: true });
  const plain = new SageMakerTrainingJob(stack, 'Job', baseProps);
  const full = new SageMakerTrainingJob(stack, 'Distributed', {
    ...baseProps,
    instanceType: MlInstanceType.P3_2XLARGE, // EBS-backed, so volumeEncryptionKey is allowed
    instanceCount: 2,
    inputChannels: { train: TrainingInput.fromMlBucket(data, 'mnist/train/', { distribution: S3DataDistribution.SHARDED_BY_S3_KEY }) },
    maxRuntime: Duration.minutes(20),
    spot: { maxWait: Duration.minutes(40) },
    vpc,
    volumeEncryptionKey: key,
    outputEncryptionKey: key,
    failureTopic: topic,
  });
  app.synth();

  // The VPC, key and topic are the test's own resources; judge the training constructs and their provider.
  const provider = stack.node.findChild('CdkMlopsTrainingJobProvider');
  const findings = [plain, full, provider].flatMap((scope) => nagFindings(app, scope));
  expect(findings.map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
});

test('control: an unexplained wildcard in the job role is still reported', () => {
  const { app, stack, baseProps } = trainingStackWithCdkJsonContext();
  const job = new SageMakerTrainingJob(stack, 'Job', baseProps);
  job.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::other/*'] }));
  app.synth();
  const rules = nagFindings(app, job).map((f) => f.rule);
  expect(rules).toContain('AwsSolutions-IAM5[Action::s3:Get*]');
});
