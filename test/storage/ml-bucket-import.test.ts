import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { IMlBucket, MlBucket, MlBucketPurpose } from '../../constructs/storage';
import { SageMakerTrainingJob, TrainingInput } from '../../constructs/training';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('MlBucket.fromBucketAttributes', () => {
  test('GIVEN a bucket name THEN the import has its name, ARN, purpose and the same prefix-scoped grants', () => {
    const stack = newStack();
    const imported: IMlBucket = MlBucket.fromBucketAttributes(stack, 'Shared', { bucketName: 'team-datasets', purpose: MlBucketPurpose.DATA });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    imported.grantRead(role, 'mnist/');
    expect(imported.bucketName).toBe('team-datasets');
    expect(stack.resolve(imported.bucketArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::team-datasets']] });
    expect(imported.purpose).toBe(MlBucketPurpose.DATA);
    expect(imported.s3UriForKey('mnist/train/')).toBe('s3://team-datasets/mnist/train/');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0); // nothing is created
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: Match.arrayWith(['s3:GetObject*']),
      Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::team-datasets/mnist/*']] }]),
    })]) } });
  });

  test('GIVEN an encryption key THEN grants include decrypting with it', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const imported = MlBucket.fromBucketAttributes(stack, 'Shared', { bucketName: 'team-datasets', encryptionKey: key });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    imported.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([
      Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']) }),
    ]) } });
  });

  test('THEN it is accepted where an MlBucket is: a training channel reads and is granted exactly its prefix', () => {
    const stack = newStack();
    const data = MlBucket.fromBucketAttributes(stack, 'Shared', { bucketArn: 'arn:aws:s3:::team-datasets' });
    const models = new MlBucket(stack, 'Models', { purpose: MlBucketPurpose.MODELS });
    new SageMakerTrainingJob(stack, 'Job', {
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'trainer'), '1.0'),
      instanceType: MlInstanceType.M5_XLARGE,
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'mnist/train/') },
      outputBucket: models.bucket,
    });
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).toContain('s3://team-datasets/mnist/train/');
    expect(json).toContain('arn:aws:s3:::team-datasets/mnist/train/*');
  });

  test('WHEN neither name nor ARN is given THEN one error says what is required', () => {
    expect(() => MlBucket.fromBucketAttributes(newStack(), 'Shared', {}))
      .toThrow("MlBucket.fromBucketAttributes at 'Stack/Shared': invalid prop\n  - bucketName = undefined: required unless bucketArn is given");
  });

  // The same bucket-name rule as a created MlBucket (bucketNameProblem).
  test.each([
    ['Team_Datasets', /bucketName = "Team_Datasets": must be 3-63 characters of lowercase letters/],
    ['datasets-s3alias', /bucketName = "datasets-s3alias": .*not ending with the reserved suffix "-s3alias"/],
    ['xn--datasets', /bucketName = "xn--datasets": .*not starting with the reserved prefix "xn--"/],
    ['10.0.0.1', /bucketName = "10.0.0.1": .*not formatted as an IP address/],
  ])('bucketName %j is refused with the rule that says why', (bucketName, message) => {
    expect(() => MlBucket.fromBucketAttributes(newStack(), 'Shared', { bucketName }))
      .toThrow(new RegExp(`MlBucket.fromBucketAttributes at 'Stack/Shared': invalid prop\\n.*${message.source}`));
  });

  test.each([
    ['arn:aws:s3:::datasets--ol-s3', /bucketArn = "arn:aws:s3:::datasets--ol-s3": the bucket name .*reserved suffix "--ol-s3"/],
    ['arn:aws:s3:::team-datasets/mnist', /bucketArn = "arn:aws:s3:::team-datasets\/mnist": must be an S3 bucket ARN, arn:<partition>:s3:::<bucket name> \(no object key\)/],
    ['arn:aws:s3:us-east-1:123456789012:accesspoint/ap', /bucketArn = .*: must be an S3 bucket ARN/],
  ])('bucketArn %j is refused', (bucketArn, message) => {
    expect(() => MlBucket.fromBucketAttributes(newStack(), 'Shared', { bucketArn })).toThrow(message);
  });

  test('bucketName and bucketArn naming different buckets is an error', () => {
    expect(() => MlBucket.fromBucketAttributes(newStack(), 'Shared', { bucketName: 'team-datasets', bucketArn: 'arn:aws:s3:::other-datasets' }))
      .toThrow(/bucketArn = "arn:aws:s3:::other-datasets": must name the same bucket as bucketName \("team-datasets"\)/);
  });

  test('token names and ARNs are not checked (their values are only known at deploy time)', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    expect(() => MlBucket.fromBucketAttributes(stack, 'ByName', { bucketName: name })).not.toThrow();
    expect(() => MlBucket.fromBucketAttributes(stack, 'ByArn', { bucketArn: arn, bucketName: 'team-datasets' })).not.toThrow();
  });
});
