import * as cdk8s from 'cdk8s';
import { MlInstanceType } from '../constructs/core';
import { KarpenterGpuNodePool, ModelServerMetrics } from '../constructs/k8s';
import { MlopsConfig, MlopsEnvironment } from '../lib/config/mlops-config';
import { REFERENCE_KUBERNETES_IMAGE } from '../lib/config/reference-container';
import { MlModelDefinition } from '../lib/ml-model-definition';
import { ModelDeliveryOptions } from '../lib/model-delivery';
import { ModelGitOpsChart } from '../lib/model-gitops-chart';
import { ModelServingChart } from '../lib/model-serving-chart';

/** Reads one context value (`-c key=value` for `cdk synth`, cdk.json's context for `npm run synth:k8s`). */
export type ContextReader = (key: string) => unknown;

/** Where the reference platform's YAML is committed (replace with your repository: `-c gitRepoUrl=...`). */
export const REFERENCE_GIT_REPO = 'https://github.com/example/ml-platform.git';
/** Folder of that repository holding the synthesized `*.k8s.yaml` files. */
export const REFERENCE_GIT_PATH = 'deploy/k8s';

/** One environment's region and models, as both targets build them (the data version retrains). */
export function referenceEnvironmentModels(config: MlopsConfig, environment: MlopsEnvironment, context: ContextReader): { region: string; models: MlModelDefinition[] } {
  // The config fixes the region, so synth is identical on every machine; `-c region=eu-west-1` overrides it
  // when the file has one environment.
  const several = config.environments.length > 1;
  const region = ((several ? undefined : context('region')) as string | undefined) ?? environment.region;
  // `-c dataVersion:digits=<version>` (printed by scripts/upload-training-data.ts) retrains on new data.
  const models = config.modelsFor({ ...environment, region }).map((model) => {
    const dataVersion = context(`dataVersion:${model.name}`) as string | undefined;
    return model.training && dataVersion ? { ...model, training: { ...model.training, retrainTrigger: dataVersion } } : model;
  });
  return { region, models };
}

/**
 * The reference delivery of a model on Kubernetes: a model whose image is the reference container
 * (which exposes `ModelServerMetrics.referenceContainer()` on `/metrics`) gets an Argo Rollouts canary judged
 * by its error rate and p99 latency, a ServiceMonitor, alert rules and KEDA scaling on requests per second.
 * Another image (e.g. a Deep Learning Container, whose metrics are unknown here) keeps the Deployment's
 * rolling update, and gets restart and, on GPUs, DCGM alerts and KEDA scaling on GPU utilisation.
 */
export function referenceDelivery(model: MlModelDefinition): ModelDeliveryOptions {
  const reference = model.kubernetesImage === REFERENCE_KUBERNETES_IMAGE;
  return {
    serverMetrics: reference ? ModelServerMetrics.referenceContainer() : undefined,
    canary: reference ? {} : undefined,
    monitoring: {},
    loadAutoscaling: {},
  };
}

/** What {@link buildReferenceCharts} built. */
export interface ReferenceCharts {
  /** One chart per model and Kubernetes environment. */
  readonly charts: ModelServingChart[];
  /** The Karpenter node pool for the accelerated types the models need (chart `cluster`), if any. */
  readonly clusterChart?: cdk8s.Chart;
  /** The Argo CD Applications (chart `argocd`), one per chart above. */
  readonly gitOpsChart?: ModelGitOpsChart;
}

/**
 * The Kubernetes side of the platform the config describes, in `k8sApp`: shared by `cdk synth`
 * (`bin/reference-app.ts`, writing `cdk.out/k8s/`) and `npm run synth:k8s` (`bin/k8s-app.ts`, writing `dist/`),
 * so both write the same files.
 */
export function buildReferenceCharts(k8sApp: cdk8s.App, config: MlopsConfig, context: ContextReader): ReferenceCharts {
  const several = config.environments.length > 1;
  const charts: ModelServingChart[] = [];
  const accelerated = new Map<string, MlInstanceType>();
  for (const environment of config.environments.filter((e) => MlopsConfig.deploysToKubernetes(e))) {
    const { models } = referenceEnvironmentModels(config, environment, context);
    const prefix = several ? `${environment.name}-` : '';
    // The models share the environment's namespace: the first chart renders it, at the weakest profile they need.
    const namespaceSecurityProfile = ModelServingChart.namespaceSecurityProfileFor(models);
    charts.push(...models.map((model, i) => new ModelServingChart(k8sApp, `${prefix}${model.name}`, {
      model, namespace: environment.kubernetesNamespace, createNamespace: i === 0, namespaceSecurityProfile, delivery: referenceDelivery(model),
    })));
    for (const type of models.flatMap((m) => [m.instanceType, ...(m.training?.kubernetesDataUri ? [m.training.instanceType] : [])])) {
      if (type.isKnown && type.isAccelerated) accelerated.set(type.name, type);
    }
  }
  if (charts.length === 0) return { charts };

  let clusterChart: cdk8s.Chart | undefined;
  if (accelerated.size > 0) {
    // Cluster-scoped: its own chart, without a namespace. `-c eksClusterName=...` names your cluster.
    clusterChart = new cdk8s.Chart(k8sApp, 'cluster');
    const clusterName = (context('eksClusterName') as string | undefined) ?? 'ml-cluster';
    new KarpenterGpuNodePool(clusterChart, 'GpuNodes', {
      instanceTypes: [...accelerated.values()],
      clusterName,
      nodeRoleName: (context('karpenterNodeRole') as string | undefined) ?? `KarpenterNodeRole-${clusterName}`,
    });
  }
  const gitOpsChart = new ModelGitOpsChart(k8sApp, 'argocd', {
    charts: [...(clusterChart ? [clusterChart] : []), ...charts],
    repoUrl: (context('gitRepoUrl') as string | undefined) ?? REFERENCE_GIT_REPO,
    path: (context('gitPath') as string | undefined) ?? REFERENCE_GIT_PATH,
    targetRevision: (context('gitRevision') as string | undefined) ?? 'main',
  });
  return { charts, clusterChart, gitOpsChart };
}
