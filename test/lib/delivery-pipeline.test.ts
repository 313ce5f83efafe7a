import * as fs from 'fs';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DeliveryPipeline, DeliveryPipelineProps } from '../../lib/delivery-pipeline';
import { appWithCdkJsonContext } from '../app-context';
import { nagFindings } from '../compliance/nag';

const CONNECTION = 'arn:aws:codestar-connections:us-east-1:111111111111:connection/0123abcd-0000-1111-2222-333344445555';

interface Built {
  readonly app: App;
  readonly pipelineStack: Stack;
  readonly delivery: DeliveryPipeline;
}

/** A pipeline in 111111111111 deploying a one-topic stack to dev (222222222222) and prod (333333333333, approval). */
function build(app: App = new App(), props: Partial<DeliveryPipelineProps> = {}): Built {
  const pipelineStack = new Stack(app, 'Delivery', { env: { account: '111111111111', region: 'us-east-1' } });
  const delivery = new DeliveryPipeline(pipelineStack, 'Pipeline', { connectionArn: CONNECTION, repository: 'example/cdk-mlops', ...props });
  for (const [name, account, requireApproval] of [['dev', '222222222222', false], ['prod', '333333333333', true]] as const) {
    const stack = new Stack(app, `Platform-${name}`, { env: { account, region: 'us-east-1' } });
    new sns.Topic(stack, 'Topic', { enforceSSL: true });
    delivery.addEnvironment(name, [stack], { requireApproval });
  }
  return { app, pipelineStack, delivery };
}

/** Stage name → action names, in order. */
function stagesOf(template: Template): [string, string[]][] {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0];
  return pipeline.Properties.Stages.map((s: { Name: string; Actions: { Name: string }[] }) => [s.Name, s.Actions.map((a) => a.Name)]);
}

/** The build commands of the CodeBuild project whose logical id contains `part`. */
function commandsOf(template: Template, part: string): string[] {
  const [, project] = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([id]) => id.includes(part))!;
  return JSON.parse(project.Properties.Source.BuildSpec).phases.build.commands;
}

describe('DeliveryPipeline', () => {
  const { pipelineStack } = build();
  const template = Template.fromStack(pipelineStack);

  test('source → synth → self-update → dev → approval → prod, in that order', () => {
    expect(stagesOf(template)).toEqual([
      ['Source', ['example_cdk-mlops']],
      ['Build', ['Synth']],
      ['UpdatePipeline', ['SelfMutate']],
      ['Deploy-dev', ['DeployDev']],
      ['Deploy-prod', ['ApproveProd', 'DeployProd']],
    ]);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Source',
        Actions: [Match.objectLike({
          ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }),
          Configuration: Match.objectLike({ ConnectionArn: CONNECTION, FullRepositoryId: 'example/cdk-mlops', BranchName: 'main' }),
        })],
      })]),
    });
  });

  test('the synth step installs, tests and synthesizes with cdk-nag', () => {
    expect(commandsOf(template, 'Synth')).toEqual(['npm ci', 'npm test', 'npx cdk synth -c nag=true']);
  });

  test('each environment deploys its own stacks with the pinned CLI and publishes the Kubernetes YAML', () => {
    const dev = commandsOf(template, 'DeployDev');
    expect(dev[0]).toBe(`npx --yes aws-cdk@${DeliveryPipeline.DEFAULT_CDK_CLI_VERSION} deploy --app . --require-approval never --progress events 'Platform-dev'`);
    expect(dev[1]).toBe('sha256sum k8s/*.yaml');
    expect(commandsOf(template, 'DeployProd')[0]).toContain("'Platform-prod'");
    const project = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([id]) => id.includes('DeployDev'))![1];
    // Docker image assets are built by `cdk deploy`: privileged mode on the deploy projects only.
    expect(project.Properties.Environment.PrivilegedMode).toBe(true);
    const synthProject = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([id]) => id.includes('Synth'))![1];
    expect(synthProject.Properties.Environment.PrivilegedMode).toBe(false);
    expect(JSON.parse(project.Properties.Source.BuildSpec).artifacts['base-directory']).toBe('k8s');
  });

  test('a deploy step may assume only the bootstrap roles of its own environment', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.includes('DeployDev'));
    const assume = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((s: { Action: string }) => s.Action === 'sts:AssumeRole');
    const roles = JSON.stringify(assume.map((s: { Resource: unknown }) => s.Resource));
    for (const role of ['deploy', 'file-publishing', 'image-publishing']) expect(roles).toContain(`:iam::222222222222:role/cdk-hnb659fds-${role}-role-222222222222-us-east-1`);
    expect(roles).not.toContain('333333333333');
    expect(roles).not.toContain('role/*');
  });

  test('artifacts are KMS-encrypted in a versioned bucket under a rotated key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
    });
  });

  test('has no unsuppressed cdk-nag findings and every acknowledgment has a reason', () => {
    const { app, pipelineStack: stack } = build();
    app.synth();
    expect(nagFindings(app, stack).map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });

  test('passes aws-cdk-lib\'s CloudFormation validation', () => {
    const previous = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'true';
    try {
      const app = appWithCdkJsonContext();
      build(app);
      expect(() => app.synth()).not.toThrow();
      const report = JSON.parse(fs.readFileSync(`${app.outdir}/validation-report.json`, 'utf8'));
      expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    } finally {
      process.env.CDK_VALIDATION = previous;
    }
  });

  test('addStage deploys a Stage with CloudFormation actions, approval first', () => {
    const app = new App();
    const stack = new Stack(app, 'Delivery', { env: { account: '111111111111', region: 'us-east-1' } });
    const delivery = new DeliveryPipeline(stack, 'Pipeline', { connectionArn: CONNECTION, repository: 'example/cdk-mlops', branch: 'release' });
    const stage = new Stage(app, 'Prod', { env: { account: '333333333333', region: 'us-east-1' } });
    new sns.Topic(new Stack(stage, 'Platform'), 'Topic', { enforceSSL: true });
    delivery.addStage(stage, { requireApproval: true });
    const stages = stagesOf(Template.fromStack(stack));
    expect(stages[stages.length - 1][0]).toBe('Prod');
    expect(stages[stages.length - 1][1][0]).toBe('ApproveProd');
    expect(stages[stages.length - 1][1]).toEqual(expect.arrayContaining(['Platform.Prepare', 'Platform.Deploy']));
  });
});

describe('DeliveryPipeline bad input', () => {
  test('GIVEN several bad props THEN one error names each', () => {
    const stack = new Stack(new App(), 'Delivery');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      connectionArn: 'arn:aws:iam::111111111111:role/not-a-connection',
      repository: 'no-owner',
      cdkCliVersion: 'latest',
      synthCommands: [],
    })).toThrow(new RegExp([
      "DeliveryPipeline at 'Delivery/Pipeline': 4 invalid props",
      'connectionArn = "arn:aws:iam::111111111111:role/not-a-connection": must be the ARN of a CodeStar connection',
      'repository = "no-owner": must be owner/name',
      'cdkCliVersion = "latest": must be an exact version',
      'synthCommands = \\[0 items\\]: must hold at least one command',
    ].join('[\\s\\S]*')));
  });

  test('GIVEN an environment added twice or without stacks THEN the error names it', () => {
    const { delivery, app } = build();
    const stack = app.node.findChild('Platform-dev') as Stack;
    expect(() => delivery.addEnvironment('dev', [stack])).toThrow(/name = "dev": must not be added twice/);
    expect(() => delivery.addEnvironment('qa', [])).toThrow(/stacks = \[0 items\]: must hold at least one stack/);
    expect(() => delivery.addEnvironment('9qa', [stack])).toThrow(/name = "9qa": must be a letter/);
  });
});
