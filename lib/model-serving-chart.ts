import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeModelServing, KubeModelSource } from '../constructs/k8s';
import { MlModelDefinition } from './ml-model-definition';

/** Properties of a {@link ModelServingChart}. */
export interface ModelServingChartProps extends ChartProps {
  /** The model, as also given to `MlPlatformStack`. */
  readonly model: MlModelDefinition;
}

/**
 * The Kubernetes side of one model: a cdk8s chart with `KubeModelServing` (Deployment, Service, HPA,
 * PDB, ServiceAccount, NetworkPolicy) built from the same definition `MlPlatformStack` hosts on
 * SageMaker — same image contract, environment, scaling bounds and instance shape.
 */
export class ModelServingChart extends Chart {
  /** The serving objects. */
  public readonly serving: KubeModelServing;

  constructor(scope: Construct, id: string, props: ModelServingChartProps) {
    super(scope, id, props);
    const model = props.model;
    this.serving = new KubeModelServing(this, 'Serving', {
      name: model.name,
      image: model.kubernetesImage,
      instanceType: model.instanceType,
      env: model.environment,
      modelSource: model.kubernetesModelDataUri ? KubeModelSource.fromS3Uri(model.kubernetesModelDataUri) : KubeModelSource.baked(),
      minReplicas: model.minCapacity,
      maxReplicas: model.maxCapacity ?? 4,
      targetCpuUtilizationPercent: model.kubernetesCpuUtilizationPercent,
    });
  }
}
