import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { MlopsConfig } from '../lib/config/mlops-config';
import { addTrainingMetricWidgets } from '../lib/config/training-metric-widgets';
import { MlPlatformStack } from '../lib/ml-platform-stack';
import { MlStorageStack } from '../lib/ml-storage';
import { ModelServingChart } from '../lib/model-serving-chart';
import { REFERENCE_CONFIG } from './reference-models';

/** What the reference platform consists of. */
export interface ReferenceApp {
  /** The CDK app. */
  readonly app: App;
  /** Its CloudFormation stacks. */
  readonly stacks: Stack[];
  /** The cdk8s app holding the Kubernetes side (writes to `<cdk outdir>/k8s`). */
  readonly k8sApp: cdk8s.App;
  /** Its charts, one per model. */
  readonly charts: ModelServingChart[];
  /** The config file it was built from (its `assumptions` are printed by `bin/mlops-platform.ts`). */
  readonly config: MlopsConfig;
}

/**
 * Builds the reference platform: the buckets (stack `MlData`), both models trained and hosted on
 * SageMaker (stack `MlPlatform`) and on Kubernetes (one cdk8s chart each). Shared by `bin/mlops-platform.ts` (what `cdk synth` runs) and the snapshot and
 * compliance tests, so they test exactly what users deploy.
 */
export function buildReferenceApp(app: App): ReferenceApp {
  // `-c config=<file>` builds the platform another config file describes (docs/config.md).
  const configFile: string = app.node.tryGetContext('config') ?? REFERENCE_CONFIG;
  const config = MlopsConfig.fromFile(configFile);
  const title = path.resolve(configFile) === REFERENCE_CONFIG ? 'cdk-mlops reference platform' : `cdk-mlops platform (${path.basename(configFile)})`;
  const several = config.environments.length > 1;
  const stacks: Stack[] = [];
  const k8sApp = new cdk8s.App({ outdir: path.join(app.outdir, 'k8s'), outputFileExtension: '.k8s.yaml' });
  const charts: ModelServingChart[] = [];
  for (const environment of config.environments) {
    // The config fixes the region, so synth is identical on every machine; `-c region=eu-west-1` overrides it
    // when the file has one environment. Several environments get their name on every stack and chart.
    const region: string = (several ? undefined : app.node.tryGetContext('region')) ?? environment.region;
    const suffix = several ? `-${environment.name}` : '';
    // `-c dataVersion:digits=<version>` (printed by scripts/upload-training-data.ts) retrains on new data.
    const models = config.modelsFor({ ...environment, region }).map((model) => {
      const dataVersion: string | undefined = app.node.tryGetContext(`dataVersion:${model.name}`);
      return model.training && dataVersion ? { ...model, training: { ...model.training, retrainTrigger: dataVersion } } : model;
    });
    if (MlopsConfig.deploysToAws(environment)) {
      const env = { account: environment.account, region };
      // Buckets first (upload the training data), then the platform, whose training jobs run during deploy.
      const data = new MlStorageStack(app, `MlData${suffix}`, {
        env,
        description: `${title}: data, model and access-log buckets`,
      });
      const platform = new MlPlatformStack(app, `MlPlatform${suffix}`, {
        env,
        description: `${title}: training jobs, SageMaker models and endpoints, autoscaling, alarms, dashboards`,
        models,
        storage: data.storage,
        alarmEmails: config.alarmEmails.length > 0 ? config.alarmEmails : undefined,
      });
      for (const hosted of platform.hostedModels) addTrainingMetricWidgets(hosted, config.dashboardMetrics);
      stacks.push(data, platform);
    }
    if (MlopsConfig.deploysToKubernetes(environment)) {
      const prefix = several ? `${environment.name}-` : '';
      // The models share the environment's namespace: the first chart renders it, at the weakest profile they need.
      const namespaceSecurityProfile = ModelServingChart.namespaceSecurityProfileFor(models);
      charts.push(...models.map((model, i) => new ModelServingChart(k8sApp, `${prefix}${model.name}`, {
        model, namespace: environment.kubernetesNamespace, createNamespace: i === 0, namespaceSecurityProfile,
      })));
    }
  }
  return { app, stacks, k8sApp, charts, config };
}
