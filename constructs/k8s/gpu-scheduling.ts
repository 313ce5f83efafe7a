import { Size } from 'cdk8s';
import { AcceleratorKind, MlInstanceType } from '../core/instance-type';
import { k8s } from './private/k8s-api';
import { mebibytes } from './private/pod-security';

/** The well-known node label every kubelet (and Karpenter) sets to the EC2 instance type. */
const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** Any value of the key. */
  EXISTS = 'Exists',
  /** Exactly `value`. */
  EQUAL = 'Equal',
}

/** Which taint effect a toleration tolerates. */
export enum TaintEffect {
  /** Pods without the toleration are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods without the toleration are evicted from the node. */
  NO_EXECUTE = 'NoExecute',
}

/** A pod toleration of a node taint. */
export interface PodToleration {
  /** The taint key, e.g. `nvidia.com/gpu`. */
  readonly key: string;
  /** How the value is matched. @default TolerationOperator.EXISTS */
  readonly matchOperator?: TolerationOperator;
  /** The taint value (only with `TolerationOperator.EQUAL`). @default - none */
  readonly value?: string;
  /** The effect tolerated. @default - every effect */
  readonly effect?: TaintEffect;
}

/** Explicit pod resources and placement; each one replaces what the instance type would give. */
export interface PodResourceOverrides {
  /** CPU request in millicores. @default - derived from the instance type (see `GpuScheduling.cpuRequestMillicores`), or 500 */
  readonly cpuMillicores?: number;
  /** Memory request and limit. @default - derived from the instance type (see `GpuScheduling.memoryRequestMebibytes`), or 1 GiB */
  readonly memory?: Size;
  /** Accelerators (GPUs or Neuron devices) requested. @default - all the instance type has, or 0 */
  readonly acceleratorCount?: number;
  /**
   * Kind of accelerator, for pods sized without an instance type (with one, its kind wins).
   * @default AcceleratorKind.NVIDIA_GPU when `acceleratorCount` > 0, else AcceleratorKind.NONE
   */
  readonly acceleratorKind?: AcceleratorKind;
  /**
   * Node selector. Given, it replaces the derived instance-type node affinity: you take over placement.
   * @default - a required node affinity on `node.kubernetes.io/instance-type` (accelerated types only)
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * More tolerations (e.g. of a spot or team taint). They are added to the accelerator's toleration, never
   * instead of it: a GPU pod without it could not run on the tainted GPU nodes it asks for.
   * @default - the accelerator's toleration, if any
   */
  readonly tolerations?: PodToleration[];
}

/** The Kubernetes extended resource each accelerator kind is scheduled as (by its device plugin). */
const ACCELERATOR_RESOURCE: Record<AcceleratorKind, string | undefined> = {
  [AcceleratorKind.NONE]: undefined,
  [AcceleratorKind.NVIDIA_GPU]: 'nvidia.com/gpu',
  [AcceleratorKind.AWS_NEURON]: 'aws.amazon.com/neuron',
};

/** Request used when neither an instance type nor an override says anything: a small CPU pod. */
const FALLBACK_CPU_MILLICORES = 500;
const FALLBACK_MEMORY_MIB = 1024;

/**
 * Pod resources and placement derived from an `MlInstanceType`: the Kubernetes half of "one model,
 * two targets". Also used for pods sized by hand (`GpuScheduling.forResources`).
 *
 * - requests: cpu = 90% of the vCPUs − 100m, memory = 85% of the memory − 256 MiB (rounded down), so the
 *   pod fits the node's allocatable once kubelet reservations and system daemon sets are taken out;
 * - limits: memory = request (a pod over its request is the first the kubelet evicts); no CPU limit
 *   (CFS throttling hurts latency and the request already reserves the cores);
 * - accelerators: `nvidia.com/gpu` or `aws.amazon.com/neuron` = the device count, request = limit
 *   (extended resources cannot be overcommitted);
 * - tolerations: `<that resource>` Exists NoSchedule, the taint accelerated node groups carry;
 * - placement (accelerated types only): a required node affinity on `node.kubernetes.io/instance-type`
 *   In every catalog type of the same family whose accelerators, CPU and memory still fit the pod, so a
 *   pod sized for g5.xlarge may also run on g5.2xlarge. CPU-only types get requests but no placement.
 */
export class GpuScheduling {
  /** The CPU request that fits an instance with `vcpus` vCPUs: 90% of it, minus 100m for daemon sets. */
  public static cpuRequestMillicores(vcpus: number): number {
    return Math.max(100, Math.floor(vcpus * 900) - 100);
  }

  /** The memory request (MiB) that fits an instance with `memoryGiB`: 85% of it, minus 256 MiB. */
  public static memoryRequestMebibytes(memoryGiB: number): number {
    return Math.max(128, Math.floor(memoryGiB * 1024 * 0.85) - 256);
  }

  /** Resources and placement for `instanceType`, with optional overrides. */
  public static forInstanceType(instanceType: MlInstanceType, overrides: PodResourceOverrides = {}): GpuScheduling {
    return new GpuScheduling(instanceType, overrides);
  }

  /** Resources given by hand, for clusters whose nodes are not in the catalog. No placement constraint. */
  public static forResources(resources: PodResourceOverrides): GpuScheduling {
    return new GpuScheduling(undefined, resources);
  }

  /** The instance type the pod is sized for, if any. */
  public readonly instanceType?: MlInstanceType;
  /** CPU request in millicores (undefined for an unknown instance type with no override). */
  public readonly cpuMillicores?: number;
  /** Memory request and limit in MiB (undefined for an unknown instance type with no override). */
  public readonly memoryMebibytes?: number;
  /** The kind of accelerator requested. */
  public readonly acceleratorKind: AcceleratorKind;
  /** How many accelerators are requested. */
  public readonly acceleratorCount: number;
  /** The extended resource name (`nvidia.com/gpu`, `aws.amazon.com/neuron`), undefined for CPU pods. */
  public readonly acceleratorResourceName?: string;
  /** EC2 instance types the pod may be placed on (empty: no instance-type constraint). */
  public readonly compatibleInstanceTypes: string[];
  /** Node selector, when one was given. */
  public readonly nodeSelector?: Record<string, string>;
  /** Tolerations the pod gets. */
  public readonly tolerations: PodToleration[];

  private constructor(instanceType: MlInstanceType | undefined, overrides: PodResourceOverrides) {
    this.instanceType = instanceType;
    const known = instanceType?.isKnown ? instanceType : undefined;
    this.cpuMillicores = overrides.cpuMillicores
      ?? (known ? GpuScheduling.cpuRequestMillicores(known.vcpus) : instanceType ? undefined : FALLBACK_CPU_MILLICORES);
    this.memoryMebibytes = overrides.memory ? mebibytes(overrides.memory)
      : (known ? GpuScheduling.memoryRequestMebibytes(known.memoryGiB) : instanceType ? undefined : FALLBACK_MEMORY_MIB);
    this.acceleratorCount = overrides.acceleratorCount ?? known?.acceleratorCount ?? 0;
    this.acceleratorKind = known && known.acceleratorKind !== AcceleratorKind.NONE ? known.acceleratorKind
      : overrides.acceleratorKind ?? (this.acceleratorCount > 0 ? AcceleratorKind.NVIDIA_GPU : AcceleratorKind.NONE);
    this.acceleratorResourceName = this.acceleratorCount > 0 ? ACCELERATOR_RESOURCE[this.acceleratorKind] : undefined;
    this.nodeSelector = overrides.nodeSelector;
    this.compatibleInstanceTypes = overrides.nodeSelector ? [] : this.placementFor(instanceType);
    // Accelerated nodes are tainted; the pod tolerates the taint when it is placed on them.
    const taintKey = ACCELERATOR_RESOURCE[this.acceleratorKind];
    const given = overrides.tolerations ?? [];
    const acceleratorToleration = taintKey && !given.some((t) => t.key === taintKey)
      ? [{ key: taintKey, matchOperator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }] : [];
    this.tolerations = [...acceleratorToleration, ...given];
  }

  /** `resources` of the main container. */
  public renderResources(): k8s.ResourceRequirements | undefined {
    const requests: Record<string, k8s.Quantity> = {};
    const limits: Record<string, k8s.Quantity> = {};
    if (this.cpuMillicores !== undefined) requests.cpu = k8s.Quantity.fromString(`${this.cpuMillicores}m`);
    if (this.memoryMebibytes !== undefined) {
      requests.memory = limits.memory = k8s.Quantity.fromString(`${this.memoryMebibytes}Mi`);
    }
    if (this.acceleratorResourceName) {
      requests[this.acceleratorResourceName] = limits[this.acceleratorResourceName] = k8s.Quantity.fromNumber(this.acceleratorCount);
    }
    if (Object.keys(requests).length === 0) return undefined;
    return { requests, limits: Object.keys(limits).length > 0 ? limits : undefined };
  }

  /** `tolerations` of the pod. */
  public renderTolerations(): k8s.Toleration[] | undefined {
    if (this.tolerations.length === 0) return undefined;
    return this.tolerations.map((t) => ({
      key: t.key,
      operator: t.matchOperator ?? TolerationOperator.EXISTS,
      value: t.value,
      effect: t.effect,
    }));
  }

  /** `affinity` of the pod: a required node affinity on the instance-type label, if any. */
  public renderAffinity(): k8s.Affinity | undefined {
    if (this.compatibleInstanceTypes.length === 0) return undefined;
    return {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [{ key: INSTANCE_TYPE_LABEL, operator: 'In', values: [...this.compatibleInstanceTypes] }],
          }],
        },
      },
    };
  }

  /** `nodeSelector` of the pod. */
  public renderNodeSelector(): Record<string, string> | undefined {
    return this.nodeSelector && Object.keys(this.nodeSelector).length > 0 ? { ...this.nodeSelector } : undefined;
  }

  /** True when the pod asks for an instance type and no type of its family can hold it (see `compatibleInstanceTypes`). */
  public get fitsNoInstanceType(): boolean {
    return this.instanceType !== undefined && !this.nodeSelector && this.isPlacedByInstanceType(this.instanceType)
      && this.compatibleInstanceTypes.length === 0;
  }

  private isPlacedByInstanceType(type: MlInstanceType): boolean {
    // Unknown types are pinned to their own name: it is the only thing known about them.
    return !type.isKnown || type.isAccelerated;
  }

  private placementFor(type: MlInstanceType | undefined): string[] {
    if (!type || !this.isPlacedByInstanceType(type)) return [];
    if (!type.isKnown) return [type.ec2InstanceType];
    const candidates = MlInstanceType.all().filter((t) => t.family === type.family);
    if (!candidates.some((t) => t.name === type.name)) candidates.push(type); // a custom() type
    return candidates.filter((t) => this.fits(t)).map((t) => t.ec2InstanceType);
  }

  private fits(candidate: MlInstanceType): boolean {
    return candidate.acceleratorKind === this.instanceType?.acceleratorKind
      && candidate.acceleratorCount >= this.acceleratorCount
      && GpuScheduling.cpuRequestMillicores(candidate.vcpus) >= (this.cpuMillicores ?? 0)
      && GpuScheduling.memoryRequestMebibytes(candidate.memoryGiB) >= (this.memoryMebibytes ?? 0);
  }
}
