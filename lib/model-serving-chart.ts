import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeModelOutput, KubeModelServing, KubeModelSource, KubeTrainingJob } from '../constructs/k8s';
import { MlModelDefinition } from './ml-model-definition';
import { MlPlatformStack } from './ml-platform-stack';

/** Properties of a {@link ModelServingChart}. */
export interface ModelServingChartProps extends ChartProps {
  /** The model, as also given to `MlPlatformStack`. */
  readonly model: MlModelDefinition;
}

/**
 * The Kubernetes side of one model: a cdk8s chart with `KubeModelServing` (Deployment, Service, HPA,
 * PDB, ServiceAccount, NetworkPolicy) built from the same definition `MlPlatformStack` hosts on
 * SageMaker — same image contract, environment, scaling bounds and instance shape — and, when the
 * definition trains on Kubernetes (`training.kubernetesDataUri`), a `KubeTrainingJob` that writes the
 * model to a PersistentVolumeClaim the serving pods then read.
 */
export class ModelServingChart extends Chart {
  /** The serving objects. */
  public readonly serving: KubeModelServing;
  /** The training Job, when the model trains on Kubernetes. */
  public readonly training?: KubeTrainingJob;

  constructor(scope: Construct, id: string, props: ModelServingChartProps) {
    super(scope, id, props);
    const model = props.model;
    const training = model.training?.kubernetesDataUri ? model.training : undefined;
    const claim = training ? training.kubernetesModelClaim ?? `${model.name}-model` : undefined;

    if (training && claim) {
      const dataUri = training.kubernetesDataUri!.replace(/\/?$/, '/');
      this.training = new KubeTrainingJob(this, 'Training', {
        name: `${model.name}-train`,
        image: training.kubernetesImage ?? model.kubernetesImage,
        instanceType: training.instanceType,
        instanceCount: training.instanceCount,
        hyperparameters: Object.fromEntries(Object.entries(training.hyperparameters ?? {}).map(([k, v]) => [k, v.value])),
        inputChannels: (training.channels ?? MlPlatformStack.DEFAULT_TRAINING_CHANNELS).map((name) => ({ name, s3Uri: `${dataUri}${name}/` })),
        maxRuntime: training.maxRuntime ? Duration.seconds(training.maxRuntime.toSeconds()) : undefined,
        env: training.environment,
        modelOutput: KubeModelOutput.toPersistentVolumeClaim(claim),
        securityProfile: model.kubernetesSecurityProfile,
      });
    }

    const modelSource = model.kubernetesModelDataUri ? KubeModelSource.fromS3Uri(model.kubernetesModelDataUri)
      : claim ? KubeModelSource.fromPersistentVolumeClaim(claim) : KubeModelSource.baked();
    this.serving = new KubeModelServing(this, 'Serving', {
      name: model.name,
      image: model.kubernetesImage,
      instanceType: model.instanceType,
      env: model.environment,
      modelSource,
      minReplicas: model.minCapacity,
      maxReplicas: model.maxCapacity ?? 4,
      targetCpuUtilizationPercent: model.kubernetesCpuUtilizationPercent,
      securityProfile: model.kubernetesSecurityProfile,
    });
  }
}
