import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../constructs/core';
import {
  KubeIngressSource, KubeModelNamespace, KubeModelOutput, KubeModelServing, KubeModelSource, KubePodIdentity, KubeSecurityProfile, KubeTrainingJob,
} from '../constructs/k8s';
import { checkNamespaceName } from '../constructs/k8s/private/kube-checks';
import { applySyncWaves } from '../constructs/k8s/private/sync-wave';
import { MlModelDefinition } from './ml-model-definition';
import { ModelDelivery, ModelDeliveryOptions } from './model-delivery';
import { checkModelDefinition } from './private/model-definition-checks';
import { resolveModelDefinition } from './private/model-defaults';

/** Properties of a {@link ModelServingChart}. */
export interface ModelServingChartProps extends ChartProps {
  /** The model, as also given to `MlPlatformStack`. */
  readonly model: MlModelDefinition;
  /**
   * Render the chart's `namespace` as a Namespace object (with Pod Security Admission labels). Turn it off for
   * a namespace that exists already, or that another chart renders.
   * @default true, when `namespace` is set
   */
  readonly createNamespace?: boolean;
  /**
   * The Pod Security Standard the rendered Namespace enforces. When several models share the namespace, the
   * weakest profile among them.
   * @default - the model's `kubernetesSecurityProfile`
   */
  readonly namespaceSecurityProfile?: KubeSecurityProfile;
  /**
   * Who may reach the model server: typically the ingress controller's or gateway's namespace
   * (`KubeIngressSource.fromNamespace('ingress-nginx')`).
   * @default - any source may connect, on the serving port only
   */
  readonly ingressFrom?: KubeIngressSource[];
  /** AWS credentials of the serving pods (S3 read of the model). @default - none on the ServiceAccount (use EKS Pod Identity, or the node role) */
  readonly servingIdentity?: KubePodIdentity;
  /** AWS credentials of the training pods (S3 read of the data, write of the model). @default - none on the ServiceAccount */
  readonly trainingIdentity?: KubePodIdentity;
  /** Secrets used to pull private images, for every pod of the chart. @default - none */
  readonly imagePullSecrets?: string[];
  /**
   * How long a serving pod waits for the model the training Job produces, before its init step fails.
   * @default - the training job's maxRuntime plus 10 minutes
   */
  readonly modelWaitTimeout?: Duration;
  /** How long a finished training Job stays (see `KubeTrainingJobProps.ttlAfterFinished`). @default Duration.days(1) */
  readonly trainingTtlAfterFinished?: Duration;
  /**
   * Progressive delivery, monitoring and load-based autoscaling (Argo Rollouts canary, ServiceMonitor and
   * PrometheusRule, KEDA ScaledObject), with the definition's thresholds. See docs/k8s-progressive-delivery.md.
   * @default - a Deployment with a CPU HorizontalPodAutoscaler, no monitoring objects
   */
  readonly delivery?: ModelDeliveryOptions;
}

/**
 * The Kubernetes side of one model, ready to apply: a cdk8s chart built from the same definition
 * `MlPlatformStack` hosts on SageMaker, with the same defaults (`resolveModelDefinition`):
 *
 * - its Namespace (Pod Security Admission labels), unless `createNamespace: false`;
 * - when the definition trains on Kubernetes (`training.kubernetesDataUri`), a `KubeTrainingJob` named
 *   after its configuration and retrain trigger, uploading to `training.kubernetesOutputUri` (or writing
 *   to the claim `kubernetesModelClaim`);
 * - `KubeModelServing` (Deployment, Service, HPA, PDB, ServiceAccount, NetworkPolicy) whose pods wait for
 *   that model, bounded, before they start;
 * - Argo CD sync waves on every object: namespace, then identities and config, then training, then serving.
 *
 * What the chart cannot honour of the definition (e.g. the SageMaker quality gate) is a warning on the
 * chart (`warnings`), never silently dropped.
 */
export class ModelServingChart extends Chart {
  /**
   * The profile a namespace shared by `models` must enforce: BASELINE when any of them runs a root image
   * (`kubernetesSecurityProfile: BASELINE`), else RESTRICTED.
   */
  public static namespaceSecurityProfileFor(models: MlModelDefinition[]): KubeSecurityProfile {
    return models.some((m) => m.kubernetesSecurityProfile === KubeSecurityProfile.BASELINE)
      ? KubeSecurityProfile.BASELINE : KubeSecurityProfile.RESTRICTED;
  }

  /** The serving objects. */
  public readonly serving: KubeModelServing;
  /** The training Job, when the model trains on Kubernetes. */
  public readonly training?: KubeTrainingJob;
  /** The Namespace, when the chart renders it. */
  public readonly modelNamespace?: KubeModelNamespace;
  /** Options of the definition this chart does not honour, one sentence each (also warnings on the chart). */
  public readonly warnings: string[];
  /** The canary, monitoring and autoscaling objects, when `delivery` is given. */
  public readonly delivery?: ModelDelivery;

  constructor(scope: Construct, id: string, props: ModelServingChartProps) {
    super(scope, id, props);
    const model = resolveModelDefinition(props.model);
    const training = model.training?.kubernetesDataUri ? model.training : undefined;

    const check = new PropsCheck(this, 'ModelServingChart');
    // Every problem of the definition, by its own prop names, before a nested construct reports one of them.
    checkModelDefinition(check, 'model', props.model);
    if (training && model.kubernetesModelDataUri) {
      check.fail('model.kubernetesModelDataUri', model.kubernetesModelDataUri,
        'must be omitted when the model trains on Kubernetes (training.kubernetesDataUri): the pods serve what the training Job produced');
    }
    if (training?.kubernetesOutputUri && training.kubernetesModelClaim) {
      check.fail('model.training.kubernetesModelClaim', training.kubernetesModelClaim,
        'must be omitted with training.kubernetesOutputUri: the model goes to S3, not to a claim');
    }
    if (props.createNamespace === true && props.namespace === undefined) {
      check.fail('createNamespace', true, 'needs `namespace`: the chart can only render a namespace it is given');
    }
    if (props.namespace !== undefined) checkNamespaceName(check, 'namespace', props.namespace);
    // The profile is enforced by the Namespace the chart renders; without a namespace it would be silently dropped.
    // (With createNamespace: false it is allowed: charts sharing a namespace pass the same profile, one renders it.)
    if (props.namespaceSecurityProfile !== undefined && props.namespace === undefined) {
      check.fail('namespaceSecurityProfile', props.namespaceSecurityProfile,
        'needs `namespace`: the profile is enforced by the Namespace the chart renders, and without a namespace there is none');
    }
    check.throwIfInvalid();
    this.warnings = [...model.kubernetesWarnings, ...deliveryWarnings(props)];
    for (const warning of this.warnings) check.warn('kubernetes-option-ignored', `${props.model.name}: ${warning}`);

    if (props.namespace !== undefined && props.createNamespace !== false) {
      this.modelNamespace = new KubeModelNamespace(this, 'Namespace', {
        name: props.namespace,
        enforce: props.namespaceSecurityProfile ?? model.kubernetesSecurityProfile,
      });
    }

    if (training) {
      const dataUri = training.kubernetesDataUri!.replace(/\/?$/, '/');
      this.training = new KubeTrainingJob(this, 'Training', {
        name: `${model.name}-train`,
        image: training.kubernetesImage,
        instanceType: training.instanceType,
        instanceCount: training.instanceCount,
        hyperparameters: Object.fromEntries(Object.entries(training.hyperparameters).map(([k, v]) => [k, v.value])),
        inputChannels: training.channels.map((name) => ({ name, s3Uri: `${dataUri}${name}/` })),
        maxRuntime: Duration.seconds(training.maxRuntime.toSeconds()),
        env: training.environment,
        modelOutput: training.kubernetesOutputUri ? KubeModelOutput.toS3(training.kubernetesOutputUri)
          : KubeModelOutput.toPersistentVolumeClaim(training.kubernetesModelClaim ?? `${model.name}-model`),
        retrainTrigger: training.retrainTrigger,
        ttlAfterFinished: props.trainingTtlAfterFinished,
        securityProfile: model.kubernetesSecurityProfile,
        identity: props.trainingIdentity,
        imagePullSecrets: props.imagePullSecrets,
      });
    }

    const modelSource = this.training ? KubeModelSource.fromTrainingJob(this.training, props.modelWaitTimeout)
      : model.kubernetesModelDataUri ? KubeModelSource.fromS3Uri(model.kubernetesModelDataUri) : KubeModelSource.baked();
    this.serving = new KubeModelServing(this, 'Serving', {
      name: model.name,
      image: model.kubernetesImage,
      instanceType: model.instanceType,
      env: model.environment,
      modelSource,
      minReplicas: model.minCapacity,
      maxReplicas: model.maxCapacity,
      targetCpuUtilizationPercent: model.kubernetesCpuUtilizationPercent,
      securityProfile: model.kubernetesSecurityProfile,
      ingressFrom: props.ingressFrom,
      identity: props.servingIdentity,
      imagePullSecrets: props.imagePullSecrets,
      // KEDA creates its own HorizontalPodAutoscaler: never two on one target.
      cpuAutoscaling: props.delivery?.loadAutoscaling === undefined,
    });
    if (props.delivery) this.delivery = new ModelDelivery(this, 'Delivery', { ...props.delivery, serving: this.serving, thresholds: model });
  }

  /** Renders the objects, each with its Argo CD sync wave (objects added after construction included). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s' own signature
  public override toJson(): any[] {
    applySyncWaves(this);
    return super.toJson();
  }
}

/** Options of the definition that only `delivery` renders on Kubernetes, when it is not given. */
function deliveryWarnings(props: ModelServingChartProps): string[] {
  const model = props.model;
  const warnings: string[] = [];
  if (model.deploymentPolicy && !props.delivery?.canary) {
    warnings.push('deploymentPolicy is rendered for the SageMaker endpoint: on Kubernetes the Deployment rolls out one pod at a time '
      + '(set delivery.canary for an Argo Rollouts canary that rolls back by itself)');
  }
  const targets = [
    model.invocationsPerInstance !== undefined ? 'invocationsPerInstance' : undefined,
    model.gpuUtilizationPercent !== undefined && model.instanceType.isGpu ? 'gpuUtilizationPercent' : undefined,
  ].filter((t): t is string => t !== undefined);
  if (targets.length > 0 && !props.delivery?.loadAutoscaling) {
    warnings.push(`${targets.join(' and ')} scale the SageMaker endpoint: on Kubernetes the HorizontalPodAutoscaler scales on CPU `
      + '(kubernetesCpuUtilizationPercent); set delivery.loadAutoscaling for KEDA on the same targets');
  }
  return warnings;
}
