import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PropsCheck } from '../core';
import { TOPIC_PUBLISHER_KMS_ACTIONS } from './private/perms';

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
    const stack = Stack.of(this);
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      // Publishers need the key to encrypt what they publish; only on behalf of this account (confused deputy).
      this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        actions: TOPIC_PUBLISHER_KMS_ACTIONS,
        principals: [new iam.ServicePrincipal(service)],
        resources: ['*'],
        conditions: fromThisAccount,
      }));
    }

    const topic = new ScopedPublishTopic(this, 'Resource', {
      displayName: props.displayName ?? 'cdk-mlops alarms',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    // The topic policy (created for enforceSSL) replaces SNS's default policy, so the publishing
    // services must be allowed explicitly, limited to this account's alarms and rules.
    const anyRuleOfThisAccount = stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' });
    const publishers: [string, string | string[]][] = [
      ['cloudwatch.amazonaws.com', stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // The rules of this stack that target the topic, by ARN; a rule elsewhere (another stack) can only be
      // matched as "a rule of this account".
      ['events.amazonaws.com', Lazy.list({ produce: () => topic.publishingRuleArns(anyRuleOfThisAccount) })],
    ];
    for (const [service, sourceArn] of publishers) {
      topic.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal(service)],
        resources: [topic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': sourceArn }, ...fromThisAccount },
      }));
    }
    for (const address of props.emailAddresses ?? []) topic.addSubscription(new subscriptions.EmailSubscription(address));
    this.topic = topic;
  }
}

/** The publishing services the topic policy above already allows, with conditions. */
const CONDITIONED_PUBLISHERS = new Set(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);

/**
 * An SNS topic whose grantPublish to CloudWatch or EventBridge adds nothing: aws-cdk-lib's SnsTopic event
 * target calls it with a bare `events.amazonaws.com` principal, which would add an Allow without any
 * condition (any rule of any account could publish). The AlarmTopic policy already allows both services,
 * scoped by source ARN and account.
 */
class ScopedPublishTopic extends sns.Topic {
  public override grantPublish(grantee: iam.IGrantable): iam.Grant {
    const principal = grantee.grantPrincipal;
    if (principal instanceof iam.ServicePrincipal && CONDITIONED_PUBLISHERS.has(principal.service)) {
      return iam.Grant.drop(grantee, 'sns:Publish (already allowed by the AlarmTopic policy, with conditions)');
    }
    return super.grantPublish(grantee);
  }

  /** ARNs of the EventBridge rules in this stack that target this topic (else the fallback). */
  public publishingRuleArns(fallback: string): string[] {
    const stack = Stack.of(this);
    const topicArn = JSON.stringify(stack.resolve(this.topicArn));
    const arns = stack.node.findAll()
      .filter((c): c is events.CfnRule => c instanceof events.CfnRule)
      .filter((rule) => [stack.resolve(rule.targets)].flat().some((t: { arn?: unknown } | undefined) => JSON.stringify(t?.arn) === topicArn))
      .map((rule) => rule.attrArn);
    return arns.length > 0 ? arns : [fallback];
  }
}
