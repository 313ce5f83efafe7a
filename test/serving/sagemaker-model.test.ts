import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ModelPackageGroup } from '../../constructs/registry';
import { ModelData, ModelDataConfig, SageMakerModel, SageMakerModelProps } from '../../constructs/serving';
import { nagFindings } from '../compliance/nag';
import { ecrImage, newModel, newStack } from './fixtures';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

function synth(props: Partial<SageMakerModelProps> = {}, setup?: (stack: Stack) => Partial<SageMakerModelProps>) {
  const stack = newStack();
  const model = newModel(stack, 'Model', { ...props, ...setup?.(stack) });
  const template = Template.fromStack(stack);
  const statements: Statement[] = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  return { stack, model, template, statements };
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => s.Action);

describe('SageMakerModel defaults', () => {
  const { template, statements, stack, model } = synth({ environment: { SAGEMAKER_PROGRAM: 'serve.py', MODEL_NAME: 'mnist' } });

  test('creates a role that only SageMaker may assume, with no managed policies', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('AmazonSageMakerFullAccess');
  });

  test('the role gets no service-wide wildcards (no sagemaker:*, s3:*, ecr:*)', () => {
    for (const action of actionsOf(statements)) expect(action).not.toMatch(/^[a-z0-9]+:\*$/);
    expect(actionsOf(statements)).not.toContain('*');
  });

  test('turns network isolation on, uses the image and renders the environment', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelRole'), 'Arn'] },
      PrimaryContainer: {
        Image: { 'Fn::Join': ['', ['123456789012.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/mnist:1.0.0']] },
        Environment: { SAGEMAKER_PROGRAM: 'serve.py', MODEL_NAME: 'mnist' },
        ModelDataUrl: Match.absent(),
      },
      VpcConfig: Match.absent(),
    });
  });

  test('waits for the role policy, so SageMaker can pull the image when it creates the model', () => {
    const [resource] = Object.values(template.findResources('AWS::SageMaker::Model'));
    expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ModelRoleDefaultPolicy/), expect.stringMatching(/^ModelRole[0-9A-F]+$/)]));
  });

  test('may write logs only to SageMaker endpoint log groups and metrics only to SageMaker namespaces', () => {
    const logs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
    expect(logs.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining(':log-group:/aws/sagemaker/Endpoints/*"'),
      expect.stringContaining(':log-group:/aws/sagemaker/Endpoints/*:log-stream:*"'),
    ]);
    expect(statements).toContainEqual({
      Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*',
      Condition: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/Endpoints', 'AWS/SageMaker', 'cdk-mlops/*'] } },
    });
    expect(actionsOf(statements).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  test('modelName is the GetAtt and modelArn the Ref of the model', () => {
    const logicalId = stack.getLogicalId(model.node.defaultChild as never);
    expect(stack.resolve(model.modelName)).toEqual({ 'Fn::GetAtt': [logicalId, 'ModelName'] });
    expect(stack.resolve(model.modelArn)).toEqual({ Ref: logicalId });
    expect(model.grantPrincipal).toBe(model.role);
    expect(model.connections).toBeUndefined();
  });
});

describe('SageMakerModel options', () => {
  test('networkIsolation false turns isolation off', () => {
    synth({ networkIsolation: false }).template.hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: false });
  });

  test('a physical model name is used', () => {
    synth({ modelName: 'mnist-v2' }).template.hasResourceProperties('AWS::SageMaker::Model', { ModelName: 'mnist-v2' });
  });

  test('ModelData.fromBucket sets ModelDataUrl and grants read of exactly that key', () => {
    // GIVEN
    const { template, statements } = synth({}, (s) => ({
      modelData: ModelData.fromBucket(new s3.Bucket(s, 'Models'), 'mnist/v1/model.tar.gz'),
    }));
    const bucketId = Object.keys(template.findResources('AWS::S3::Bucket'))[0];
    // THEN
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/mnist/v1/model.tar.gz']] } },
    });
    const s3Statements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    // Only the object SageMaker downloads: no listing, no bucket-level reads, no wildcard actions.
    expect(s3Statements).toEqual([{
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/mnist/v1/model.tar.gz']] },
    }]);
  });

  test('ModelData.fromAsset uploads a model.tar.gz and grants read of the asset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-model-'));
    const archive = path.join(dir, 'model.tar.gz');
    fs.writeFileSync(archive, 'not really gzip, the asset only hashes it');
    const { template, statements } = synth({ modelData: ModelData.fromAsset(archive) });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      // The asset key keeps only the last extension (`<hash>.gz`); SageMaker reads the archive, not the suffix.
      PrimaryContainer: { ModelDataUrl: Match.stringLikeRegexp('^s3://cdk-hnb659fds-assets-123456789012-us-east-1/[0-9a-f]{64}\\.gz$') },
    });
    expect(JSON.stringify(statements)).toContain('cdk-hnb659fds-assets-');
  });

  test('ModelData.fromAsset rejects anything but a .tar.gz', () => {
    const stack = newStack();
    expect(() => newModel(stack, 'Model', { modelData: ModelData.fromAsset('/models/mnist.onnx') }))
      .toThrow(`ModelData.fromAsset at 'Stack/Model': invalid prop\n  - path = "/models/mnist.onnx": must be a model.tar.gz file (SageMaker unpacks it into /opt/ml/model)`);
  });

  test('a given role is used as is: no role is created and no runtime permissions are added', () => {
    const { template, model, statements } = synth({}, (s) => ({
      role: new iam.Role(s, 'MyRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
    }));
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(model.role?.node.id).toBe('MyRole');
    // The image pull grant still goes to the (mutable) role; logs and metrics are the owner's business.
    expect(actionsOf(statements)).toContain('ecr:BatchGetImage');
    expect(actionsOf(statements).filter((a) => a.startsWith('logs:') || a.startsWith('cloudwatch:'))).toEqual([]);
  });

  test('in a VPC: private subnets, a created security group with no inbound rules, and ENI permissions', () => {
    // GIVEN
    const { template, statements, model } = synth({}, (s) => ({
      vpc: ec2.Vpc.fromVpcAttributes(s, 'Vpc', {
        vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: ['subnet-p1', 'subnet-p2'], publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
      }),
    }));
    // THEN
    const sgId = Object.keys(template.findResources('AWS::EC2::SecurityGroup'))[0];
    template.hasResourceProperties('AWS::SageMaker::Model', {
      VpcConfig: { Subnets: ['subnet-p1', 'subnet-p2'], SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: 'vpc-1', SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })], // CDK's "no egress" marker
    });
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['ec2:CreateNetworkInterface', 'ec2:DescribeSubnets']));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(['ec2:CreateNetworkInterface']),
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    }));
    expect(model.connections).toBeDefined();
    expect(model.securityGroups).toHaveLength(1);
  });

  test('in a VPC with given subnets and security groups', () => {
    const { template } = synth({}, (s) => {
      const vpc = ec2.Vpc.fromVpcAttributes(s, 'Vpc', {
        vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-p1'], isolatedSubnetIds: ['subnet-i1'],
      });
      return {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-123')],
      };
    });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: { Subnets: ['subnet-i1'], SecurityGroupIds: ['sg-123'] } });
  });

  test('fromModelAttributes builds the ARN from the name', () => {
    const stack = newStack();
    const imported = SageMakerModel.fromModelAttributes(stack, 'Imported', { modelName: 'mnist' });
    expect(stack.resolve(imported.modelArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model/mnist']] });
    expect(imported.role).toBeUndefined();
  });
});

describe('SageMakerModel bad input', () => {
  test('a bad environment variable name is an error naming it', () => {
    expect(() => synth({ environment: { 'MODEL-NAME': 'x', OK_NAME: 'y', '1ST': 'z' } }))
      .toThrow("SageMakerModel at 'Stack/Model': 2 invalid props\n"
        + '  - environment["MODEL-NAME"] = "MODEL-NAME": names match [a-zA-Z_][a-zA-Z0-9_]* and are at most 1024 characters\n'
        + '  - environment["1ST"] = "1ST": names match [a-zA-Z_][a-zA-Z0-9_]* and are at most 1024 characters');
  });

  test('vpcSubnets without vpc is an error', () => {
    expect(() => synth({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }))
      .toThrow(/vpcSubnets = "set": needs vpc: subnets and security groups only apply to a model in a VPC/);
  });

  test('securityGroups without vpc is an error', () => {
    expect(() => synth({}, (s) => ({ securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-1')] })))
      .toThrow(/securityGroups = "set": needs vpc/);
  });

  test.each(['mnist_v1', '-mnist', 'a'.repeat(64)])('modelName %j is an error', (modelName) => {
    expect(() => synth({ modelName })).toThrow(/modelName = .*: must be 1-63 letters, digits and hyphens/);
  });

  test('errors are raised before any child is created', () => {
    const stack = newStack();
    expect(() => new SageMakerModel(stack, 'Model', { image: ecrImage(stack), environment: { 'A B': '1' } })).toThrow();
    expect(stack.node.tryFindChild('Model')?.node.children.length ?? 0).toBe(0);
  });
});

describe('SageMakerModel from a registered version (ModelData.fromModelPackage)', () => {
  function packaged(stack: Stack) {
    const group = ModelPackageGroup.fromModelPackageGroupName(stack, 'Registry', 'digits');
    return ModelData.fromModelPackage({ modelPackageGroup: group, version: 3, artifactsBucket: s3.Bucket.fromBucketName(stack, 'Artifacts', 'models') });
  }
  const policyOf = (stack: Stack): Statement[] => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  const pullResources = (statements: Statement[]) => statements
    .filter((s) => ([] as string[]).concat(s.Action).includes('ecr:BatchGetImage')).map((s) => JSON.stringify(s.Resource));

  test('needs no image: the template names only the package, and the created role may pull from this account\'s repositories', () => {
    const stack = newStack();
    new SageMakerModel(stack, 'Model', { modelData: packaged(stack), environment: { MODEL_NAME: 'digits' } });
    const [model] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'));
    expect(model.Properties.PrimaryContainer).toEqual({
      ModelPackageName: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:model-package/digits/3']] },
      Environment: { MODEL_NAME: 'digits' },
    });
    const statements = policyOf(stack);
    expect(pullResources(statements)).toEqual([JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:123456789012:repository/*']] })]);
    expect(statements.filter((s) => s.Action === 'ecr:GetAuthorizationToken').map((s) => s.Resource)).toEqual(['*']);
  });

  test('the account-wide pull is an acknowledged wildcard (no unacknowledged cdk-nag finding)', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const model = new SageMakerModel(stack, 'Model', { modelData: packaged(stack) });
    app.synth();
    expect(nagFindings(app, model).map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });

  test('with an image, the image is not rendered and the pull is scoped to its repository', () => {
    const stack = newStack();
    new SageMakerModel(stack, 'Model', { image: ecrImage(stack, 'digits'), modelData: packaged(stack) });
    const [model] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'));
    expect(Object.keys(model.Properties.PrimaryContainer)).toEqual(['ModelPackageName']);
    const resources = pullResources(policyOf(stack));
    expect(resources).toHaveLength(1);
    expect(resources[0]).toContain(':ecr:us-east-1:123456789012:repository/digits');
    expect(resources[0]).not.toContain('repository/*');
  });

  test('with your own role and no image, nothing is added to the role (you own its permissions)', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Own', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    new SageMakerModel(stack, 'Model', { role, modelData: packaged(stack) });
    expect(pullResources(policyOf(stack))).toEqual([]);
  });

  test.each([
    ['no modelData', () => ({})],
    ['an archive in S3', (s: Stack) => ({ modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(s, 'B', 'models'), 'm/model.tar.gz') })],
  ])('without an image, %s is an error naming image', (_name, extra) => {
    const stack = newStack();
    expect(() => new SageMakerModel(stack, 'Model', { ...extra(stack) }))
      .toThrow(/SageMakerModel at 'Stack\/Model'.*\n.*image = undefined: is required unless modelData brings its own \(ModelData.fromModelPackage\)/);
  });

  test('a custom ModelData that claims to include its image but binds to no package is an error, not a model without an image', () => {
    class Claims extends ModelData {
      public override get includesImage(): boolean { return true; }
      public bind(): ModelDataConfig { return { s3Uri: 's3://models/model.tar.gz' }; }
    }
    const stack = newStack();
    expect(() => new SageMakerModel(stack, 'Model', { modelData: new Claims() }))
      .toThrow(/modelData = includesImage without modelPackageArn: data that includes its image must bind to a model package/);
  });
});
