import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { AcceleratorKind } from '../core/instance-type';
import { checkInstanceType } from '../core/instance-type-checks';
import { PropsCheck } from '../core/validation';
import { GpuScheduling } from './gpu-scheduling';
import {
  checkDurationSeconds, checkEnv, checkImage, checkKubeName, checkLabelValue, checkResources, checkS3Uri,
} from './kube-checks';
import { DEFAULT_PART_OF, kubeNameFromId, recommendedLabels, selectorLabels, versionFromImage } from './kube-conventions';
import { KubeModelOutput } from './kube-model-output';
import { k8s } from './k8s-api';
import {
  containerSecurityContext, DEFAULT_RUN_AS_USER, emptyDirVolume, KubeSecurityProfile, mebibytes, podSecurityContext, TMP_MOUNT, TMP_VOLUME,
} from './pod-security';
import { KubeWorkloadOptions } from './kube-workload-options';
import { DEFAULT_S3_DOWNLOADER_IMAGE, s3DownloadContainers } from './s3-download';
import {
  CONFIG_DIR, currentHostExpression, sortedJson, trainingConfigFiles, trainingConfigMounts, trainingHosts,
} from './training-config';

/** One input channel: an S3 URI fetched into `/opt/ml/input/data/<name>` before training starts. */
export interface KubeTrainingChannel {
  /** Channel name (SageMaker's rule: 1–64 of `A-Za-z0-9.-_`); also `SM_CHANNEL_<NAME>`. */
  readonly name: string;
  /** `s3://bucket/key` of one object, or `s3://bucket/prefix/` (ending in `/`) to sync every object under it. */
  readonly s3Uri: string;
}

/** Properties of a {@link KubeTrainingJob}. */
export interface KubeTrainingJobProps extends KubeWorkloadOptions {
  /** The training image (SageMaker's contract: started with `train`, reads `/opt/ml/input`, writes `/opt/ml/model`). */
  readonly image: string;
  /** Where `/opt/ml/model` is kept (see `KubeModelOutput` for why there is no S3 upload). */
  readonly modelOutput: KubeModelOutput;
  /** Name of the Job and its other objects (at most 50 characters, so pod host names fit). @default - the construct id in kebab case */
  readonly name?: string;
  /** Arguments of the training container. @default ['train'] */
  readonly args?: string[];
  /** Number of pods (nodes). Above 1 the Job is Indexed, with a headless Service for rendezvous. @default 1 */
  readonly instanceCount?: number;
  /**
   * Hyperparameters, written to `/opt/ml/input/config/hyperparameters.json` (keys sorted) and `SM_HPS`.
   * Strings, as SageMaker's API takes them: render numbers and booleans with `String(x)`. @default - none (`{}`)
   */
  readonly hyperparameters?: Record<string, string>;
  /** Input channels, fetched by init containers. @default - none */
  readonly inputChannels?: KubeTrainingChannel[];
  /** Longest time the Job may run (`activeDeadlineSeconds`). @default Duration.hours(24), SageMaker's default */
  readonly maxRuntime?: Duration;
  /**
   * Failed pods retried before the Job fails. Pods evicted by a node drain or preemption are not counted
   * (a pod failure policy ignores them). @default 0 (a failing training run fails the same way again)
   */
  readonly backoffLimit?: number;
  /** How long the finished Job (and its pod logs) stays before it is deleted. @default Duration.days(1) */
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

const COMPONENT = 'training-job';
const MODEL_DIR = '/opt/ml/model';
const DATA_DIR = '/opt/ml/input/data';
const OUTPUT_DIR = '/opt/ml/output';
const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const CHANNEL_NAME = /^[A-Za-z0-9.\-_]{1,64}$/;
const RESERVED_ENV = ['RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT', 'SM_CURRENT_HOST', 'SM_HOSTS', 'SM_MODEL_DIR',
  'SM_OUTPUT_DIR', 'SM_OUTPUT_DATA_DIR', 'SM_INPUT_DIR', 'SM_INPUT_CONFIG_DIR', 'SM_CHANNELS', 'SM_HPS', 'SM_NUM_GPUS', 'SM_NUM_NEURONS'];

/**
 * A SageMaker-style training job as a Kubernetes `batch/v1` Job: the same image and `/opt/ml`
 * contract, hyperparameters from a ConfigMap, S3 channels fetched by init containers, GPU resources
 * and placement from the instance type, and (for `instanceCount` > 1) an Indexed Job with a headless
 * Service and `RANK`/`WORLD_SIZE`/`MASTER_ADDR`/`MASTER_PORT` for distributed training.
 */
export class KubeTrainingJob extends Construct {
  /** Name of the Job (and of its Service, ServiceAccount; the ConfigMap adds `-config`). */
  public readonly name: string;
  /** Resources and placement of each training pod. */
  public readonly scheduling: GpuScheduling;
  /** The batch/v1 Job (escape hatch: `addJsonPatch`). */
  public readonly job: k8s.KubeJob;
  /** The ConfigMap holding SageMaker's `hyperparameters.json`, `inputdataconfig.json` and `resourceconfig.json` (one per rank). */
  public readonly configMap: k8s.KubeConfigMap;
  /** The pods' ServiceAccount (no API token mounted). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The headless Service giving pods stable DNS names; only when `instanceCount` > 1. */
  public readonly headlessService?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: KubeTrainingJobProps) {
    super(scope, id);
    this.name = props.name ?? kubeNameFromId(id);
    const instanceCount = props.instanceCount ?? 1;
    const maxRuntime = props.maxRuntime ?? Duration.hours(24);
    const ttl = props.ttlAfterFinished ?? Duration.days(1);
    const port = props.rendezvousPort ?? 29500;
    const runAsUser = props.runAsUser ?? DEFAULT_RUN_AS_USER;
    const version = props.version ?? versionFromImage(props.image);
    const channels = props.inputChannels ?? [];
    const hyperparameters = props.hyperparameters ?? {};
    this.scheduling = props.instanceType
      ? GpuScheduling.forInstanceType(props.instanceType, props.resources)
      : GpuScheduling.forResources(props.resources ?? {});
    const memoryMiB = this.scheduling.memoryMebibytes;
    const shmMiB = props.sharedMemorySize ? mebibytes(props.sharedMemorySize)
      : memoryMiB !== undefined ? Math.floor(memoryMiB / 4) : 1024;

    const check = new PropsCheck(this, 'KubeTrainingJob');
    checkKubeName(check, props.name === undefined ? 'name (from the construct id)' : 'name', this.name, 50);
    checkImage(check, 'image', props.image);
    if (props.modelOutput.claimName !== undefined) {
      check.matches('modelOutput', props.modelOutput.claimName, /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
        'must name a PersistentVolumeClaim: a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');
    }
    // Any EC2 type can run anything on Kubernetes, so no training/hosting rule: only the name is checked.
    checkInstanceType(check, 'instanceType', props.instanceType);
    checkResources(check, 'resources', props.resources ?? {}, this.scheduling);
    check.integerInRange('instanceCount', instanceCount, 1, 64);
    checkDurationSeconds(check, 'maxRuntime', maxRuntime, 1, 28 * 24 * 3600);
    checkDurationSeconds(check, 'ttlAfterFinished', ttl, 0, 365 * 24 * 3600);
    check.integerInRange('backoffLimit', props.backoffLimit, 0, 100);
    check.integerInRange('rendezvousPort', props.rendezvousPort, 1024, 65535);
    check.integerInRange('runAsUser', props.runAsUser, 1, 2_147_483_647);
    check.require(shmMiB >= 1 && (memoryMiB === undefined || shmMiB < memoryMiB), 'sharedMemorySize',
      props.sharedMemorySize?.asString() ?? `${shmMiB}Mi`, `must be at least 1 MiB and below the memory request (${memoryMiB ?? '?'}Mi): it counts toward the memory limit`);
    checkEnv(check, 'env', props.env ?? {}, RESERVED_ENV);
    checkChannels(check, props.inputChannels);
    checkHyperparameters(check, hyperparameters);
    if (props.s3DownloaderImage !== undefined) checkImage(check, 's3DownloaderImage', props.s3DownloaderImage);
    checkLabelValue(check, 'version', version);
    if (props.partOf !== undefined) checkLabelValue(check, 'partOf', props.partOf);
    check.throwIfInvalid();

    const labels = recommendedLabels({ name: this.name, component: COMPONENT, partOf: props.partOf ?? DEFAULT_PART_OF, version });
    const metadata = { name: this.name, labels };
    const hyperparametersJson = sortedJson(hyperparameters);
    const hosts = trainingHosts(this.name, instanceCount);
    const configMapName = `${this.name}-config`;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { ...metadata, annotations: props.serviceAccountAnnotations },
      automountServiceAccountToken: false,
    });

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { ...metadata, name: configMapName },
      data: trainingConfigFiles({
        hosts, channels: channels.map((c) => c.name), hyperparameters, instanceType: props.instanceType?.name ?? 'local',
      }),
    });

    const distributed = instanceCount > 1;
    if (distributed) {
      this.headlessService = new k8s.KubeService(this, 'Workers', {
        metadata,
        spec: {
          clusterIp: 'None',
          selector: selectorLabels(this.name, COMPONENT),
          // Rank 0 must resolve before every pod is ready, or the rendezvous waits on itself.
          publishNotReadyAddresses: true,
          ports: [{ name: 'rendezvous', port, targetPort: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }],
        },
      });
    }

    const env: k8s.EnvVar[] = [
      distributed
        ? { name: 'RANK', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } }
        : { name: 'RANK', value: '0' },
      { name: 'WORLD_SIZE', value: String(instanceCount) },
      // Indexed pods get the host name <job>-<index> under the Service's subdomain.
      { name: 'MASTER_ADDR', value: distributed ? hosts[0] : 'localhost' },
      { name: 'MASTER_PORT', value: String(port) },
      // $(RANK) expands because RANK is defined above it.
      { name: 'SM_CURRENT_HOST', value: currentHostExpression(this.name, instanceCount) },
      { name: 'SM_HOSTS', value: JSON.stringify(hosts) },
      { name: 'SM_MODEL_DIR', value: MODEL_DIR },
      { name: 'SM_OUTPUT_DIR', value: OUTPUT_DIR },
      { name: 'SM_OUTPUT_DATA_DIR', value: `${OUTPUT_DIR}/data` },
      { name: 'SM_INPUT_DIR', value: '/opt/ml/input' },
      { name: 'SM_INPUT_CONFIG_DIR', value: CONFIG_DIR },
      { name: 'SM_CHANNELS', value: JSON.stringify(channels.map((c) => c.name)) },
      ...channels.map((c) => ({ name: channelEnvName(c.name), value: `${DATA_DIR}/${c.name}` })),
      { name: 'SM_HPS', value: hyperparametersJson },
      { name: 'SM_NUM_GPUS', value: String(this.acceleratorsOf(AcceleratorKind.NVIDIA_GPU)) },
      { name: 'SM_NUM_NEURONS', value: String(this.acceleratorsOf(AcceleratorKind.AWS_NEURON)) },
      ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
    ];

    const channelVolumes = channels.map((c, i) => ({ channel: c, volume: `input-${i}`, dir: `${DATA_DIR}/${c.name}` }));
    const modelVolume: k8s.Volume = props.modelOutput.claimName
      ? { name: 'model', persistentVolumeClaim: { claimName: props.modelOutput.claimName } }
      : emptyDirVolume('model');

    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata,
      spec: {
        backoffLimit: props.backoffLimit ?? 0,
        activeDeadlineSeconds: Math.ceil(maxRuntime.toSeconds({ integral: false })),
        ttlSecondsAfterFinished: Math.ceil(ttl.toSeconds({ integral: false })),
        // Node drains, spot reclaims and preemption are not the training code's fault: do not count them.
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
        ...(distributed ? { completionMode: 'Indexed', completions: instanceCount, parallelism: instanceCount } : {}),
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never', // required by podFailurePolicy; retries are new pods, counted by backoffLimit
            subdomain: distributed ? this.name : undefined,
            // Indexed pods are named <job>-<index> by the Job controller; a single pod gets the same name.
            hostname: distributed ? undefined : hosts[0],
            serviceAccountName: this.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(props.securityProfile ?? KubeSecurityProfile.RESTRICTED, runAsUser),
            affinity: this.scheduling.renderAffinity(),
            tolerations: this.scheduling.renderTolerations(),
            nodeSelector: this.scheduling.renderNodeSelector(),
            initContainers: channelVolumes.length > 0 ? channelVolumes.flatMap(({ channel, volume, dir }, i) => s3DownloadContainers({
              containerName: `fetch-${i}-${channel.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, ''),
              image: props.s3DownloaderImage ?? DEFAULT_S3_DOWNLOADER_IMAGE,
              s3Uri: channel.s3Uri,
              volumeName: volume,
              targetDir: dir,
              unpackTarballs: false, // SageMaker hands channel objects over as they are
              runAsUser,
            })) : undefined,
            containers: [{
              name: 'training',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              args: props.args ?? ['train'],
              env,
              resources: this.scheduling.renderResources(),
              securityContext: containerSecurityContext(props.securityProfile ?? KubeSecurityProfile.RESTRICTED, runAsUser),
              // SageMaker containers explain a failure in /opt/ml/output/failure: surface it in the pod status.
              terminationMessagePath: `${OUTPUT_DIR}/failure`,
              terminationMessagePolicy: 'FallbackToLogsOnError',
              ports: distributed ? [{ name: 'rendezvous', containerPort: port, protocol: 'TCP' }] : undefined,
              volumeMounts: [
                TMP_MOUNT,
                { name: 'shm', mountPath: '/dev/shm' },
                ...trainingConfigMounts('config'),
                ...channelVolumes.map(({ volume, dir }) => ({ name: volume, mountPath: dir })),
                { name: 'model', mountPath: MODEL_DIR },
                { name: 'output', mountPath: OUTPUT_DIR },
                // SM_OUTPUT_DATA_DIR exists before the code runs, as on SageMaker.
                { name: 'output-data', mountPath: `${OUTPUT_DIR}/data` },
              ],
            }],
            volumes: [
              emptyDirVolume(TMP_VOLUME, props.scratchSize ?? Size.gibibytes(10)),
              emptyDirVolume('shm', Size.mebibytes(shmMiB), true),
              { name: 'config', configMap: { name: configMapName } },
              ...channelVolumes.map(({ volume }) => emptyDirVolume(volume)),
              modelVolume,
              emptyDirVolume('output'),
              emptyDirVolume('output-data'),
            ],
          },
        },
      },
    });
  }

  private acceleratorsOf(kind: AcceleratorKind): number {
    return this.scheduling.acceleratorKind === kind ? this.scheduling.acceleratorCount : 0;
  }
}

/** `train-data.v2` → `SM_CHANNEL_TRAIN_DATA_V2`, as SageMaker names channel variables. */
function channelEnvName(channel: string): string {
  return `SM_CHANNEL_${channel.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

function checkChannels(check: PropsCheck, channels: KubeTrainingChannel[] | undefined): void {
  if (channels === undefined) return;
  check.require(channels.length > 0, 'inputChannels', channels, 'must list at least one channel, or be left out');
  const envNames = new Map<string, string>();
  channels.forEach((c, i) => {
    const prop = `inputChannels[${i}]`;
    check.require(CHANNEL_NAME.test(c.name), `${prop}.name`, c.name, 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "-" or "_"');
    checkS3Uri(check, `${prop}.s3Uri`, c.s3Uri);
    const clash = envNames.get(channelEnvName(c.name));
    check.require(clash === undefined, `${prop}.name`, c.name,
      `must be unique (also as ${channelEnvName(c.name)}); it clashes with channel ${JSON.stringify(clash)}`);
    envNames.set(channelEnvName(c.name), c.name);
  });
}

function checkHyperparameters(check: PropsCheck, hyperparameters: Record<string, string>): void {
  const keys = Object.keys(hyperparameters);
  check.require(keys.length <= 100, 'hyperparameters', `${keys.length} keys`, 'must have at most 100 keys (SageMaker limit)');
  for (const key of keys) {
    const value = hyperparameters[key];
    check.require(key.length >= 1 && key.length <= 256, `hyperparameters.${key}`, key, 'key must be 1-256 characters');
    check.require(typeof value === 'string' && value.length <= 2500, `hyperparameters.${key}`, value,
      'must be a string of at most 2500 characters (render numbers and booleans with String(x))');
  }
}
