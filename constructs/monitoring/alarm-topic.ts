import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PropsCheck } from '../core';

/** Properties of an {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Display name of the topic. @default 'cdk-mlops alarms' */
  readonly displayName?: string;
  /**
   * Key that encrypts messages at rest. Must allow CloudWatch and EventBridge to use it, which the
   * AWS-managed `alias/aws/sns` key does not.
   * @default - a customer-managed key with rotation, usable by CloudWatch alarms and EventBridge
   */
  readonly encryptionKey?: kms.IKey;
  /** E-mail addresses to subscribe (each must confirm). @default - none */
  readonly emailAddresses?: string[];
}

/**
 * An SNS topic for ML alarms and failure events: encrypted with a key CloudWatch and EventBridge may
 * use, TLS-only publishing, and publishing restricted to those services plus this account.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;
  /** The key encrypting the topic. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const check = new PropsCheck(this, 'AlarmTopic');
    (props.emailAddresses ?? []).forEach((address, i) =>
      check.matches(`emailAddresses[${i}]`, address, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address'));
    check.throwIfInvalid();

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the cdk-mlops alarm topic ${this.node.path}`,
      enableKeyRotation: true,
    });
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      // Publishers need the key to encrypt what they publish.
      this.encryptionKey.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }

    const topic = new sns.Topic(this, 'Resource', {
      displayName: props.displayName ?? 'cdk-mlops alarms',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    // The topic policy (created for enforceSSL) replaces SNS's default policy, so the publishing
    // services must be allowed explicitly, limited to this account's alarms and rules.
    const stack = Stack.of(this);
    const publishers: [string, string][] = [
      ['cloudwatch.amazonaws.com', stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      ['events.amazonaws.com', stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' })],
    ];
    for (const [service, sourceArn] of publishers) {
      topic.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal(service)],
        resources: [topic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': sourceArn } },
      }));
    }
    for (const address of props.emailAddresses ?? []) topic.addSubscription(new subscriptions.EmailSubscription(address));
    this.topic = topic;
  }
}
