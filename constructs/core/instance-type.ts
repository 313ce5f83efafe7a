/**
 * The SageMaker instance-type catalog: what each ML instance type has (vCPUs, memory, accelerators)
 * and whether SageMaker can train and/or host on it. One catalog drives both targets: on SageMaker
 * the name is the instance type; on Kubernetes the same facts become resource requests, GPU limits,
 * tolerations and node placement (see `constructs/k8s/gpu-scheduling.ts`).
 *
 * Sources (public specs, read 2026-11): Amazon EC2 instance types, "Accelerated computing" and
 * "General purpose / Compute optimized / Memory optimized" pages (https://aws.amazon.com/ec2/instance-types/),
 * and Amazon SageMaker pricing (https://aws.amazon.com/sagemaker/pricing/) for which types are offered
 * for training and for real-time inference. Memory is GiB as EC2 lists it.
 */

/** What kind of accelerator an instance type carries. */
export enum AcceleratorKind {
  /** No accelerator: CPU only. */
  NONE = 'none',
  /** NVIDIA GPUs, scheduled on Kubernetes as `nvidia.com/gpu`. */
  NVIDIA_GPU = 'nvidia-gpu',
  /** AWS Trainium or Inferentia (Neuron) devices, scheduled on Kubernetes as `aws.amazon.com/neuron`. */
  AWS_NEURON = 'aws-neuron',
}

/** The facts about one instance type. */
export interface MlInstanceTypeSpec {
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** Accelerator kind. @default AcceleratorKind.NONE */
  readonly acceleratorKind?: AcceleratorKind;
  /** Number of accelerator devices. @default 0 */
  readonly acceleratorCount?: number;
  /** Accelerator model, e.g. `NVIDIA A10G`. @default - none */
  readonly acceleratorModel?: string;
  /** Memory of each accelerator in GiB. @default 0 */
  readonly acceleratorMemoryGiB?: number;
  /**
   * Has local NVMe instance storage. SageMaker encrypts it with a hardware key and rejects a
   * `KmsKeyId` on endpoint configurations that use such types. @default false
   */
  readonly instanceStorage?: boolean;
  /** SageMaker offers it for training jobs. */
  readonly training: boolean;
  /** SageMaker offers it for real-time endpoints. */
  readonly hosting: boolean;
}

/** `ml.<family>.<size>`, as SageMaker names its instance types. */
const WELL_FORMED = /^ml\.[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/;

// Family rows: [size, vcpus, memoryGiB, acceleratorCount]. Kept as data so a newcomer can check them
// against the AWS pages line by line.
type Row = readonly [size: string, vcpus: number, memoryGiB: number, accelerators: number];

interface FamilyFacts {
  readonly kind: AcceleratorKind;
  readonly model?: string;
  readonly acceleratorMemoryGiB?: number;
  readonly training: boolean;
  readonly hosting: boolean;
  readonly instanceStorage?: boolean;
  readonly rows: readonly Row[];
}

const CPU = (training: boolean, hosting: boolean, rows: readonly Row[]): FamilyFacts =>
  ({ kind: AcceleratorKind.NONE, training, hosting, rows });
const GPU = (model: string, memGiB: number, training: boolean, hosting: boolean, rows: readonly Row[]): FamilyFacts =>
  ({ kind: AcceleratorKind.NVIDIA_GPU, model, acceleratorMemoryGiB: memGiB, training, hosting, rows });
/** Marks a family whose instances carry local NVMe storage. */
const withNvme = (facts: FamilyFacts): FamilyFacts => ({ ...facts, instanceStorage: true });
const NEURON = (model: string, memGiB: number, training: boolean, hosting: boolean, rows: readonly Row[]): FamilyFacts =>
  ({ kind: AcceleratorKind.AWS_NEURON, model, acceleratorMemoryGiB: memGiB, training, hosting, rows });

const M5_LIKE: readonly Row[] = [['large', 2, 8, 0], ['xlarge', 4, 16, 0], ['2xlarge', 8, 32, 0],
  ['4xlarge', 16, 64, 0], ['12xlarge', 48, 192, 0], ['24xlarge', 96, 384, 0]];
const C5_ROWS: readonly Row[] = [['large', 2, 4, 0], ['xlarge', 4, 8, 0], ['2xlarge', 8, 16, 0],
  ['4xlarge', 16, 32, 0], ['9xlarge', 36, 72, 0], ['18xlarge', 72, 144, 0]];
const C6I_ROWS: readonly Row[] = [['large', 2, 4, 0], ['xlarge', 4, 8, 0], ['2xlarge', 8, 16, 0],
  ['4xlarge', 16, 32, 0], ['8xlarge', 32, 64, 0], ['16xlarge', 64, 128, 0], ['32xlarge', 128, 256, 0]];
const G5_LIKE = (memScale: number): readonly Row[] => [['xlarge', 4, 16 * memScale, 1], ['2xlarge', 8, 32 * memScale, 1],
  ['4xlarge', 16, 64 * memScale, 1], ['8xlarge', 32, 128 * memScale, 1], ['16xlarge', 64, 256 * memScale, 1],
  ['12xlarge', 48, 192 * memScale, 4], ['24xlarge', 96, 384 * memScale, 4], ['48xlarge', 192, 768 * memScale, 8]];

/** The catalog, by family. */
const FAMILIES: Record<string, FamilyFacts> = {
  't3': CPU(false, true, [['medium', 2, 4, 0], ['large', 2, 8, 0], ['xlarge', 4, 16, 0], ['2xlarge', 8, 32, 0]]),
  'm5': CPU(true, true, M5_LIKE),
  'm6i': CPU(false, true, [...M5_LIKE.slice(0, 4), ['8xlarge', 32, 128, 0], ['16xlarge', 64, 256, 0], ['32xlarge', 128, 512, 0]]),
  'm7i': CPU(false, true, [...M5_LIKE.slice(0, 4), ['8xlarge', 32, 128, 0], ['16xlarge', 64, 256, 0], ['48xlarge', 192, 768, 0]]),
  'c5': CPU(true, true, C5_ROWS),
  'c6i': CPU(true, true, C6I_ROWS),
  'c7i': CPU(false, true, [...C6I_ROWS.slice(0, 6), ['48xlarge', 192, 384, 0]]),
  'r5': CPU(true, true, [['large', 2, 16, 0], ['xlarge', 4, 32, 0], ['2xlarge', 8, 64, 0], ['4xlarge', 16, 128, 0],
    ['12xlarge', 48, 384, 0], ['24xlarge', 96, 768, 0]]),
  'g4dn': withNvme(GPU('NVIDIA T4', 16, true, true, [['xlarge', 4, 16, 1], ['2xlarge', 8, 32, 1], ['4xlarge', 16, 64, 1],
    ['8xlarge', 32, 128, 1], ['16xlarge', 64, 256, 1], ['12xlarge', 48, 192, 4]])),
  'g5': withNvme(GPU('NVIDIA A10G', 24, true, true, G5_LIKE(1))),
  'g6': withNvme(GPU('NVIDIA L4', 24, true, true, G5_LIKE(1))),
  'g6e': withNvme(GPU('NVIDIA L40S', 48, true, true, G5_LIKE(2))),
  'p3': GPU('NVIDIA V100', 16, true, true, [['2xlarge', 8, 61, 1], ['8xlarge', 32, 244, 4], ['16xlarge', 64, 488, 8]]),
  'p3dn': withNvme(GPU('NVIDIA V100', 32, true, false, [['24xlarge', 96, 768, 8]])),
  'p4d': withNvme(GPU('NVIDIA A100', 40, true, true, [['24xlarge', 96, 1152, 8]])),
  'p4de': withNvme(GPU('NVIDIA A100', 80, true, false, [['24xlarge', 96, 1152, 8]])),
  'p5': withNvme(GPU('NVIDIA H100', 80, true, true, [['48xlarge', 192, 2048, 8]])),
  'p5e': withNvme(GPU('NVIDIA H200', 141, true, true, [['48xlarge', 192, 2048, 8]])),
  'p5en': withNvme(GPU('NVIDIA H200', 141, true, true, [['48xlarge', 192, 2048, 8]])),
  'trn1': withNvme(NEURON('AWS Trainium', 32, true, true, [['2xlarge', 8, 32, 1], ['32xlarge', 128, 512, 16]])),
  'trn1n': withNvme(NEURON('AWS Trainium', 32, true, false, [['32xlarge', 128, 512, 16]])),
  'trn2': withNvme(NEURON('AWS Trainium2', 96, true, false, [['48xlarge', 192, 2048, 16]])),
  'inf2': NEURON('AWS Inferentia2', 32, false, true, [['xlarge', 4, 16, 1], ['8xlarge', 32, 128, 1],
    ['24xlarge', 96, 384, 6], ['48xlarge', 192, 768, 12]]),
};

function catalogSpec(name: string): MlInstanceTypeSpec | undefined {
  const [, family, size] = name.split('.');
  const facts = FAMILIES[family];
  const row = facts?.rows.find(([s]) => s === size);
  if (!facts || !row) return undefined;
  return {
    vcpus: row[1],
    memoryGiB: row[2],
    acceleratorKind: facts.kind,
    acceleratorCount: row[3],
    acceleratorModel: facts.model,
    acceleratorMemoryGiB: facts.acceleratorMemoryGiB ?? 0,
    instanceStorage: facts.instanceStorage ?? false,
    training: facts.training,
    hosting: facts.hosting,
  };
}

/**
 * A SageMaker ML instance type, with what it has. Use the static members for known types and
 * `MlInstanceType.of('ml.x.y')` for anything else (a well-formed unknown type still works; the
 * construct that uses it adds a synth warning because nothing can be derived from it).
 */
export class MlInstanceType {
  // CPU
  public static readonly T3_MEDIUM = MlInstanceType.of('ml.t3.medium');
  public static readonly M5_LARGE = MlInstanceType.of('ml.m5.large');
  public static readonly M5_XLARGE = MlInstanceType.of('ml.m5.xlarge');
  public static readonly M5_2XLARGE = MlInstanceType.of('ml.m5.2xlarge');
  public static readonly M5_4XLARGE = MlInstanceType.of('ml.m5.4xlarge');
  public static readonly M6I_LARGE = MlInstanceType.of('ml.m6i.large');
  public static readonly M6I_XLARGE = MlInstanceType.of('ml.m6i.xlarge');
  public static readonly M6I_2XLARGE = MlInstanceType.of('ml.m6i.2xlarge');
  public static readonly M7I_LARGE = MlInstanceType.of('ml.m7i.large');
  public static readonly M7I_XLARGE = MlInstanceType.of('ml.m7i.xlarge');
  public static readonly C5_LARGE = MlInstanceType.of('ml.c5.large');
  public static readonly C5_XLARGE = MlInstanceType.of('ml.c5.xlarge');
  public static readonly C5_2XLARGE = MlInstanceType.of('ml.c5.2xlarge');
  public static readonly C6I_LARGE = MlInstanceType.of('ml.c6i.large');
  public static readonly C6I_XLARGE = MlInstanceType.of('ml.c6i.xlarge');
  public static readonly C7I_LARGE = MlInstanceType.of('ml.c7i.large');
  public static readonly C7I_XLARGE = MlInstanceType.of('ml.c7i.xlarge');
  public static readonly R5_LARGE = MlInstanceType.of('ml.r5.large');
  public static readonly R5_XLARGE = MlInstanceType.of('ml.r5.xlarge');
  // NVIDIA T4
  public static readonly G4DN_XLARGE = MlInstanceType.of('ml.g4dn.xlarge');
  public static readonly G4DN_2XLARGE = MlInstanceType.of('ml.g4dn.2xlarge');
  public static readonly G4DN_4XLARGE = MlInstanceType.of('ml.g4dn.4xlarge');
  public static readonly G4DN_8XLARGE = MlInstanceType.of('ml.g4dn.8xlarge');
  public static readonly G4DN_12XLARGE = MlInstanceType.of('ml.g4dn.12xlarge');
  public static readonly G4DN_16XLARGE = MlInstanceType.of('ml.g4dn.16xlarge');
  // NVIDIA A10G
  public static readonly G5_XLARGE = MlInstanceType.of('ml.g5.xlarge');
  public static readonly G5_2XLARGE = MlInstanceType.of('ml.g5.2xlarge');
  public static readonly G5_4XLARGE = MlInstanceType.of('ml.g5.4xlarge');
  public static readonly G5_8XLARGE = MlInstanceType.of('ml.g5.8xlarge');
  public static readonly G5_12XLARGE = MlInstanceType.of('ml.g5.12xlarge');
  public static readonly G5_16XLARGE = MlInstanceType.of('ml.g5.16xlarge');
  public static readonly G5_24XLARGE = MlInstanceType.of('ml.g5.24xlarge');
  public static readonly G5_48XLARGE = MlInstanceType.of('ml.g5.48xlarge');
  // NVIDIA L4
  public static readonly G6_XLARGE = MlInstanceType.of('ml.g6.xlarge');
  public static readonly G6_2XLARGE = MlInstanceType.of('ml.g6.2xlarge');
  public static readonly G6_4XLARGE = MlInstanceType.of('ml.g6.4xlarge');
  public static readonly G6_8XLARGE = MlInstanceType.of('ml.g6.8xlarge');
  public static readonly G6_12XLARGE = MlInstanceType.of('ml.g6.12xlarge');
  public static readonly G6_16XLARGE = MlInstanceType.of('ml.g6.16xlarge');
  public static readonly G6_24XLARGE = MlInstanceType.of('ml.g6.24xlarge');
  public static readonly G6_48XLARGE = MlInstanceType.of('ml.g6.48xlarge');
  // NVIDIA L40S
  public static readonly G6E_XLARGE = MlInstanceType.of('ml.g6e.xlarge');
  public static readonly G6E_2XLARGE = MlInstanceType.of('ml.g6e.2xlarge');
  public static readonly G6E_4XLARGE = MlInstanceType.of('ml.g6e.4xlarge');
  public static readonly G6E_8XLARGE = MlInstanceType.of('ml.g6e.8xlarge');
  public static readonly G6E_12XLARGE = MlInstanceType.of('ml.g6e.12xlarge');
  public static readonly G6E_16XLARGE = MlInstanceType.of('ml.g6e.16xlarge');
  public static readonly G6E_24XLARGE = MlInstanceType.of('ml.g6e.24xlarge');
  public static readonly G6E_48XLARGE = MlInstanceType.of('ml.g6e.48xlarge');
  // NVIDIA V100 / A100 / H100 / H200
  public static readonly P3_2XLARGE = MlInstanceType.of('ml.p3.2xlarge');
  public static readonly P3_8XLARGE = MlInstanceType.of('ml.p3.8xlarge');
  public static readonly P3_16XLARGE = MlInstanceType.of('ml.p3.16xlarge');
  public static readonly P3DN_24XLARGE = MlInstanceType.of('ml.p3dn.24xlarge');
  public static readonly P4D_24XLARGE = MlInstanceType.of('ml.p4d.24xlarge');
  public static readonly P4DE_24XLARGE = MlInstanceType.of('ml.p4de.24xlarge');
  public static readonly P5_48XLARGE = MlInstanceType.of('ml.p5.48xlarge');
  public static readonly P5E_48XLARGE = MlInstanceType.of('ml.p5e.48xlarge');
  public static readonly P5EN_48XLARGE = MlInstanceType.of('ml.p5en.48xlarge');
  // AWS Trainium / Inferentia
  public static readonly TRN1_2XLARGE = MlInstanceType.of('ml.trn1.2xlarge');
  public static readonly TRN1_32XLARGE = MlInstanceType.of('ml.trn1.32xlarge');
  public static readonly TRN1N_32XLARGE = MlInstanceType.of('ml.trn1n.32xlarge');
  public static readonly TRN2_48XLARGE = MlInstanceType.of('ml.trn2.48xlarge');
  public static readonly INF2_XLARGE = MlInstanceType.of('ml.inf2.xlarge');
  public static readonly INF2_8XLARGE = MlInstanceType.of('ml.inf2.8xlarge');
  public static readonly INF2_24XLARGE = MlInstanceType.of('ml.inf2.24xlarge');
  public static readonly INF2_48XLARGE = MlInstanceType.of('ml.inf2.48xlarge');

  /**
   * An instance type by name. Known names carry their catalog facts; other names are accepted as
   * they are (AWS adds types faster than any list) and constructs warn that nothing is known of them.
   */
  public static of(name: string): MlInstanceType {
    return new MlInstanceType(name, catalogSpec(name));
  }

  /** An instance type the catalog does not know, with facts you supply (e.g. a brand-new type). */
  public static custom(name: string, spec: MlInstanceTypeSpec): MlInstanceType {
    return new MlInstanceType(name, spec);
  }

  /** Every type in the catalog, in a stable order. */
  public static all(): MlInstanceType[] {
    return Object.keys(FAMILIES).flatMap((family) =>
      FAMILIES[family].rows.map(([size]) => MlInstanceType.of(`ml.${family}.${size}`)));
  }

  /** The SageMaker name, e.g. `ml.g5.xlarge`. */
  public readonly name: string;
  /** The facts, or undefined for a type the catalog does not know. */
  public readonly spec?: MlInstanceTypeSpec;

  private constructor(name: string, spec?: MlInstanceTypeSpec) {
    this.name = name;
    this.spec = spec;
  }

  /** Whether the catalog (or `custom`) supplied facts for this type. */
  public get isKnown(): boolean { return this.spec !== undefined; }
  /** Whether the name has SageMaker's `ml.<family>.<size>` shape. */
  public get isWellFormed(): boolean { return WELL_FORMED.test(this.name); }
  /** The EC2 family, e.g. `g5`. */
  public get family(): string { return this.name.split('.')[1] ?? ''; }
  /** The EC2 name as Kubernetes nodes label it, e.g. `g5.xlarge`. */
  public get ec2InstanceType(): string { return this.name.replace(/^ml\./, ''); }
  /** vCPUs (0 when unknown). */
  public get vcpus(): number { return this.spec?.vcpus ?? 0; }
  /** Memory in GiB (0 when unknown). */
  public get memoryGiB(): number { return this.spec?.memoryGiB ?? 0; }
  /** Accelerator kind (NONE when unknown). */
  public get acceleratorKind(): AcceleratorKind { return this.spec?.acceleratorKind ?? AcceleratorKind.NONE; }
  /** Number of accelerators (0 when unknown). */
  public get acceleratorCount(): number { return this.spec?.acceleratorCount ?? 0; }
  /** Accelerator model, e.g. `NVIDIA A10G`. */
  public get acceleratorModel(): string | undefined { return this.spec?.acceleratorModel; }
  /** Memory of each accelerator in GiB (0 when unknown or none). */
  public get acceleratorMemoryGiB(): number { return this.spec?.acceleratorMemoryGiB ?? 0; }
  /** True for NVIDIA GPU types. */
  public get isGpu(): boolean { return this.acceleratorKind === AcceleratorKind.NVIDIA_GPU; }
  /** True for any accelerator (GPU, Trainium, Inferentia). */
  public get isAccelerated(): boolean { return this.acceleratorCount > 0; }
  /** Has local NVMe instance storage (false when unknown). */
  public get hasInstanceStorage(): boolean { return this.spec?.instanceStorage ?? false; }
  /** SageMaker training jobs can use it (true when unknown: AWS decides). */
  public get supportsTraining(): boolean { return this.spec?.training ?? true; }
  /** SageMaker endpoints can use it (true when unknown: AWS decides). */
  public get supportsHosting(): boolean { return this.spec?.hosting ?? true; }

  public toString(): string { return this.name; }
}
