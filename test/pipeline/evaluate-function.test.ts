import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TrainingPipeline } from '../../constructs/pipeline';
import { ModelPackageGroup } from '../../constructs/registry';
import { ENV, pipelineStack } from './fixtures';

// The Evaluate step's Lambda function is pure (its whole input is the event), so the pipelines of one stack share
// one function instead of adding a function, role, policy and log group per model.
test('two pipelines in one stack invoke the same evaluation function', () => {
  const f = pipelineStack();
  new TrainingPipeline(f.stack, 'First', { ...f.baseProps, jobNamePrefix: 'first', deployment: undefined });
  const second = new ModelPackageGroup(f.stack, 'SecondRegistry', { modelPackageGroupName: 'second' });
  new TrainingPipeline(f.stack, 'Second', { ...f.baseProps, jobNamePrefix: 'second', modelPackageGroup: second, deployment: undefined });
  const template = Template.fromStack(f.stack);

  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: 'cdk-mlops training pipeline: metric gate and champion/challenger comparison' },
  });
  expect(Object.keys(functions)).toHaveLength(1);
  const [functionId] = Object.keys(functions);
  expect(functionId).toMatch(/^CdkMlopsPipelineEvaluate/);

  // Each pipeline's role may invoke it (and the function's own role is the only one it has).
  const invokers = template.findResources('AWS::IAM::Policy', {
    Properties: {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'lambda:InvokeFunction',
          Resource: Match.arrayWith([{ 'Fn::GetAtt': [functionId, 'Arn'] }]),
        })]),
      },
    },
  });
  expect(Object.keys(invokers).sort()).toEqual([expect.stringMatching(/^FirstRole/), expect.stringMatching(/^SecondRole/)]);
});

test('each stack gets its own evaluation function', () => {
  const f = pipelineStack();
  new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, deployment: undefined });
  const other = new Stack(f.app, 'Other', { env: ENV });
  const registry = new ModelPackageGroup(other, 'Registry', { modelPackageGroupName: 'other' });
  const otherProps = { ...f.baseProps, modelPackageGroup: registry, deployment: undefined, notificationTopic: new sns.Topic(other, 'Topic', { enforceSSL: true }) };
  new TrainingPipeline(other, 'Pipeline', { ...otherProps, jobNamePrefix: 'other' });
  for (const stack of [f.stack, other]) {
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Lambda::Function',
      { Description: 'cdk-mlops training pipeline: metric gate and champion/challenger comparison' }, 1);
  }
});
