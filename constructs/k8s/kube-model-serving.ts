import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_MIN_CAPACITY, defaultMaxCapacity } from '../core/private/model-defaults';
import { checkClaimName, checkDurationSeconds, checkImage, checkLabels, checkNamespaceName, checkS3Uri, checkScratchSize } from './private/kube-checks';
import { KubeIngressSource } from './kube-ingress-source';
import { KubeModelSource } from './kube-model-source';
import { KubeWorkload, KubeWorkloadProps } from './kube-workload';
import { k8s } from './private/k8s-api';
import { waitForFilesContainer, waitForS3Container } from './private/model-wait';
import { emptyDirVolume } from './private/pod-security';
import { DEFAULT_UNPACK_IMAGE, s3DownloadContainers } from './private/s3-download';
import { modelServerScalingBehavior } from './private/scaling-behavior';

/** Properties of a {@link KubeModelServing}. */
export interface KubeModelServingProps extends KubeWorkloadProps {
  /** Arguments of the server container. @default ['serve'] (SageMaker's serving contract) */
  readonly args?: string[];
  /** Port the server listens on; the Service exposes the same port. @default 8080 */
  readonly port?: number;
  /** HTTP path of the health check used by all probes. @default '/ping' */
  readonly healthCheckPath?: string;
  /** Where the model comes from. @default KubeModelSource.baked() */
  readonly modelSource?: KubeModelSource;
  /** Image of the init container that unpacks a `.tar.gz` model (needs `sh` and `tar`). @default 'busybox:1.36.1' */
  readonly modelUnpackImage?: string;
  /** Fewest replicas the autoscaler keeps (2 or more keep the model online through a node drain). @default 1, as on SageMaker */
  readonly minReplicas?: number;
  /** Most replicas the autoscaler may run. @default - the larger of `minReplicas` and 4 */
  readonly maxReplicas?: number;
  /** Average CPU utilization (percent of the request) the autoscaler aims for. @default 70 */
  readonly targetCpuUtilizationPercent?: number;
  /** Longest time the model may take to load before the startup probe gives up. @default Duration.minutes(10) */
  readonly modelLoadTimeout?: Duration;
  /** Time a stopping pod gets to finish in-flight requests (at least 30 seconds). @default Duration.seconds(60) */
  readonly terminationGracePeriod?: Duration;
  /**
   * How long a stopping pod keeps serving while endpoints and load balancers stop sending it traffic
   * (a preStop `sleep`; the image must have `sleep`). @default Duration.seconds(10)
   */
  readonly preStopDelay?: Duration;
  /**
   * Who may connect (e.g. the ingress controller's or gateway's namespace). Empty or left out, the
   * NetworkPolicy admits any source, but only on the serving port.
   * @default - any source, on the serving port only
   */
  readonly ingressFrom?: KubeIngressSource[];
  /** Size limit of the writable `/tmp` emptyDir. @default Size.gibibytes(1) */
  readonly scratchSize?: Size;
  /**
   * Render the CPU HorizontalPodAutoscaler. Turn it off when another autoscaler scales the server (a KEDA
   * `KubeLoadAutoscaler`): two autoscalers on one target fight over the replica count.
   * @default true
   */
  readonly cpuAutoscaling?: boolean;
}

const COMPONENT = 'model-server';
const MODEL_DIR = '/opt/ml/model';
const MODEL_VOLUME = 'model';
const PORT_NAME = 'http';
const STARTUP_PROBE_PERIOD_SECONDS = 10;
const RESERVED_ENV = ['SAGEMAKER_BIND_TO_PORT', 'SM_MODEL_DIR'];

/**
 * A model server on Kubernetes: Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget,
 * ServiceAccount and NetworkPolicy, secure and highly available by default.
 *
 * ```ts
 * new KubeModelServing(chart, 'MnistClassifier', {
 *   image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.0.0',
 *   instanceType: MlInstanceType.G5_XLARGE,
 *   modelSource: KubeModelSource.fromS3Uri('s3://models/mnist/model.tar.gz'),
 * });
 * ```
 */
export class KubeModelServing extends KubeWorkload {
  /** Name of the Service clients call (`http://<serviceName>:<port>`). */
  public readonly serviceName: string;
  /** Port of the Service and the container. */
  public readonly port: number;
  /** Labels the Service, PDB and NetworkPolicy select pods by. */
  public readonly selectorLabels: { [key: string]: string };
  /** Fewest replicas the autoscaler keeps. */
  public readonly minReplicas: number;
  /** Most replicas the autoscaler may run. */
  public readonly maxReplicas: number;
  /** The pod template of the Deployment (labels and spec), for objects that run the same pods. */
  public readonly podTemplate: k8s.PodTemplateSpec;
  /** The Deployment running the server (escape hatch: `addJsonPatch`). */
  public readonly deployment: k8s.KubeDeployment;
  /** The ClusterIP Service on the serving port. */
  public readonly service: k8s.KubeService;
  /** The autoscaling/v2 HorizontalPodAutoscaler on CPU (undefined with `cpuAutoscaling: false`). */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget (maxUnavailable 1). */
  public readonly pdb: k8s.KubePodDisruptionBudget;
  /** The pods' ServiceAccount (no API token mounted). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The NetworkPolicy admitting ingress on the serving port only. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: KubeModelServingProps) {
    super(scope, id, props, { constructType: 'KubeModelServing', component: COMPONENT, maxNameLength: 63, reservedEnv: RESERVED_ENV });
    this.port = props.port ?? 8080;
    this.minReplicas = props.minReplicas ?? DEFAULT_MIN_CAPACITY;
    this.maxReplicas = props.maxReplicas ?? defaultMaxCapacity(this.minReplicas);
    const modelLoadTimeout = props.modelLoadTimeout ?? Duration.minutes(10);
    const gracePeriod = props.terminationGracePeriod ?? Duration.seconds(60);
    const preStopDelay = props.preStopDelay ?? Duration.seconds(10);

    const check = this.check;
    check.integerInRange('port', this.port, 1024, 65535);
    check.matches('healthCheckPath', props.healthCheckPath, /^\/\S*$/, "must be an absolute HTTP path starting with '/'");
    if (props.modelSource?.s3Uri !== undefined) checkS3Uri(check, 'modelSource', props.modelSource.s3Uri);
    if (props.modelSource?.claimName !== undefined) checkClaimName(check, 'modelSource.claimName', props.modelSource.claimName);
    if (props.modelSource?.trainingJobPath !== undefined && !props.modelSource.s3Uri && !props.modelSource.claimName) {
      check.fail('modelSource', `KubeModelSource.fromTrainingJob(${props.modelSource.trainingJobPath})`,
        'must come from a training job whose modelOutput is KubeModelOutput.toS3() or toPersistentVolumeClaim(): an ephemeral output is lost with its pod');
    }
    checkDurationSeconds(check, 'modelSource.waitTimeout', props.modelSource?.waitTimeout, 60, 7 * 24 * 3600);
    if (props.modelUnpackImage !== undefined) checkImage(check, 'modelUnpackImage', props.modelUnpackImage);
    // A model baked into the image is never unpacked or waited for: the image would be silently unused.
    if (props.modelUnpackImage !== undefined && !props.modelSource?.s3Uri && !props.modelSource?.claimName) {
      check.fail('modelUnpackImage', props.modelUnpackImage, 'must be omitted for a model baked into the image: it unpacks (or waits for) a model from S3 or a claim');
    }
    check.integerInRange('minReplicas', this.minReplicas, 1, 1000);
    check.integerInRange('maxReplicas', this.maxReplicas, 1, 1000);
    check.require(this.maxReplicas >= this.minReplicas, 'maxReplicas', this.maxReplicas, `must be at least minReplicas (${this.minReplicas})`);
    check.integerInRange('targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 1, 100);
    checkScratchSize(check, 'scratchSize', props.scratchSize);
    (props.ingressFrom ?? []).forEach((source, i) => {
      if (source.namespaceName !== undefined) checkNamespaceName(check, `ingressFrom[${i}].namespaceName`, source.namespaceName);
      checkLabels(check, `ingressFrom[${i}].podLabels`, source.podLabels);
    });
    checkDurationSeconds(check, 'modelLoadTimeout', modelLoadTimeout, 10, 7200);
    checkDurationSeconds(check, 'terminationGracePeriod', gracePeriod, 30, 3600);
    checkDurationSeconds(check, 'preStopDelay', preStopDelay, 0, 300);
    check.require(preStopDelay.toSeconds({ integral: false }) < gracePeriod.toSeconds({ integral: false }), 'preStopDelay',
      preStopDelay.toHumanString(), `must be shorter than terminationGracePeriod (${gracePeriod.toHumanString()})`);
    check.throwIfInvalid();

    const labels = this.labelsFor();
    this.selectorLabels = this.selectorLabelsFor();
    const metadata = { name: this.name, labels };

    this.serviceAccount = this.renderServiceAccount();
    this.podTemplate = { metadata: { labels }, spec: this.renderServingPodSpec(props, { modelLoadTimeout, gracePeriod, preStopDelay }) };

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata,
      spec: {
        // No `replicas`: the HPA owns the count, and re-applying the manifest must not reset it.
        selector: { matchLabels: this.selectorLabels },
        revisionHistoryLimit: 5,
        // A rollout is only "stuck" once the slowest allowed model wait and load have passed.
        progressDeadlineSeconds: Math.ceil(modelLoadTimeout.toSeconds({ integral: false })
          + (props.modelSource?.waitTimeout?.toSeconds({ integral: false }) ?? 0)) + 300,
        strategy: {
          type: 'RollingUpdate',
          // Never below the current capacity during a rollout; one extra pod at a time (GPUs are scarce).
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: this.podTemplate,
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: this.selectorLabels,
        ports: [{ name: PORT_NAME, port: this.port, targetPort: k8s.IntOrString.fromString(PORT_NAME), protocol: 'TCP' }],
      },
    });
    this.serviceName = this.name;

    if (props.cpuAutoscaling !== false) this.hpa = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        metrics: [{
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.targetCpuUtilizationPercent ?? 70 } },
        }],
        behavior: modelServerScalingBehavior(),
      },
    });

    this.pdb = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: {
        // maxUnavailable 1, not minAvailable 1: with a single replica minAvailable 1 would block every
        // node drain (and cluster upgrade) forever; this lets drains progress one pod at a time.
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: this.selectorLabels },
        // A crash-looping pod must not block drains either.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: this.selectorLabels },
        // Ingress only: egress stays open (S3 downloads, telemetry); the serving port is the only way in.
        policyTypes: ['Ingress'],
        ingress: [{
          ports: [{ port: k8s.IntOrString.fromNumber(this.port), protocol: 'TCP' }],
          from: props.ingressFrom && props.ingressFrom.length > 0 ? props.ingressFrom.map(renderPeer) : undefined,
        }],
      },
    });
  }

  private renderServingPodSpec(props: KubeModelServingProps, opts: PodTimings): k8s.PodSpec {
    const source = props.modelSource;
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: props.healthCheckPath ?? '/ping', port: k8s.IntOrString.fromString(PORT_NAME) },
      periodSeconds, failureThreshold, timeoutSeconds: 2,
    });
    const fetched = source?.s3Uri !== undefined || source?.claimName !== undefined;
    return this.renderPodSpec({
      terminationGracePeriodSeconds: Math.ceil(opts.gracePeriod.toSeconds({ integral: false })),
      topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
        topologyKey,
        maxSkew: 1,
        // A preference, not a rule: a zone out of GPUs must not stop the model from scaling.
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selectorLabels },
        // Count only pods of the same revision, so a rollout is spread too.
        matchLabelKeys: ['pod-template-hash'],
      })),
      initContainers: this.renderModelInitContainers(props),
      containers: [this.renderMainContainer({
        name: COMPONENT,
        args: props.args ?? ['serve'],
        ports: [{ name: PORT_NAME, containerPort: this.port, protocol: 'TCP' }],
        // Startup: up to modelLoadTimeout to load the model; liveness and readiness only start after it.
        startupProbe: probe(STARTUP_PROBE_PERIOD_SECONDS,
          Math.ceil(opts.modelLoadTimeout.toSeconds({ integral: false }) / STARTUP_PROBE_PERIOD_SECONDS)),
        readinessProbe: probe(5, 3),
        // Liveness is lenient (1 minute of failures): a busy server that answers slowly is not dead.
        livenessProbe: { ...probe(15, 4), timeoutSeconds: 5 },
        // Keep serving while the endpoint removal reaches kube-proxy and load balancers.
        lifecycle: { preStop: { exec: { command: ['sleep', String(Math.ceil(opts.preStopDelay.toSeconds({ integral: false })))] } } },
        volumeMounts: fetched ? [{ name: MODEL_VOLUME, mountPath: MODEL_DIR, readOnly: true }] : [],
      }, [{ name: 'SAGEMAKER_BIND_TO_PORT', value: String(this.port) }, { name: 'SM_MODEL_DIR', value: MODEL_DIR }])],
      volumes: [
        ...(source?.s3Uri ? [emptyDirVolume(MODEL_VOLUME)] : []),
        ...(!source?.s3Uri && source?.claimName ? [{ name: MODEL_VOLUME, persistentVolumeClaim: { claimName: source.claimName, readOnly: true } }] : []),
      ],
    }, props.scratchSize ?? Size.gibibytes(1));
  }

  /** Wait for the model (bounded, logged), then fetch it. */
  private renderModelInitContainers(props: KubeModelServingProps): k8s.Container[] | undefined {
    const source = props.modelSource;
    const waitSeconds = source?.waitTimeout ? Math.ceil(source.waitTimeout.toSeconds({ integral: false })) : undefined;
    const containers: k8s.Container[] = [];
    if (source?.s3Uri) {
      if (waitSeconds !== undefined) containers.push(waitForS3Container('wait-for-model', this.s3Image, source.s3Uri, waitSeconds, this.runAsUser));
      containers.push(...s3DownloadContainers({
        containerName: 'fetch-model',
        image: this.s3Image,
        s3Uri: source.s3Uri,
        volumeName: MODEL_VOLUME,
        targetDir: MODEL_DIR,
        unpackTarballs: true,
        unpackImage: props.modelUnpackImage,
        runAsUser: this.runAsUser,
      }));
    } else if (source?.claimName && waitSeconds !== undefined) {
      containers.push(waitForFilesContainer('wait-for-model', props.modelUnpackImage ?? DEFAULT_UNPACK_IMAGE, MODEL_VOLUME, MODEL_DIR,
        waitSeconds, this.runAsUser));
    }
    return containers.length > 0 ? containers : undefined;
  }
}

interface PodTimings {
  readonly modelLoadTimeout: Duration;
  readonly gracePeriod: Duration;
  readonly preStopDelay: Duration;
}

function renderPeer(source: KubeIngressSource): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: source.namespaceName !== undefined
      ? { matchLabels: { 'kubernetes.io/metadata.name': source.namespaceName } } : undefined,
    podSelector: source.podLabels !== undefined ? { matchLabels: { ...source.podLabels } } : undefined,
  };
}
