import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ContainerImage } from '../../constructs/core';
import { ModelPackageGroup } from '../../constructs/registry';
import { ModelData, SageMakerModel } from '../../constructs/serving';

const ENV = { account: '123456789012', region: 'us-east-1' };

function stack() {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function statements(template: Template): Array<Record<string, unknown>> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('ModelPackageGroup', () => {
  test('creates the group with its name and description', () => {
    const s = stack();
    const group = new ModelPackageGroup(s, 'Registry', { modelPackageGroupName: 'digits', description: 'Digit classifiers' });
    Template.fromStack(s).hasResourceProperties('AWS::SageMaker::ModelPackageGroup', {
      ModelPackageGroupName: 'digits', ModelPackageGroupDescription: 'Digit classifiers',
    });
    expect(s.resolve(group.packageArn(3))).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model-package/digits/3']] });
    expect(s.resolve(group.packagesArn())).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model-package/digits/*']] });
  });

  test('default name: lower case, from the construct path, deterministic', () => {
    const a = stack();
    new ModelPackageGroup(a, 'Registry');
    const b = stack();
    new ModelPackageGroup(b, 'Registry');
    const name = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::SageMaker::ModelPackageGroup'))[0].Properties.ModelPackageGroupName;
    expect(name(a)).toMatch(/^[a-z0-9](-*[a-z0-9])*$/);
    expect(name(a)).toBe(name(b));
    expect(name(a).length).toBeLessThanOrEqual(63);
  });

  test('cross-account read through the group policy, for whole accounts', () => {
    const s = stack();
    new ModelPackageGroup(s, 'Registry', { modelPackageGroupName: 'digits', crossAccountReadAccounts: ['210987654321'] });
    const policy = Object.values(Template.fromStack(s).findResources('AWS::SageMaker::ModelPackageGroup'))[0].Properties.ModelPackageGroupPolicy;
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'sagemaker:DescribeModelPackageGroup' });
    expect(policy.Statement[1].Action).toEqual(['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages']);
    expect(JSON.stringify(policy.Statement[0].Principal)).toContain(':iam::210987654321:root');
    expect(JSON.stringify(policy.Statement[1].Resource)).toContain(':model-package/digits/*');
  });

  test('grants: register on the group and its versions, read, approve', () => {
    const s = stack();
    const group = new ModelPackageGroup(s, 'Registry', { modelPackageGroupName: 'digits' });
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
    group.grantRegister(role);
    group.grantRead(role);
    group.grantApprove(role);
    const byAction = Object.fromEntries(statements(Template.fromStack(s)).map((st) => [String(st.Action), JSON.stringify(st.Resource)]));
    expect(byAction['sagemaker:CreateModelPackage']).toMatch(/ModelPackageGroupArn.*model-package\/digits\/\*/);
    expect(byAction['sagemaker:DescribeModelPackage']).toContain('model-package/digits/*');
    expect(byAction['sagemaker:DescribeModelPackageGroup']).toContain('ModelPackageGroupArn');
    expect(byAction['sagemaker:ListModelPackages']).toBe('"*"');
    expect(byAction['sagemaker:UpdateModelPackage']).toContain('model-package/digits/*');
  });

  test('imported by name', () => {
    const s = stack();
    const group = ModelPackageGroup.fromModelPackageGroupName(s, 'Imported', 'prod-digits');
    expect(s.resolve(group.modelPackageGroupArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model-package-group/prod-digits']] });
  });

  test.each([
    [{ modelPackageGroupName: 'Digits' }, /modelPackageGroupName = "Digits": must be 1-63 lower-case letters/],
    [{ modelPackageGroupName: 'a'.repeat(64) }, /modelPackageGroupName = "a{64}"/],
    [{ crossAccountReadAccounts: ['12345'] }, /crossAccountReadAccounts\[0\] = "12345": must be a 12-digit AWS account id/],
    [{ description: 'x'.repeat(1025) }, /description = "1025 characters": at most 1024 characters/],
  ])('bad input %#', (props, message) => {
    expect(() => new ModelPackageGroup(stack(), 'Registry', props)).toThrow(new RegExp(`ModelPackageGroup at 'Stack/Registry': invalid prop\\n.*${message.source}`));
  });
});

describe('ModelData.fromModelPackage', () => {
  test('the model is created from the version: pinning or rolling back is the version number', () => {
    const s = stack();
    const group = new ModelPackageGroup(s, 'Registry', { modelPackageGroupName: 'digits' });
    const bucket = s3.Bucket.fromBucketName(s, 'Models', 'models');
    new SageMakerModel(s, 'Model', {
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'digits'), '1.0'),
      modelData: ModelData.fromModelPackage({ modelPackageGroup: group, version: 2, artifactsBucket: bucket, artifactsPrefix: 'digits/' }),
    });
    const template = Template.fromStack(s);
    const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0].Properties;
    expect(model.PrimaryContainer).toEqual({ ModelPackageName: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model-package/digits/2']] } });
    const reads = statements(template).filter((st) => st.Action === 's3:GetObject').map((st) => JSON.stringify(st.Resource));
    expect(reads).toContainEqual(expect.stringContaining(':s3:::models/digits/*'));
  });

  test('bad version', () => {
    const s = stack();
    const group = new ModelPackageGroup(s, 'Registry', { modelPackageGroupName: 'digits' });
    expect(() => new SageMakerModel(s, 'Model', {
      image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'digits'), '1.0'),
      modelData: ModelData.fromModelPackage({ modelPackageGroup: group, version: 0, artifactsBucket: s3.Bucket.fromBucketName(s, 'B', 'models') }),
    })).toThrow(/ModelData.fromModelPackage at 'Stack\/Model'.*\n.*version = 0: must be a version number of the group/);
  });

  test('plain-JavaScript callers: missing group or bucket and a non-string prefix are named, all at once (no TypeError)', () => {
    const s = stack();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const data = ModelData.fromModelPackage({ version: 1.5, artifactsPrefix: 7 } as any);
    expect(() => new SageMakerModel(s, 'Model', { modelData: data })).toThrow(new RegExp([
      "ModelData.fromModelPackage at 'Stack/Model': 4 invalid props",
      '  - modelPackageGroup = undefined: is required: the IModelPackageGroup the version belongs to',
      '  - version = 1.5: must be a version number of the group: an integer ≥ 1',
      "  - artifactsBucket = undefined: is required: the s3.IBucket holding the versions' model archives",
      '  - artifactsPrefix = 7: must be a key prefix string',
    ].map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\n')));
  });
});
