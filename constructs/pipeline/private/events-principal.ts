import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** `events.amazonaws.com`, for rules of this account only (aws:SourceAccount): the trust of the pipeline's rule-target roles. */
export function eventsPrincipal(scope: Construct): iam.IPrincipal {
  return new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } });
}
