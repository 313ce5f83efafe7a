import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AlarmTopic, AlarmTopicProps } from '../../constructs/monitoring';
import { newStack } from '../serving/fixtures';

function synth(props: AlarmTopicProps = {}) {
  const stack = newStack();
  const topic = new AlarmTopic(stack, 'Alarms', props);
  return { stack, topic, template: Template.fromStack(stack) };
}

describe('AlarmTopic', () => {
  const { stack, topic, template } = synth({ emailAddresses: ['oncall@example.com'] });
  const keyId = stack.getLogicalId(topic.encryptionKey.node.defaultChild as kms.CfnKey);
  const topicId = stack.getLogicalId(topic.topic.node.defaultChild as never);

  test('encrypts with a customer-managed key that rotates', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, DisplayName: 'cdk-mlops alarms' });
  });

  test.each(['cloudwatch.amazonaws.com', 'events.amazonaws.com'])('the key policy lets %s encrypt messages', (service) => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Principal: { Service: service }, Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }]),
      },
    });
  });

  test('the topic policy denies publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: { Ref: topicId },
        })]),
      },
    });
  });

  test('the topic policy lets CloudWatch alarms and EventBridge rules of this account publish', () => {
    // A topic policy replaces SNS's default one, so without these statements CloudWatch could not publish.
    const arn = (service: string, resource: string) =>
      ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:us-east-1:123456789012:${resource}`]] });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Resource: { Ref: topicId },
            Condition: { ArnLike: { 'aws:SourceArn': arn('cloudwatch', 'alarm:*') }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
          Match.objectLike({
            Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' }, Resource: { Ref: topicId },
            Condition: { ArnLike: { 'aws:SourceArn': [arn('events', 'rule/*')] }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  test('subscribes each e-mail address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topicId } });
  });

  test('a given key is used and no key is created', () => {
    const stack2 = newStack();
    const key = new kms.Key(stack2, 'MyKey');
    new AlarmTopic(stack2, 'Alarms', { encryptionKey: key, displayName: 'ml alarms' });
    const t = Template.fromStack(stack2);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'ml alarms', KmsMasterKeyId: { 'Fn::GetAtt': [stack2.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  test.each(['oncall', 'on call@example.com', 'oncall@example'])('e-mail address %j is an error', (address) => {
    expect(() => synth({ emailAddresses: ['ok@example.com', address] }))
      .toThrow(`AlarmTopic at 'Stack/Alarms': invalid prop\n  - emailAddresses[1] = ${JSON.stringify(address)}: must be an e-mail address`);
  });

  test('an EventBridge rule targeting the topic (aws-cdk-lib SnsTopic target) adds no unconditioned Allow; the rule is named by ARN', () => {
    const stack3 = newStack();
    const alarms = new AlarmTopic(stack3, 'Alarms');
    const rule = new events.Rule(stack3, 'Failures', { eventPattern: { source: ['aws.sagemaker'] } });
    rule.addTarget(new targets.SnsTopic(alarms.topic));
    const statements = Object.values(Template.fromStack(stack3).findResources('AWS::SNS::TopicPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Effect: string; Principal?: { Service?: string }; Condition?: object }[]);
    const eventsAllows = statements.filter((st) => st.Effect === 'Allow' && st.Principal?.Service === 'events.amazonaws.com');
    expect(eventsAllows).toEqual([expect.objectContaining({
      Condition: {
        ArnLike: { 'aws:SourceArn': [{ 'Fn::GetAtt': [stack3.getLogicalId(rule.node.defaultChild as events.CfnRule), 'Arn'] }] },
        StringEquals: { 'aws:SourceAccount': '123456789012' },
      },
    })]);
  });
});
