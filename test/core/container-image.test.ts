import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ContainerImage } from '../../constructs/core';
import { DEEP_LEARNING_CONTAINER_ACCOUNTS } from '../../constructs/core/private/deep-learning-containers';

const deepLearningContainerUri = ContainerImage.deepLearningContainerUri;

const DLC_REPO = 'pytorch-inference';
const DLC_TAG = '2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker';

/** Binds an image to a fresh role in `stack` and returns the URI and the role's policy statements. */
function bindToRole(stack: Stack, image: ContainerImage) {
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const config = image.bind(role, role);
  return { uri: stack.resolve(config.imageUri), template: Template.fromStack(stack) };
}

describe('ContainerImage.deepLearningContainerUri', () => {
  test('builds the account, region and repository URI for a commercial region', () => {
    expect(deepLearningContainerUri(DLC_REPO, DLC_TAG, 'us-east-1'))
      .toBe(`763104351884.dkr.ecr.us-east-1.amazonaws.com/${DLC_REPO}:${DLC_TAG}`);
    expect(deepLearningContainerUri(DLC_REPO, DLC_TAG, 'ap-east-1')).toMatch(/^871362719292\.dkr\.ecr\.ap-east-1\.amazonaws\.com\//);
  });

  test.each(['cn-north-1', 'cn-northwest-1'])('uses amazonaws.com.cn in %s', (region) => {
    expect(deepLearningContainerUri(DLC_REPO, DLC_TAG, region))
      .toBe(`727897471807.dkr.ecr.${region}.amazonaws.com.cn/${DLC_REPO}:${DLC_TAG}`);
  });

  test('an unknown region is an error that lists the allowed ones', () => {
    expect(() => deepLearningContainerUri(DLC_REPO, DLC_TAG, 'mars-north-1'))
      .toThrow(/region "mars-north-1" has no Deep Learning Containers; allowed: us-east-1, /);
  });

  test('every account is a 12-digit AWS account id', () => {
    for (const account of Object.values(DEEP_LEARNING_CONTAINER_ACCOUNTS)) expect(account).toMatch(/^\d{12}$/);
  });
});

describe('ContainerImage.fromDeepLearningContainer', () => {
  test('with a literal region: the account is literal and the role may pull exactly that repository', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    // WHEN
    const { uri, template } = bindToRole(stack, ContainerImage.fromDeepLearningContainer(DLC_REPO, DLC_TAG));
    // THEN
    expect(uri).toEqual({ 'Fn::Join': ['', ['763104351884.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, `/${DLC_REPO}:${DLC_TAG}`]] });
    expect(Object.keys(template.toJSON().Mappings ?? {})).toEqual([]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:eu-west-1:763104351884:repository/${DLC_REPO}`]] },
        })]),
      },
    });
  });

  test('with an unresolved region: the account comes from one CfnMapping via Fn::FindInMap', () => {
    // GIVEN an environment-agnostic stack
    const stack = new Stack(new App(), 'Stack');
    // WHEN
    const { uri, template } = bindToRole(stack, ContainerImage.fromDeepLearningContainer(DLC_REPO, DLC_TAG));
    // THEN
    const findInMap = { 'Fn::FindInMap': ['CdkMlopsDeepLearningContainerAccounts', { Ref: 'AWS::Region' }, 'account'] };
    expect(uri).toEqual({ 'Fn::Join': ['', [findInMap, '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, `/${DLC_REPO}:${DLC_TAG}`]] });
    const mapping = template.toJSON().Mappings.CdkMlopsDeepLearningContainerAccounts;
    expect(mapping['us-east-1']).toEqual({ account: '763104351884' });
    expect(mapping['cn-north-1']).toEqual({ account: '727897471807' });
    expect(Object.keys(mapping)).toHaveLength(Object.keys(DEEP_LEARNING_CONTAINER_ACCOUNTS).length);
  });

  test('two images in one stack share the mapping', () => {
    const stack = new Stack(new App(), 'Stack');
    const a = new iam.Role(stack, 'A', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const b = new iam.Role(stack, 'B', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    ContainerImage.fromDeepLearningContainer(DLC_REPO, DLC_TAG).bind(a, a);
    ContainerImage.fromDeepLearningContainer('tensorflow-inference', '2.16').bind(b, b);
    expect(Object.keys(Template.fromStack(stack).toJSON().Mappings)).toEqual(['CdkMlopsDeepLearningContainerAccounts']);
  });

  test('a literal region without Deep Learning Containers is an error naming the construct', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'mars-north-1' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    expect(() => ContainerImage.fromDeepLearningContainer(DLC_REPO, DLC_TAG).bind(role, role))
      .toThrow(/ContainerImage\.fromDeepLearningContainer at 'Stack\/Role': stack region "mars-north-1" has no Deep Learning Containers/);
  });
});

describe('ContainerImage.fromEcrRepository', () => {
  test('the URI carries the tag and the role may pull only that repository', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'mnist');
    // WHEN
    const { uri, template } = bindToRole(stack, ContainerImage.fromEcrRepository(repo, '1.4.2'));
    // THEN
    expect(uri).toEqual({ 'Fn::Join': ['', ['123456789012.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/mnist:1.4.2']] });
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:123456789012:repository/mnist']] },
      },
      // ECR's token API has no resource-level permissions.
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('the tag defaults to latest', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const { uri } = bindToRole(stack, ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'mnist')));
    expect(JSON.stringify(uri)).toMatch(/\/mnist:latest"/);
  });
});

describe('ContainerImage.fromReferenceModel', () => {
  test('builds the packaged container/ directory as an image asset, without its tests, and grants pull of it', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-model-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    // WHEN
    const { uri, template } = bindToRole(stack, ContainerImage.fromReferenceModel());
    const assembly = app.synth();
    // THEN the URI points at the bootstrap container-asset repository
    expect(JSON.stringify(uri)).toContain('cdk-hnb659fds-container-assets-111111111111-us-east-1');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
    // and the staged build context is the reference container, minus test/ and node_modules/
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Stack.assets.json'), 'utf8'));
    const [image] = Object.values(manifest.dockerImages) as Array<{ source: { directory: string } }>;
    const staged = path.join(assembly.directory, image.source.directory);
    expect(fs.existsSync(path.join(staged, 'Dockerfile'))).toBe(true);
    expect(fs.existsSync(path.join(staged, 'src', 'server.js'))).toBe(true);
    expect(fs.existsSync(path.join(staged, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(staged, 'node_modules'))).toBe(false);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
