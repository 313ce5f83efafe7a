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
    for (const address of props.emailAddresses ?? []) topic.addSubscription(new subscriptions.EmailSubscription(address));
    this.topic = topic;
  }
}
