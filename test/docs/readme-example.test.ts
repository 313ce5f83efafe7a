import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';

/** The README's example is real code: it runs against the package and synthesizes what it promises. */
test('the README example synthesizes a GPU endpoint with GPU autoscaling and alarms that notify, cdk-nag clean', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const example = /## Example\s+(?:<!--[^\n]*-->\s+)?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  // Run it as a module in this folder, importing the package from the repository.
  const file = path.join(__dirname, '.readme-example.generated.ts');
  fs.writeFileSync(file, `${example!.replace("from 'cdk-mlops'", "from '../../index'")}\nexport { stack };\n`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stack } = require(file);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.g5.xlarge' })],
    });
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'GPUMemoryUtilization' }, 1);
    // Every alarm notifies the topic (the README's cdk-nag line would throw otherwise; this says why it passes).
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
    }
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 70 }),
    });
  } finally {
    fs.rmSync(file, { force: true });
  }
});
