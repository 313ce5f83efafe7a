import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { configurationHash } from '../core/private/configuration-hash';
import {
  checkChannelName, checkHyperparameterCount, checkHyperparameterName, hyperparameterValueProblem,
} from '../core/private/training-contract';
import { PropsCheck } from '../core/validation';
import { AcceleratorKind } from '../core/instance-type';
import { DEFAULT_TRAINING_INSTANCE_COUNT, DEFAULT_TRAINING_MAX_RUNTIME_SECONDS } from '../core/private/model-defaults';
import { checkClaimName, checkDurationSeconds, checkImage, checkS3Uri, checkScratchSize } from './private/kube-checks';
import { KubeModelOutput } from './kube-model-output';
import { KubeTrainingInput, KubeTrainingInputConfig } from './kube-training-input';
import { KubeWorkload, KubeWorkloadProps } from './kube-workload';
import { k8s } from './private/k8s-api';
import { modelPackContainer, modelUploadContainer } from './private/model-upload';
import { emptyDirVolume, mebibytes } from './private/pod-security';
import { DEFAULT_UNPACK_IMAGE, s3DownloadContainers } from './private/s3-download';
import { TRAINING_COMPONENT } from './private/sync-wave';
import { trainingNetworkPolicy } from './private/training-network-policy';
import {
  channelEnvName, DATA_DIR, MODEL_DIR, OUTPUT_DIR, trainingConfigFiles, trainingConfigMounts, trainingEnv, trainingHosts,
} from './private/training-config';

/**
 * One input channel, at `/opt/ml/input/data/<name>`: give `input` (any {@link KubeTrainingInput}: S3, a claim or
 * your own kind), or `s3Uri` as a shorthand for `KubeTrainingInput.fromS3Uri(s3Uri)`.
 */
export interface KubeTrainingChannel {
  /** Channel name (SageMaker's rule: 1–64 of `A-Za-z0-9.-_`); also `SM_CHANNEL_<NAME>`. */
  readonly name: string;
  /**
   * `s3://bucket/key` of one object, or `s3://bucket/prefix/` (ending in `/`) to sync every object under it.
   * @default - none: `input` says where the data comes from
   */
  readonly s3Uri?: string;
  /** Where the data comes from. @default - `KubeTrainingInput.fromS3Uri(s3Uri)` */
  readonly input?: KubeTrainingInput;
}

/** Properties of a {@link KubeTrainingJob}. */
export interface KubeTrainingJobProps extends KubeWorkloadProps {
  /** Where `/opt/ml/model` goes: S3 as on SageMaker (`KubeModelOutput.toS3`), a claim, or nowhere. */
  readonly modelOutput: KubeModelOutput;
  /**
   * Any string whose change starts a new run (a new Job) although the configuration is the same, e.g. the
   * data version. The same configuration and trigger give the same Job name, so re-applying never touches
   * a finished Job, and a retrain never mutates one (Job specs are immutable).
   * @default - a new run only when the configuration changes
   */
  readonly retrainTrigger?: string;
  /** Image of the init container that packs `/opt/ml/model` into `model.tar.gz` (needs `sh`, `tar`, gzip). @default 'busybox:1.36.1' */
  readonly modelPackImage?: string;
  /** Arguments of the training container. @default ['train'] */
  readonly args?: string[];
  /** Number of pods (nodes). Above 1 the Job is Indexed, with a headless Service for rendezvous. @default 1 */
  readonly instanceCount?: number;
  /**
   * Hyperparameters, written to `/opt/ml/input/config/hyperparameters.json` (keys sorted) and `SM_HPS`.
   * Strings, as SageMaker's API takes them: render numbers and booleans with `String(x)`. @default - none (`{}`)
   */
  readonly hyperparameters?: Record<string, string>;
  /** Input channels: S3 ones are fetched by init containers, claim ones mounted read-only. @default - none */
  readonly inputChannels?: KubeTrainingChannel[];
  /** Longest time the Job may run (`activeDeadlineSeconds`). @default Duration.minutes(30), as the SageMaker training job */
  readonly maxRuntime?: Duration;
  /**
   * Failed pods retried before the Job fails. Pods evicted by a node drain or preemption are not counted
   * (a pod failure policy ignores them). @default 0 (a failing training run fails the same way again)
   */
  readonly backoffLimit?: number;
  /**
   * How long a finished run (the Job and its pod logs) stays before Kubernetes deletes it. Old runs go this
   * way; under Argo CD with self-heal, make it longer than the interval between retrains, or Argo CD re-creates
   * (and re-runs) a current run it finds deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Size of the memory-backed `/dev/shm` (data loaders and NCCL need more than the runtime's 64 MiB).
   * It counts toward the container's memory limit, so it must stay below the memory request.
   * @default - a quarter of the memory request, or 1 GiB when the request is unknown
   */
  readonly sharedMemorySize?: Size;
  /** Port of rank 0 for the rendezvous (`MASTER_PORT`). @default 29500 */
  readonly rendezvousPort?: number;
  /** Size limit of the writable `/tmp` emptyDir. @default Size.gibibytes(10) */
  readonly scratchSize?: Size;
}

const COMPONENT = TRAINING_COMPONENT;
const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const RESERVED_ENV = ['RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT', 'SM_CURRENT_HOST', 'SM_HOSTS', 'SM_MODEL_DIR',
  'SM_OUTPUT_DIR', 'SM_OUTPUT_DATA_DIR', 'SM_INPUT_DIR', 'SM_INPUT_CONFIG_DIR', 'SM_CHANNELS', 'SM_HPS', 'SM_NUM_GPUS', 'SM_NUM_NEURONS'];
/** Longest base name: `<name>-<12-digit hash>-<rank>` must stay a 63-character host name. */
const MAX_BASE_NAME_LENGTH = 47;

/**
 * A SageMaker-style training job as a Kubernetes `batch/v1` Job: the same image and `/opt/ml`
 * contract, hyperparameters from a ConfigMap, S3 channels fetched by init containers, GPU resources
 * and placement from the instance type, and (for `instanceCount` > 1) an Indexed Job with a headless
 * Service and `RANK`/`WORLD_SIZE`/`MASTER_ADDR`/`MASTER_PORT` for distributed training.
 *
 * Each run is its own Job, named after a hash of its configuration and `retrainTrigger` (as SageMaker
 * training jobs are), with a NetworkPolicy that admits only its own pods; with `KubeModelOutput.toS3` the
 * model is uploaded to `<prefix><job name>/output/model.tar.gz`.
 */
export class KubeTrainingJob extends KubeWorkload {
  /** Name of this run's Job (and of its ConfigMap `<jobName>-config`, headless Service and NetworkPolicy). */
  public readonly jobName: string;
  /** Longest time the Job may run. */
  public readonly maxRuntime: Duration;
  /** `s3://…/<jobName>/output/model.tar.gz`, when the model is uploaded to S3. */
  public readonly modelArtifactUri?: string;
  /** The claim the model is written to, when it goes to a claim. */
  public readonly modelClaimName?: string;
  /** The batch/v1 Job (escape hatch: `addJsonPatch`). */
  public readonly job: k8s.KubeJob;
  /** The ConfigMap holding SageMaker's `hyperparameters.json`, `inputdataconfig.json` and `resourceconfig.json` (one per rank). */
  public readonly configMap: k8s.KubeConfigMap;
  /** The pods' ServiceAccount (no API token mounted), named `name`: the same for every run. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The headless Service giving pods stable DNS names; only when `instanceCount` > 1. */
  public readonly headlessService?: k8s.KubeService;
  /** Ingress only from this run's pods; egress to them, DNS and HTTPS (S3). */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: KubeTrainingJobProps) {
    super(scope, id, props, { constructType: 'KubeTrainingJob', component: COMPONENT, maxNameLength: MAX_BASE_NAME_LENGTH, reservedEnv: RESERVED_ENV });
    const instanceCount = props.instanceCount ?? DEFAULT_TRAINING_INSTANCE_COUNT;
    this.maxRuntime = props.maxRuntime ?? Duration.seconds(DEFAULT_TRAINING_MAX_RUNTIME_SECONDS);
    const ttl = props.ttlAfterFinished ?? Duration.days(1);
    const port = props.rendezvousPort ?? 29500;
    const channels = bindChannels(this, Array.isArray(props.inputChannels) ? props.inputChannels : []);
    const hyperparameters = props.hyperparameters ?? {};
    const memoryMiB = this.scheduling.memoryMebibytes;
    const shmMiB = props.sharedMemorySize ? mebibytes(props.sharedMemorySize)
      : memoryMiB !== undefined ? Math.floor(memoryMiB / 4) : 1024;

    const check = this.check;
    if (props.modelOutput.claimName !== undefined) {
      checkClaimName(check, 'modelOutput', props.modelOutput.claimName);
    }
    if (props.modelOutput.s3OutputUri !== undefined) checkS3Uri(check, 'modelOutput', props.modelOutput.s3OutputUri);
    if (props.modelPackImage !== undefined) checkImage(check, 'modelPackImage', props.modelPackImage);
    // Only the S3 upload packs the model; with another output the image would be silently unused.
    if (props.modelPackImage !== undefined && props.modelOutput.s3OutputUri === undefined) {
      check.fail('modelPackImage', props.modelPackImage, 'must be omitted unless modelOutput is KubeModelOutput.toS3(): only the S3 upload packs model.tar.gz');
    }
    check.integerInRange('instanceCount', instanceCount, 1, 64);
    checkDurationSeconds(check, 'maxRuntime', this.maxRuntime, 1, 28 * 24 * 3600);
    checkDurationSeconds(check, 'ttlAfterFinished', ttl, 0, 365 * 24 * 3600);
    check.integerInRange('backoffLimit', props.backoffLimit, 0, 100);
    check.integerInRange('rendezvousPort', props.rendezvousPort, 1024, 65535);
    check.require(shmMiB >= 1 && (memoryMiB === undefined || shmMiB < memoryMiB), 'sharedMemorySize',
      props.sharedMemorySize?.asString() ?? `${shmMiB}Mi`, `must be at least 1 MiB and below the memory request (${memoryMiB ?? '?'}Mi): it counts toward the memory limit`);
    checkScratchSize(check, 'scratchSize', props.scratchSize);
    checkChannels(check, props.inputChannels, channels);
    checkHyperparameters(check, hyperparameters);
    check.throwIfInvalid();

    // A run is what its pods get: the whole Job spec and config files (rendered under a placeholder name, since
    // the name is what is being derived), plus the trigger. The TTL is left out: it may change on a live Job.
    const settings: RunSettings = { instanceCount, port, shmMiB, channels, hyperparameters };
    const artifactUri = (jobName: string) => props.modelOutput.s3OutputUri && `${props.modelOutput.s3OutputUri}${jobName}/output/model.tar.gz`;
    const placeholder = `${this.name}-run`;
    this.jobName = `${this.name}-${configurationHash({
      ...this.renderRun(props, settings, placeholder, artifactUri(placeholder)), retrainTrigger: props.retrainTrigger,
    })}`;
    this.modelArtifactUri = artifactUri(this.jobName);
    this.modelClaimName = props.modelOutput.claimName;
    const run = this.renderRun(props, settings, this.jobName, this.modelArtifactUri);

    const metadata = { name: this.jobName, labels: this.labelsFor(this.jobName) };
    const podSelector = this.selectorLabelsFor(this.jobName);
    this.serviceAccount = this.renderServiceAccount();
    this.configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { ...metadata, name: configMapNameOf(this.jobName) }, data: run.configFiles });
    const distributed = instanceCount > 1;
    if (distributed) {
      this.headlessService = new k8s.KubeService(this, 'Workers', {
        metadata,
        spec: {
          clusterIp: 'None',
          selector: podSelector,
          // Rank 0 must resolve before every pod is ready, or the rendezvous waits on itself.
          publishNotReadyAddresses: true,
          ports: [{ name: 'rendezvous', port, targetPort: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }],
        },
      });
    }
    this.networkPolicy = trainingNetworkPolicy(this, metadata, podSelector, distributed);
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata,
      spec: { ...run.spec, ttlSecondsAfterFinished: Math.ceil(ttl.toSeconds({ integral: false })) },
    });
  }

  /** The Job spec (without its TTL) and the config files of the run named `jobName`. */
  private renderRun(props: KubeTrainingJobProps, settings: RunSettings, jobName: string, modelArtifactUri: string | undefined): RenderedRun {
    const { instanceCount, port, shmMiB, channels, hyperparameters } = settings;
    const distributed = instanceCount > 1;
    const hosts = trainingHosts(jobName, instanceCount);
    const configFiles = trainingConfigFiles({
      hosts, channels: channels.map((c) => c.name), hyperparameters, instanceType: props.instanceType?.name ?? 'local',
    });
    const rank: k8s.EnvVar = distributed
      ? { name: 'RANK', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } }
      : { name: 'RANK', value: '0' };
    const env = trainingEnv({
      jobName, instanceCount, rank, rendezvousPort: port, channels: channels.map((c) => c.name), hyperparameters,
      gpus: this.acceleratorsOf(AcceleratorKind.NVIDIA_GPU), neurons: this.acceleratorsOf(AcceleratorKind.AWS_NEURON),
    });

    const channelVolumes = channels.map((c, i) => ({ channel: c, volume: `input-${i}`, dir: `${DATA_DIR}/${c.name}` }));
    // S3 channels are fetched into an emptyDir before training; claim channels are mounted read-only, uncopied.
    const s3Channels = channelVolumes.filter(({ channel }) => channel.config.s3Uri !== undefined);
    const modelVolume: k8s.Volume = props.modelOutput.claimName
      ? { name: 'model', persistentVolumeClaim: { claimName: props.modelOutput.claimName } }
      : emptyDirVolume('model');
    const fetchChannels = s3Channels.flatMap(({ channel, volume, dir }) => s3DownloadContainers({
      containerName: `fetch-${volume.slice('input-'.length)}-${channel.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, ''),
      image: this.s3Image,
      s3Uri: channel.config.s3Uri!,
      volumeName: volume,
      targetDir: dir,
      unpackTarballs: false, // SageMaker hands channel objects over as they are
      runAsUser: this.runAsUser,
    }));
    const training = this.renderMainContainer({
      name: 'training',
      args: props.args ?? ['train'],
      // SageMaker containers explain a failure in /opt/ml/output/failure: surface it in the pod status.
      terminationMessagePath: `${OUTPUT_DIR}/failure`,
      terminationMessagePolicy: 'FallbackToLogsOnError',
      volumeMounts: [
        { name: 'shm', mountPath: '/dev/shm' },
        ...trainingConfigMounts('config'),
        ...channelVolumes.map(({ channel, volume, dir }) => (channel.config.claimName !== undefined
          ? { name: volume, mountPath: dir, readOnly: true, subPath: channel.config.claimSubPath }
          : { name: volume, mountPath: dir })),
        { name: 'model', mountPath: MODEL_DIR },
        { name: 'output', mountPath: OUTPUT_DIR },
        // SM_OUTPUT_DATA_DIR exists before the code runs, as on SageMaker.
        { name: 'output-data', mountPath: `${OUTPUT_DIR}/data` },
      ],
    }, env);
    // With an S3 output, training is the last init container but one and the upload is the main one (see model-upload.ts).
    const upload = modelArtifactUri ? {
      modelS3Uri: modelArtifactUri, modelVolume: 'model', modelDir: MODEL_DIR, archiveVolume: 'archive',
      packImage: props.modelPackImage ?? DEFAULT_UNPACK_IMAGE, uploadImage: this.s3Image, rank, runAsUser: this.runAsUser,
    } : undefined;
    const initContainers = upload ? [...fetchChannels, training, modelPackContainer(upload)] : fetchChannels;
    const mainContainer = upload ? modelUploadContainer(upload)
      : { ...training, ports: distributed ? [{ name: 'rendezvous', containerPort: port, protocol: 'TCP' }] : undefined };

    const spec: k8s.JobSpec = {
      backoffLimit: props.backoffLimit ?? 0,
      activeDeadlineSeconds: Math.ceil(this.maxRuntime.toSeconds({ integral: false })),
      // Node drains, spot reclaims and preemption are not the training code's fault: do not count them.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      ...(distributed ? { completionMode: 'Indexed', completions: instanceCount, parallelism: instanceCount } : {}),
      template: {
        metadata: {
          labels: this.labelsFor(jobName),
          // A run cannot resume where it stopped: node autoscalers must not move it to consolidate, expire or
          // replace a drifted node (e.g. a new `al2023@latest` AMI) while it trains. They wait for the pod to end.
          annotations: { 'karpenter.sh/do-not-disrupt': 'true', 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
        },
        spec: this.renderPodSpec({
          restartPolicy: 'Never', // required by podFailurePolicy; retries are new pods, counted by backoffLimit
          subdomain: distributed ? jobName : undefined,
          // Indexed pods are named <job>-<index> by the Job controller; a single pod gets the same name.
          hostname: distributed ? undefined : hosts[0],
          initContainers: initContainers.length > 0 ? initContainers : undefined,
          containers: [mainContainer],
          volumes: [
            emptyDirVolume('shm', Size.mebibytes(shmMiB), true),
            { name: 'config', configMap: { name: configMapNameOf(jobName) } },
            ...channelVolumes.map(({ channel, volume }) => (channel.config.claimName !== undefined
              ? { name: volume, persistentVolumeClaim: { claimName: channel.config.claimName, readOnly: true } }
              : emptyDirVolume(volume))),
            modelVolume,
            emptyDirVolume('output'),
            emptyDirVolume('output-data'),
            ...(upload ? [emptyDirVolume(upload.archiveVolume)] : []),
          ],
        }, props.scratchSize ?? Size.gibibytes(10)),
      },
    };
    return { spec, configFiles };
  }

  private acceleratorsOf(kind: AcceleratorKind): number {
    return this.scheduling.acceleratorKind === kind ? this.scheduling.acceleratorCount : 0;
  }
}

/** What the props resolve to for one run. */
interface RunSettings {
  readonly instanceCount: number;
  readonly port: number;
  readonly shmMiB: number;
  readonly channels: BoundChannel[];
  readonly hyperparameters: Record<string, string>;
}

/** What one run renders to: the Job spec without its TTL, and the ConfigMap's files. */
interface RenderedRun {
  readonly spec: k8s.JobSpec;
  readonly configFiles: Record<string, string>;
}

function configMapNameOf(jobName: string): string {
  return `${jobName}-config`;
}

/** A channel with its input bound: plain data, so it is hashed into the run's name with the rest of the spec. */
interface BoundChannel {
  readonly name: string;
  readonly config: KubeTrainingInputConfig;
}

function bindChannels(scope: Construct, channels: KubeTrainingChannel[]): BoundChannel[] {
  // A null entry (plain JavaScript) binds to nothing; checkChannels reports it.
  return channels.map((c) => ({
    name: c?.name,
    config: (typeof c?.input?.bind === 'function' ? c.input.bind(scope, { channelName: c.name }) : undefined) ?? { s3Uri: c?.s3Uri },
  }));
}

function checkChannels(check: PropsCheck, channels: KubeTrainingChannel[] | undefined, bound: BoundChannel[]): void {
  if (channels === undefined) return;
  if (!check.require(Array.isArray(channels), 'inputChannels', channels, 'must be a list of channels ({ name, input } or { name, s3Uri })')) return;
  check.require(channels.length > 0, 'inputChannels', channels, 'must list at least one channel, or be left out');
  const envNames = new Map<string, string>();
  channels.forEach((c, i) => {
    const prop = `inputChannels[${i}]`;
    if (!check.require(c !== null && typeof c === 'object', prop, c, 'must be a channel: { name, input } or { name, s3Uri }')) return;
    checkChannelName(check, `${prop}.name`, c.name);
    checkChannelSource(check, prop, c, bound[i].config);
    const clash = envNames.get(channelEnvName(c.name));
    check.require(clash === undefined, `${prop}.name`, c.name,
      `must be unique (also as ${channelEnvName(c.name)}); it clashes with channel ${JSON.stringify(clash)}`);
    envNames.set(channelEnvName(c.name), c.name);
  });
}

function checkHyperparameters(check: PropsCheck, hyperparameters: Record<string, string>): void {
  const keys = Object.keys(hyperparameters);
  checkHyperparameterCount(check, keys.length);
  for (const key of keys) {
    const value = hyperparameters[key];
    checkHyperparameterName(check, `hyperparameters.${key}`, key);
    if (!check.require(typeof value === 'string', `hyperparameters.${key}`, value, 'must be a string (render numbers and booleans with String(x))')) continue;
    const problem = hyperparameterValueProblem(value);
    if (problem) check.fail(`hyperparameters.${key}`, value, problem);
  }
}

/** Exactly one source per channel, and what it names is valid (for the shorthand and for any input's bind()). */
function checkChannelSource(check: PropsCheck, prop: string, channel: KubeTrainingChannel, config: KubeTrainingInputConfig): void {
  if (channel.input !== undefined) {
    if (!check.require(typeof channel.input.bind === 'function', `${prop}.input`, channel.input,
      'must be a KubeTrainingInput (KubeTrainingInput.fromS3Uri(), .fromPersistentVolumeClaim() or a subclass)')) return;
    check.require(channel.s3Uri === undefined, `${prop}.s3Uri`, channel.s3Uri, 'must be omitted when input is given (input says where the data comes from)');
  } else if (channel.s3Uri === undefined) {
    check.fail(`${prop}.s3Uri`, undefined, 'required: give s3Uri or input (a KubeTrainingInput)');
    return;
  }
  const at = channel.input !== undefined ? `${prop}.input` : prop;
  const sources = [config.s3Uri, config.claimName].filter((v) => v !== undefined).length;
  if (!check.require(sources === 1, at, config, 'must give exactly one of s3Uri or claimName')) return;
  if (config.s3Uri !== undefined) checkS3Uri(check, `${at}.s3Uri`, config.s3Uri);
  if (config.claimName !== undefined) {
    checkClaimName(check, `${at}.claimName`, config.claimName);
  }
  if (config.claimSubPath !== undefined) {
    const subPath = config.claimSubPath;
    check.require(typeof subPath === 'string' && subPath.length > 0 && !subPath.startsWith('/') && !subPath.split('/').includes('..'),
      `${at}.claimSubPath`, subPath, 'must be a relative path inside the claim, without ".." segments');
  }
  if (config.claimSubPath !== undefined && config.claimName === undefined) {
    check.fail(`${at}.claimSubPath`, config.claimSubPath, 'only applies to a claim channel (claimName)');
  }
}
