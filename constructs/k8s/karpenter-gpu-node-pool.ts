import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { MlInstanceType } from '../core/instance-type';
import { PropsCheck } from '../core/validation';
import { GpuScheduling, TaintEffect } from './gpu-scheduling';
import { checkDurationSeconds, checkKubeName } from './private/kube-checks';
import { kubeNameFromId, MANAGED_BY } from './private/kube-conventions';
import { promDuration } from './private/promql';

/** Which EC2 purchase options a node pool may launch. */
export enum KarpenterCapacityType {
  /** On-demand only. */
  ON_DEMAND = 'on-demand',
  /** Spot or on-demand (Karpenter prefers spot; a reclaimed node drains within two minutes). */
  SPOT_OR_ON_DEMAND = 'spot-or-on-demand',
}

/** Properties of a {@link KarpenterGpuNodePool}. */
export interface KarpenterGpuNodePoolProps {
  /** Name of the NodePool and its EC2NodeClass. @default - the construct id in kebab case */
  readonly name?: string;
  /** The accelerated instance types the models are sized for (e.g. each model's `instanceType`). */
  readonly instanceTypes: MlInstanceType[];
  /** The EKS cluster: subnets and security groups are those tagged `karpenter.sh/discovery: <clusterName>`. */
  readonly clusterName: string;
  /** Name of the IAM role the nodes get (Karpenter's node role, already allowed to join the cluster). */
  readonly nodeRoleName: string;
  /** Purchase options. @default KarpenterCapacityType.ON_DEMAND */
  readonly capacityType?: KarpenterCapacityType;
  /**
   * AMI alias (`<family>@<version>`); Karpenter picks the NVIDIA or Neuron variant for accelerated types.
   * Pin a version (e.g. `al2023@v20251117`) so nodes do not change under you. @default 'al2023@latest'
   */
  readonly amiAlias?: string;
  /** Encrypted gp3 root volume (images of GPU frameworks are large). @default Size.gibibytes(100) */
  readonly rootVolumeSize?: Size;
  /** Most accelerators (GPUs or Neuron devices) the pool may run in total. @default - no limit */
  readonly acceleratorLimit?: number;
  /** How long an empty node is kept before it is removed. @default Duration.minutes(5) */
  readonly consolidateAfter?: Duration;
  /** Nodes are replaced after this age (new AMIs, patches). @default Duration.days(30) */
  readonly expireAfter?: Duration;
}

/**
 * A Karpenter `NodePool` and `EC2NodeClass` for the accelerated instance types models need, derived from
 * the instance catalog: every type a pod sized for one of `instanceTypes` can be placed on (the same list
 * `GpuScheduling` puts in the pods' node affinity), and taints that match exactly the tolerations those
 * pods get (`nvidia.com/gpu` or `aws.amazon.com/neuron`, NoSchedule), so nothing else lands on GPU nodes.
 * Nodes use IMDSv2 with a hop limit of 1 (pods cannot reach the node's credentials) and an encrypted root
 * volume; only empty nodes are consolidated, so running model pods are not moved to save cost.
 * Both objects are cluster-scoped.
 */
export class KarpenterGpuNodePool extends Construct {
  /** Name of the NodePool and EC2NodeClass. */
  public readonly name: string;
  /** EC2 instance types the pool may launch. */
  public readonly ec2InstanceTypes: string[];
  /** The `karpenter.sh/v1` NodePool. */
  public readonly nodePool: ApiObject;
  /** The `karpenter.k8s.aws/v1` EC2NodeClass. */
  public readonly nodeClass: ApiObject;

  constructor(scope: Construct, id: string, props: KarpenterGpuNodePoolProps) {
    super(scope, id);
    this.name = props.name ?? kubeNameFromId(id);
    const amiAlias = props.amiAlias ?? 'al2023@latest';
    const rootVolume = props.rootVolumeSize ?? Size.gibibytes(100);
    const consolidateAfter = props.consolidateAfter ?? Duration.minutes(5);
    const expireAfter = props.expireAfter ?? Duration.days(30);

    const check = new PropsCheck(this, 'KarpenterGpuNodePool');
    checkKubeName(check, props.name === undefined ? 'name (from the construct id)' : 'name', this.name, 63);
    check.require(props.instanceTypes.length > 0, 'instanceTypes', props.instanceTypes, 'must hold at least one accelerated instance type');
    props.instanceTypes.forEach((t, i) => {
      check.require(t.isKnown && t.isAccelerated, `instanceTypes[${i}]`, t.name,
        'must be an accelerated instance type of the catalog (GPU, Trainium or Inferentia), e.g. MlInstanceType.G5_XLARGE');
    });
    check.matches('clusterName', props.clusterName, /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'must be an EKS cluster name (1-100 letters, digits, - or _)');
    check.matches('nodeRoleName', props.nodeRoleName, /^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (not an ARN), 1-64 characters');
    check.matches('amiAlias', amiAlias, /^(al2|al2023|bottlerocket)@(latest|v?[0-9][\w.-]*)$/,
      'must be an AMI alias "<al2023|al2|bottlerocket>@<latest|version>", e.g. "al2023@latest"');
    check.integerInRange('acceleratorLimit', props.acceleratorLimit, 1, 100_000);
    check.require(rootVolume.toGibibytes() >= 20 && rootVolume.toGibibytes() <= 16_384, 'rootVolumeSize', `${rootVolume.toGibibytes()} GiB`, 'must be 20 to 16384 GiB');
    checkDurationSeconds(check, 'consolidateAfter', consolidateAfter, 0, 30 * 86_400);
    checkDurationSeconds(check, 'expireAfter', expireAfter, 3600, 365 * 86_400);
    check.throwIfInvalid();

    const schedulings = props.instanceTypes.map((t) => GpuScheduling.forInstanceType(t));
    this.ec2InstanceTypes = [...new Set(schedulings.flatMap((s) => s.compatibleInstanceTypes))].sort();
    // A taint for each toleration the pods get: a pod that tolerates it may land here, nothing else may.
    const taints = new Map<string, { key: string; value?: string; effect: string }>();
    for (const toleration of schedulings.flatMap((s) => s.tolerations)) {
      const taint = { key: toleration.key, value: toleration.value, effect: toleration.effect ?? TaintEffect.NO_SCHEDULE };
      taints.set(JSON.stringify(taint), taint);
    }
    const acceleratorResources = [...new Set(schedulings.map((s) => s.acceleratorResourceName).filter((r): r is string => !!r))];
    const labels = { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/component': 'node-pool', 'app.kubernetes.io/managed-by': MANAGED_BY };
    const discovery = { 'karpenter.sh/discovery': props.clusterName };

    this.nodeClass = new ApiObject(this, 'NodeClass', {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: this.name, labels },
      spec: {
        amiSelectorTerms: [{ alias: amiAlias }],
        role: props.nodeRoleName,
        subnetSelectorTerms: [{ tags: discovery }],
        securityGroupSelectorTerms: [{ tags: discovery }],
        // IMDSv2 only, one hop: containers cannot read the node role's credentials.
        metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
        blockDeviceMappings: [{
          deviceName: '/dev/xvda',
          ebs: { volumeSize: `${rootVolume.toGibibytes()}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
        }],
        // Every type has local NVMe: use it (RAID0) for images and emptyDirs instead of the EBS root volume.
        instanceStorePolicy: props.instanceTypes.every((t) => t.hasInstanceStorage) ? 'RAID0' : undefined,
        tags: { ...discovery, 'app.kubernetes.io/managed-by': MANAGED_BY },
      },
    });

    this.nodePool = new ApiObject(this, 'Resource', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: this.name, labels },
      spec: {
        template: {
          metadata: { labels: { 'cdk-mlops/node-pool': this.name } },
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: this.name },
            requirements: [
              { key: 'node.kubernetes.io/instance-type', operator: 'In', values: this.ec2InstanceTypes },
              { key: 'karpenter.sh/capacity-type', operator: 'In',
                values: props.capacityType === KarpenterCapacityType.SPOT_OR_ON_DEMAND ? ['spot', 'on-demand'] : ['on-demand'] },
              { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            ],
            taints: [...taints.values()],
            expireAfter: promDuration(expireAfter),
          },
        },
        limits: props.acceleratorLimit !== undefined
          ? Object.fromEntries(acceleratorResources.map((r) => [r, props.acceleratorLimit])) : undefined,
        disruption: {
          // Model pods are slow to start and hold GPU state: remove empty nodes only, never repack busy ones.
          consolidationPolicy: 'WhenEmpty',
          consolidateAfter: promDuration(consolidateAfter),
        },
      },
    });

    // Cluster-scoped: drop the namespace a namespaced chart would give them.
    if (Chart.of(this).namespace !== undefined) {
      for (const obj of [this.nodeClass, this.nodePool]) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}
