import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-app';
import { REFERENCE_CONFIG } from '../../bin/reference-models';
import { appWithCdkJsonContext } from '../app-context';
import { ROOT, writeConfig } from './fixtures';

describe('cdk synth -c config=<file>', () => {
  test('without -c config the app builds mlops.config.yaml', () => {
    expect(REFERENCE_CONFIG).toBe(path.join(ROOT, 'mlops.config.yaml'));
    const { stacks, charts, config } = buildReferenceApp(appWithCdkJsonContext());
    expect(config.file).toBe(REFERENCE_CONFIG);
    expect(stacks.map((s) => s.stackName).filter((n) => /^Ml(Data|Platform)/.test(n))).toEqual(['MlData', 'MlPlatform']);
    expect(charts.map((c) => c.node.id)).toEqual(['digits', 'vision-gpu']);
  });

  test('several environments: stacks and charts per environment, each with its account, region and namespace', () => {
    const file = writeConfig([
      'models:',
      '  - name: fraud',
      '    image: { deepLearningContainer: { repository: pytorch-inference, tag: 2.3.0-cpu-py311-ubuntu20.04-sagemaker } }',
      'environments:',
      '  - { name: dev, platform: aws, region: eu-west-1 }',
      '  - { name: prod, platform: both, account: "123456789012", region: us-west-2, namespace: ml-prod }',
      'monitoring:',
      '  alarmEmails: [ops@example.com]',
    ].join('\n'));
    const { stacks, charts } = buildReferenceApp(appWithCdkJsonContext({ context: { config: file } }));
    expect(stacks.filter((s) => /^Ml(Data|Platform)/.test(s.stackName)).map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['MlData-dev', expect.stringMatching(/AccountId/), 'eu-west-1'],
      ['MlPlatform-dev', expect.stringMatching(/AccountId/), 'eu-west-1'],
      ['MlData-prod', '123456789012', 'us-west-2'],
      ['MlPlatform-prod', '123456789012', 'us-west-2'],
    ]);
    expect(charts.map((c) => c.node.id)).toEqual(['prod-fraud']);
    const deployment = charts[0].toJson().find((o: { kind: string }) => o.kind === 'Deployment');
    expect(deployment.metadata.namespace).toBe('ml-prod');
    expect(deployment.spec.template.spec.containers[0].image)
      .toBe('763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3.0-cpu-py311-ubuntu20.04-sagemaker');
    Template.fromStack(stacks[1]).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('more models than one template holds: MlPlatformApp spreads them over a shared stack and model stacks', () => {
    const models = Array.from({ length: 40 }, (_, i) => `  - { name: m${i}, image: { ecr: { repository: m } }, instanceType: ml.m5.large }`);
    const file = writeConfig(['environment: { platform: aws }', 'models:', ...models].join('\n'));
    const { stacks } = buildReferenceApp(appWithCdkJsonContext({ context: { config: file } }));
    const platform = stacks.filter((s) => s.stackName.startsWith('MlPlatform'));
    expect(platform.map((s) => s.stackName)).toEqual(['MlPlatform-Shared', 'MlPlatform-1', 'MlPlatform-2']);
    const endpoints = platform.map((s) => Object.keys(Template.fromStack(s).findResources('AWS::SageMaker::Endpoint')).length);
    expect(endpoints[0]).toBe(0);
    expect(endpoints[1] + endpoints[2]).toBe(40);
  });

  test('-c region overrides the region of a single environment, on both targets', () => {
    const { stacks, charts } = buildReferenceApp(appWithCdkJsonContext({ context: { region: 'eu-west-1' } }));
    expect(stacks.filter((s) => /^Ml(Data|Platform)/.test(s.stackName)).map((s) => s.region)).toEqual(['eu-west-1', 'eu-west-1']);
    const gpu = charts.find((c) => c.node.id === 'vision-gpu')!.toJson().find((o: { kind: string }) => o.kind === 'Deployment');
    expect(gpu.spec.template.spec.containers[0].image).toMatch(/^763104351884\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/pytorch-inference:/);
  });

  test('a bad config fails the synth with every problem and its line', () => {
    const file = writeConfig('model:\n  name: x\n  instanceTyp: ml.m5.large\n  scaling: { maxCapacity: 0 }\n');
    expect(() => buildReferenceApp(appWithCdkJsonContext({ context: { config: file } }))).toThrow(
      new RegExp(`${file}: 2 problems\\n  ${file}:3:3 model.instanceTyp .*did you mean "instanceType"\\?.*\\n  ${file}:4:27 model.scaling.maxCapacity = 0: must be >= 1`));
  });
});
