import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { checkInstanceType } from '../core/private/instance-type-checks';
import { PropsCheck } from '../core/validation';
import { GpuScheduling } from './gpu-scheduling';
import { checkAnnotations, checkEnv, checkImage, checkKubeName, checkLabelValue, checkResources } from './private/kube-checks';
import { DEFAULT_PART_OF, kubeNameFromId, recommendedLabels, selectorLabels, versionFromImage } from './private/kube-conventions';
import { KubeWorkloadOptions } from './kube-workload-options';
import { k8s } from './private/k8s-api';
import { KubeSecurityProfile } from './kube-security-profile';
import {
  containerSecurityContext, DEFAULT_RUN_AS_USER, emptyDirVolume, podSecurityContext, TMP_MOUNT, TMP_VOLUME,
} from './private/pod-security';
import { DEFAULT_S3_DOWNLOADER_IMAGE } from './private/s3-download';

/** Properties every workload has: its image and name, plus the shared options. */
export interface KubeWorkloadProps extends KubeWorkloadOptions {
  /**
   * The main image, following SageMaker's contract: the model server (`serve`: answers `GET /ping`, serves on
   * the port) for `KubeModelServing`; the training image (`train`: reads `/opt/ml/input`, writes `/opt/ml/model`)
   * for `KubeTrainingJob`.
   */
  readonly image: string;
  /**
   * Base name. `KubeModelServing` names every object it renders so (at most 63 characters). `KubeTrainingJob`
   * names its ServiceAccount so, the same for every run, and each run's Job, ConfigMap, Service and NetworkPolicy
   * `<name>-<12 hex digits of the run's configuration hash>` (at most 47 characters, so pod host names fit 63).
   * @default - the construct id in kebab case
   */
  readonly name?: string;
}

/** What a subclass tells the base about itself. */
export interface KubeWorkloadKind {
  /** The construct type named in errors, e.g. `KubeModelServing`. */
  readonly constructType: string;
  /** The `app.kubernetes.io/component` label. */
  readonly component: string;
  /** Longest base name allowed. */
  readonly maxNameLength: number;
  /** Environment variables the workload sets itself (users may not). */
  readonly reservedEnv: string[];
}

/**
 * What serving and training pods have in common, rendered once (as cdk8s-plus' AbstractPod does for its
 * workloads): the name and recommended labels, sizing and placement from the instance type, the
 * ServiceAccount and its AWS identity, image pull secrets, the security profile of pod and main
 * container, the read-only root filesystem's writable `/tmp`, and the checks of these props.
 *
 * A subclass adds its own checks to `check`, calls `check.throwIfInvalid()`, then renders its objects
 * with `renderServiceAccount`, `renderPodSpec` and `renderMainContainer`.
 */
export abstract class KubeWorkload extends Construct {
  /** Base name of the objects (the ServiceAccount and the `app.kubernetes.io/name` label). */
  public readonly name: string;
  /** Resources and placement of the main container. */
  public readonly scheduling: GpuScheduling;
  /** The `app.kubernetes.io/version` label. */
  public readonly version: string;
  /** The security profile of the main container. */
  public readonly securityProfile: KubeSecurityProfile;
  /** User and group the containers run as. */
  public readonly runAsUser: number;
  /** Image of the containers that talk to S3. */
  public readonly s3Image: string;

  /** The props check shared with the subclass (collects every problem; thrown once). */
  protected readonly check: PropsCheck;
  private readonly kind: KubeWorkloadKind;
  private readonly options: KubeWorkloadProps;

  protected constructor(scope: Construct, id: string, props: KubeWorkloadProps, kind: KubeWorkloadKind) {
    super(scope, id);
    this.kind = kind;
    this.options = props;
    this.name = props.name ?? kubeNameFromId(id);
    this.version = props.version ?? versionFromImage(props.image);
    this.securityProfile = props.securityProfile ?? KubeSecurityProfile.RESTRICTED;
    this.runAsUser = props.runAsUser ?? DEFAULT_RUN_AS_USER;
    this.s3Image = props.s3DownloaderImage ?? DEFAULT_S3_DOWNLOADER_IMAGE;
    this.scheduling = props.instanceType
      ? GpuScheduling.forInstanceType(props.instanceType, props.resources)
      : GpuScheduling.forResources(props.resources ?? {});

    const check = this.check = new PropsCheck(this, kind.constructType);
    checkKubeName(check, props.name === undefined ? 'name (from the construct id)' : 'name', this.name, kind.maxNameLength);
    checkImage(check, 'image', props.image);
    checkEnv(check, 'env', props.env ?? {}, kind.reservedEnv);
    // Any EC2 type can run anything on Kubernetes, so no training/hosting rule: only the name is checked.
    checkInstanceType(check, 'instanceType', props.instanceType);
    checkResources(check, 'resources', props.resources ?? {}, this.scheduling);
    if (props.s3DownloaderImage !== undefined) checkImage(check, 's3DownloaderImage', props.s3DownloaderImage);
    (props.imagePullSecrets ?? []).forEach((secret, i) => checkKubeName(check, `imagePullSecrets[${i}]`, secret, 253));
    check.integerInRange('runAsUser', props.runAsUser, 1, 2_147_483_647);
    checkLabelValue(check, 'version', this.version);
    if (props.partOf !== undefined) checkLabelValue(check, 'partOf', props.partOf);
    // KubePodIdentity.fromAnnotations has no construct to report on: its annotations are checked where they are used.
    checkAnnotations(check, 'identity.annotations', props.identity?.annotations);
    checkAnnotations(check, 'serviceAccountAnnotations', props.serviceAccountAnnotations);
  }

  /** The recommended labels of an object; `instance` names one run or release of the workload. */
  public labelsFor(instance: string = this.name): { [key: string]: string } {
    return {
      ...recommendedLabels({ name: this.name, component: this.kind.component, partOf: this.options.partOf ?? DEFAULT_PART_OF, version: this.version }),
      'app.kubernetes.io/instance': instance,
    };
  }

  /** The labels that select the pods of `instance` (no version: selectors are immutable). */
  public selectorLabelsFor(instance: string = this.name): { [key: string]: string } {
    return { ...selectorLabels(this.name, this.kind.component), 'app.kubernetes.io/instance': instance };
  }

  /** The pods' ServiceAccount, named after the workload (stable across runs, so IAM trust policies keep matching). */
  protected renderServiceAccount(): k8s.KubeServiceAccount {
    const annotations = { ...this.options.identity?.annotations, ...this.options.serviceAccountAnnotations };
    return new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, labels: this.labelsFor(), annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      // The pods never call the Kubernetes API: no token to steal. (IRSA/Pod Identity mount their own.)
      automountServiceAccountToken: false,
    });
  }

  /**
   * A pod spec with what every workload pod has (identity, security, placement, `/tmp`) around the
   * subclass's containers and volumes.
   */
  protected renderPodSpec(spec: k8s.PodSpec, scratchSize: Size): k8s.PodSpec {
    const pullSecrets = this.options.imagePullSecrets ?? [];
    return {
      serviceAccountName: this.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
      securityContext: podSecurityContext(this.securityProfile, this.runAsUser),
      affinity: this.scheduling.renderAffinity(),
      tolerations: this.scheduling.renderTolerations(),
      nodeSelector: this.scheduling.renderNodeSelector(),
      ...spec,
      volumes: [emptyDirVolume(TMP_VOLUME, scratchSize), ...(spec.volumes ?? [])],
    };
  }

  /**
   * The main container (training, or the model server): the workload's image, resources, security
   * profile, the construct's environment followed by the user's, and `/tmp`.
   */
  protected renderMainContainer(container: k8s.Container, env: k8s.EnvVar[]): k8s.Container {
    return {
      image: this.options.image,
      imagePullPolicy: 'IfNotPresent',
      ...container,
      env: [...env, ...Object.entries(this.options.env ?? {}).map(([name, value]) => ({ name, value }))],
      resources: this.scheduling.renderResources(),
      securityContext: containerSecurityContext(this.securityProfile, this.runAsUser),
      volumeMounts: [TMP_MOUNT, ...(container.volumeMounts ?? [])],
    };
  }
}
