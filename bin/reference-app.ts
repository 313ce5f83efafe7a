import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { MlPlatformStack } from '../lib/ml-platform-stack';
import { MlStorageStack } from '../lib/ml-storage';
import { ModelServingChart } from '../lib/model-serving-chart';
import { referenceModels } from './reference-models';

/** What the reference platform consists of. */
export interface ReferenceApp {
  /** The CDK app. */
  readonly app: App;
  /** Its CloudFormation stacks. */
  readonly stacks: Stack[];
  /** The cdk8s app holding the Kubernetes side (writes to `<cdk outdir>/k8s`). */
  readonly k8sApp: cdk8s.App;
  /** Its charts, one per model. */
  readonly charts: cdk8s.Chart[];
}

/**
 * Builds the reference platform: the buckets (stack `MlData`), both models trained and hosted on
 * SageMaker (stack `MlPlatform`) and on Kubernetes (one cdk8s chart each). Shared by `bin/mlops-platform.ts` (what `cdk synth` runs) and the snapshot and
 * compliance tests, so they test exactly what users deploy.
 */
export function buildReferenceApp(app: App): ReferenceApp {
  // A fixed default region keeps synth identical on every machine; override with `-c region=eu-west-1`.
  const region: string = app.node.tryGetContext('region') ?? 'us-east-1';
  // `-c dataVersion:digits=<version>` (printed by scripts/upload-training-data.ts) retrains on new data.
  const models = referenceModels(region).map((model) => {
    const dataVersion: string | undefined = app.node.tryGetContext(`dataVersion:${model.name}`);
    return model.training && dataVersion ? { ...model, training: { ...model.training, retrainTrigger: dataVersion } } : model;
  });
  // Buckets first (upload the training data), then the platform, whose training jobs run during deploy.
  const data = new MlStorageStack(app, 'MlData', {
    env: { region },
    description: 'cdk-mlops reference platform: data, model and access-log buckets',
  });
  const platform = new MlPlatformStack(app, 'MlPlatform', {
    env: { region },
    description: 'cdk-mlops reference platform: training jobs, SageMaker models and endpoints, autoscaling, alarms, dashboards',
    models,
    storage: data.storage,
  });

  const k8sApp = new cdk8s.App({ outdir: path.join(app.outdir, 'k8s'), outputFileExtension: '.k8s.yaml' });
  const charts = models.map((model) => new ModelServingChart(k8sApp, model.name, { model, namespace: 'ml-serving' }));
  return { app, stacks: [data, platform], k8sApp, charts };
}
