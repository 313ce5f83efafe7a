import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { MlopsConfig } from '../lib/config/mlops-config';
import { addTrainingMetricWidgets } from '../lib/config/training-metric-widgets';
import { MlPlatformApp } from '../lib/ml-platform-app';
import { MlPlatformStack } from '../lib/ml-platform-stack';
import { MlStorageStack } from '../lib/ml-storage';
import { ModelServingChart } from '../lib/model-serving-chart';
import { buildReferenceCharts, referenceEnvironmentModels } from './reference-charts';
import { buildReferenceDelivery, ReferenceDeployment } from './reference-delivery';
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
  /** The other charts of the cdk8s app: Argo CD Applications (`argocd`) and the Karpenter node pool (`cluster`). */
  readonly platformCharts: cdk8s.Chart[];
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
  const deployments: ReferenceDeployment[] = [];
  for (const environment of config.environments) {
    // Several environments get their name on every stack and chart.
    const { region, models } = referenceEnvironmentModels(config, environment, (key) => app.node.tryGetContext(key));
    const suffix = several ? `-${environment.name}` : '';
    if (MlopsConfig.deploysToAws(environment) && !MlPlatformApp.fitsOneStack(models)) {
      // More models than one template holds (docs/ml-platform-app.md): a shared stack (`MlPlatform-Shared`) and as
      // many model stacks (`MlPlatform-1`, `-2` …) as they need; appending a model to the file never moves another.
      const platforms = new MlPlatformApp(app, `MlPlatform${suffix}`, {
        models,
        env: { account: environment.account, region },
        stackNamePrefix: `MlPlatform${suffix}`,
        alarmEmails: config.alarmEmails.length > 0 ? config.alarmEmails : undefined,
      });
      for (const hosted of platforms.modelStacks.flatMap((stack) => stack.hostedModels)) addTrainingMetricWidgets(hosted, config.dashboardMetrics);
      stacks.push(...platforms.stacks);
      deployments.push({ name: environment.name, region, stacks: platforms.stacks, kubernetes: MlopsConfig.deploysToKubernetes(environment) });
    } else if (MlopsConfig.deploysToAws(environment)) {
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
      deployments.push({ name: environment.name, region, stacks: [data, platform], kubernetes: MlopsConfig.deploysToKubernetes(environment) });
    }
  }
  // The same charts `npm run synth:k8s` writes to dist/ (bin/k8s-app.ts), with Argo CD Applications and Karpenter.
  const { charts, clusterChart, gitOpsChart } = buildReferenceCharts(k8sApp, config, (key) => app.node.tryGetContext(key));
  const platformCharts = [...(gitOpsChart ? [gitOpsChart] : []), ...(clusterChart ? [clusterChart] : [])];
  // CI/CD (docs/cicd.md): a CDK pipeline deploying each AWS environment's stacks, in the file's order.
  stacks.push(buildReferenceDelivery(app, deployments));
  return { app, stacks, k8sApp, charts, platformCharts, config };
}

