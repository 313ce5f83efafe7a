import { k8s } from './k8s-api';

/**
 * The files SageMaker writes to `/opt/ml/input/config` before `train` starts, rendered for a Kubernetes
 * Job. The SageMaker training toolkit (inside every AWS Deep Learning Container) reads all three at start
 * and fails without `resourceconfig.json` or `inputdataconfig.json`:
 * https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-training-algo-running-container.html
 *
 * `resourceconfig.json` differs per pod (`current_host`), so the ConfigMap holds one per rank
 * (`resourceconfig-<rank>.json`) and each pod mounts its own with `subPathExpr: resourceconfig-$(RANK).json`.
 * Every file is mounted on its own (`subPath`), since a nested mount inside a read-only ConfigMap volume
 * cannot be created.
 */

/** Where the config files are mounted. */
export const CONFIG_DIR = '/opt/ml/input/config';
/** SageMaker's directories: the model the code saves, the channels, the output (failure reason, extra data). */
export const MODEL_DIR = '/opt/ml/model';
export const DATA_DIR = '/opt/ml/input/data';
export const OUTPUT_DIR = '/opt/ml/output';

/** What the config files describe. */
export interface TrainingConfigInput {
  /** Host names of every pod, by rank (see {@link trainingHosts}). */
  readonly hosts: string[];
  /** Input channel names. */
  readonly channels: string[];
  /** Hyperparameters (strings). */
  readonly hyperparameters: Record<string, string>;
  /** The SageMaker instance type name (`ml.g5.xlarge`), or `local` when the pods are sized by hand. */
  readonly instanceType: string;
}

/**
 * The host name of each rank, as other pods can resolve it. Indexed pods are named `<job>-<index>`, but
 * the short name resolves only inside its own pod; `<job>-<index>.<service>` resolves in the whole
 * namespace through the headless Service. A single pod gets the short name as its `hostname`.
 */
export function trainingHosts(jobName: string, instanceCount: number): string[] {
  if (instanceCount <= 1) return [`${jobName}-0`];
  return Array.from({ length: instanceCount }, (_, i) => `${jobName}-${i}.${jobName}`);
}

/** The host name of the pod with rank `$(RANK)`, for an env var that expands it. */
export function currentHostExpression(jobName: string, instanceCount: number): string {
  return instanceCount <= 1 ? `${jobName}-0` : `${jobName}-$(RANK).${jobName}`;
}

/** JSON with keys sorted, so the synthesized output is stable. */
export function sortedJson(value: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])));
}

/** ConfigMap data: `hyperparameters.json`, `inputdataconfig.json` and `resourceconfig-<rank>.json` per rank. */
export function trainingConfigFiles(input: TrainingConfigInput): Record<string, string> {
  const files: Record<string, string> = {
    'hyperparameters.json': sortedJson(input.hyperparameters),
    // Channels are fetched whole before training: SageMaker's File mode.
    'inputdataconfig.json': JSON.stringify(Object.fromEntries(input.channels.map((c) => [c, {
      TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None',
    }]))),
  };
  input.hosts.forEach((host, rank) => {
    // No `instance_groups`: the toolkit then treats the hosts as one homogeneous group, and the file stays
    // small enough for 64 ranks to fit one ConfigMap.
    files[`resourceconfig-${rank}.json`] = JSON.stringify({
      current_host: host,
      current_instance_type: input.instanceType,
      current_group_name: 'homogeneousCluster',
      hosts: input.hosts,
      network_interface_name: 'eth0',
    });
  });
  return files;
}

/** The read-only mounts of the config files from the ConfigMap volume `volumeName`. */
export function trainingConfigMounts(volumeName: string): k8s.VolumeMount[] {
  const file = (name: string): k8s.VolumeMount => ({ name: volumeName, mountPath: `${CONFIG_DIR}/${name}`, subPath: name, readOnly: true });
  return [
    file('hyperparameters.json'),
    file('inputdataconfig.json'),
    // RANK is an env var of the container (literal or from the completion-index annotation).
    { name: volumeName, mountPath: `${CONFIG_DIR}/resourceconfig.json`, subPathExpr: 'resourceconfig-$(RANK).json', readOnly: true },
  ];
}

/** `train-data.v2` → `SM_CHANNEL_TRAIN_DATA_V2`, as SageMaker names channel variables. */
export function channelEnvName(channel: string): string {
  return `SM_CHANNEL_${channel.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** What the training environment describes. */
export interface TrainingEnvInput {
  /** The run's Job name (host names derive from it). */
  readonly jobName: string;
  readonly instanceCount: number;
  /** The RANK variable: a literal or from the completion-index annotation. */
  readonly rank: k8s.EnvVar;
  readonly rendezvousPort: number;
  readonly channels: string[];
  readonly hyperparameters: Record<string, string>;
  readonly gpus: number;
  readonly neurons: number;
}

/** The rendezvous variables (`RANK` first, so `$(RANK)` expands) and SageMaker's `SM_*` environment. */
export function trainingEnv(input: TrainingEnvInput): k8s.EnvVar[] {
  const hosts = trainingHosts(input.jobName, input.instanceCount);
  return [
    input.rank,
    { name: 'WORLD_SIZE', value: String(input.instanceCount) },
    // Indexed pods get the host name <job>-<index> under the Service's subdomain.
    { name: 'MASTER_ADDR', value: input.instanceCount > 1 ? hosts[0] : 'localhost' },
    { name: 'MASTER_PORT', value: String(input.rendezvousPort) },
    { name: 'SM_CURRENT_HOST', value: currentHostExpression(input.jobName, input.instanceCount) },
    { name: 'SM_HOSTS', value: JSON.stringify(hosts) },
    { name: 'SM_MODEL_DIR', value: MODEL_DIR },
    { name: 'SM_OUTPUT_DIR', value: OUTPUT_DIR },
    { name: 'SM_OUTPUT_DATA_DIR', value: `${OUTPUT_DIR}/data` },
    { name: 'SM_INPUT_DIR', value: '/opt/ml/input' },
    { name: 'SM_INPUT_CONFIG_DIR', value: CONFIG_DIR },
    { name: 'SM_CHANNELS', value: JSON.stringify(input.channels) },
    ...input.channels.map((c) => ({ name: channelEnvName(c), value: `${DATA_DIR}/${c}` })),
    { name: 'SM_HPS', value: sortedJson(input.hyperparameters) },
    { name: 'SM_NUM_GPUS', value: String(input.gpus) },
    { name: 'SM_NUM_NEURONS', value: String(input.neurons) },
  ];
}
