import { App, Stack } from 'aws-cdk-lib';
import { MlPlatformStack } from '../lib/ml-platform-stack';
import { referenceModels } from './reference-models';

/** What the reference platform consists of. */
export interface ReferenceApp {
  /** The CDK app. */
  readonly app: App;
  /** Its CloudFormation stacks. */
  readonly stacks: Stack[];
}

/**
 * Builds the reference platform into `app`. Shared by `bin/mlops-platform.ts` (what `cdk synth`
 * runs) and the snapshot and compliance tests, so they test exactly what users deploy.
 */
export function buildReferenceApp(app: App): ReferenceApp {
  // A fixed default region keeps synth identical on every machine; override with `-c region=eu-west-1`.
  const region: string = app.node.tryGetContext('region') ?? 'us-east-1';
  const models = referenceModels(region);
  const platform = new MlPlatformStack(app, 'MlPlatform', {
    env: { region },
    description: 'cdk-mlops reference platform: buckets, SageMaker models and endpoints, autoscaling, alarms, dashboards',
    models,
  });
  return { app, stacks: [platform] };
}
