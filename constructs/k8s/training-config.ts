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
