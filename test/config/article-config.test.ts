import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';
import { nagFindings } from '../compliance/nag';
import { ROOT } from './fixtures';

/** The GitOps article's config, as written, builds a working platform on AWS with its assumptions shown. */
describe('examples/article.config.yaml', () => {
  const file = path.join(ROOT, 'examples', 'article.config.yaml');
  const app = appWithCdkJsonContext({ context: { config: file } });
  const { stacks, charts, config } = buildReferenceApp(app);
  app.synth();
  const platform = Template.fromStack(stacks.find((s) => s.stackName === 'MlPlatform')!);

  test('is the article text, unchanged', () => {
    const body = fs.readFileSync(file, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n');
    expect(body).toBe([
      'model:', '  name: "AIModel"', '  params:', '    learning_rate: 0.001', '    epochs: 100',
      'environment:', '  platform: "AWS"', '  region: "us-west-2"', 'monitoring:', '  metrics: ["accuracy", "loss"]', '',
    ].join('\n'));
  });

  test('platform "AWS": CloudFormation stacks in us-west-2 and no Kubernetes charts', () => {
    // (The reference app adds its delivery pipeline stack, docs/cicd.md.)
    const platformStacks = stacks.filter((s) => /^Ml(Data|Platform)/.test(s.stackName));
    expect(platformStacks.map((s) => [s.stackName, s.region])).toEqual([['MlData', 'us-west-2'], ['MlPlatform', 'us-west-2']]);
    expect(charts).toEqual([]);
  });

  test('AIModel becomes the model "aimodel": trained with its params on the reference container, then served', () => {
    const [job] = Object.values(platform.findResources('Custom::SageMakerTrainingJob'));
    const request = JSON.stringify(job.Properties);
    expect(request).toContain('\\"HyperParameters\\":{\\"learning_rate\\":\\"0.001\\",\\"epochs\\":\\"100\\"}');
    expect(request).toContain('ml.m5.xlarge');
    expect(request).toMatch(/aimodel\/train\//);
    expect(request).toMatch(/aimodel\/test\//);
    platform.resourceCountIs('AWS::SageMaker::Endpoint', 1);
    platform.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{ InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    });
  });

  test('metrics accuracy and loss are graphed on the dashboard from the training job', () => {
    const [dashboard] = Object.values(platform.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['train:accuracy', 'validation:accuracy', 'test:accuracy', 'train:loss', 'validation:loss']) {
      expect(body).toMatch(new RegExp(`\\\\"/aws/sagemaker/TrainingJobs\\\\",\\\\"${metric}\\\\",\\\\"Host\\\\",\\\\"mlplatform[-a-z0-9]*--aimodel-training-[0-9a-f]+/algo-1\\\\"`));
    }
  });

  test('every assumption is listed with its line', () => {
    const notes = config.assumptions.map((a) => a.replace(`${file}:`, ''));
    expect(notes).toEqual([
      expect.stringMatching(/^5:3 model\.image = \(missing\): not set: the reference container/),
      '5:3 model.instanceType = (missing): not set: ml.m5.large',
      expect.stringMatching(/^5:3 model\.training\.channels = \(missing\): not set: train, test/),
      '5:3 model.training.instanceType = (missing): not set: ml.m5.xlarge',
      expect.stringMatching(/^5:9 model\.name = "AIModel": lower-cased to "aimodel"/),
      '7:5 model.params = {2 keys}: the model trains (params are its training hyperparameters)',
      '10:13 environment.platform = "AWS": read as "aws" (case-insensitive)',
      expect.stringMatching(/^13:13 monitoring\.metrics\[0\] = "accuracy": graphed .* as train:accuracy, validation:accuracy, test:accuracy$/),
      expect.stringMatching(/^13:25 monitoring\.metrics\[1\] = "loss": graphed .* as train:loss, validation:loss$/),
    ]);
  });

  test('has zero unsuppressed cdk-nag findings', () => {
    expect(nagFindings(app).map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });
});
