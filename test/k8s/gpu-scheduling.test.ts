import { Size } from 'cdk8s';
import { AcceleratorKind, MlInstanceType } from '../../constructs/core/instance-type';
import { GpuScheduling, TaintEffect, TolerationOperator } from '../../constructs/k8s';

// Renders through JSON like synth does, so Quantity objects become their plain values.
function json(value: unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(JSON.stringify(value ?? null));
}

function resolved(s: GpuScheduling) {
  // Quantity objects hold their value in `value`; synth calls toJson, here we read it directly.
  const r = s.renderResources();
  const plain = (m?: Record<string, { value: string | number }>) =>
    m ? Object.fromEntries(Object.entries(m).map(([k, q]) => [k, q.value])) : undefined;
  return { requests: plain(r?.requests), limits: plain(r?.limits) };
}

describe('GpuScheduling', () => {
  test('sizes requests from the instance type with the documented formula', () => {
    // GIVEN / WHEN
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE);
    // THEN: 4 vCPU → 0.9 × 4000m − 100m; 16 GiB → 0.85 × 16384 MiB − 256 MiB
    expect(s.cpuMillicores).toBe(3500);
    expect(s.memoryMebibytes).toBe(13670);
    expect(resolved(s)).toEqual({
      requests: { 'cpu': '3500m', 'memory': '13670Mi', 'nvidia.com/gpu': 1 },
      limits: { 'memory': '13670Mi', 'nvidia.com/gpu': 1 },
    });
  });

  test('G5_XLARGE tolerates the GPU taint and may land on every g5 size', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE);
    expect(json(s.renderTolerations())).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(s.compatibleInstanceTypes).toEqual(['g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge', 'g5.16xlarge',
      'g5.12xlarge', 'g5.24xlarge', 'g5.48xlarge']);
    expect(json(s.renderAffinity()).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
      .matchExpressions[0]).toEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: s.compatibleInstanceTypes });
  });

  test('a 4-GPU type only lands on types with at least 4 GPUs and its CPU and memory', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_12XLARGE);
    expect(s.acceleratorCount).toBe(4);
    expect(s.compatibleInstanceTypes).toEqual(['g5.12xlarge', 'g5.24xlarge', 'g5.48xlarge']);
  });

  test('a CPU type gets requests but no accelerator, toleration or placement', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.M5_XLARGE);
    expect(resolved(s)).toEqual({ requests: { cpu: '3500m', memory: '13670Mi' }, limits: { memory: '13670Mi' } });
    expect(s.acceleratorResourceName).toBeUndefined();
    expect(s.renderTolerations()).toBeUndefined();
    expect(s.renderAffinity()).toBeUndefined();
  });

  test('a Neuron type requests aws.amazon.com/neuron and tolerates its taint', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.INF2_XLARGE);
    expect(resolved(s).limits).toEqual({ 'memory': '13670Mi', 'aws.amazon.com/neuron': 1 });
    expect(json(s.renderTolerations())).toEqual([{ key: 'aws.amazon.com/neuron', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(s.compatibleInstanceTypes).toEqual(['inf2.xlarge', 'inf2.8xlarge', 'inf2.24xlarge', 'inf2.48xlarge']);
  });

  test('overrides replace CPU, memory, GPU count and placement; given tolerations are added to the GPU one', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE, {
      cpuMillicores: 2000,
      memory: Size.gibibytes(8),
      acceleratorCount: 4,
      nodeSelector: { pool: 'gpu' },
      tolerations: [{ key: 'dedicated', matchOperator: TolerationOperator.EQUAL, value: 'ml', effect: TaintEffect.NO_EXECUTE }],
    });
    expect(resolved(s)).toEqual({
      requests: { 'cpu': '2000m', 'memory': '8192Mi', 'nvidia.com/gpu': 4 },
      limits: { 'memory': '8192Mi', 'nvidia.com/gpu': 4 },
    });
    expect(s.renderNodeSelector()).toEqual({ pool: 'gpu' });
    expect(s.renderAffinity()).toBeUndefined();
    expect(json(s.renderTolerations())).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoExecute' },
    ]);
  });

  test('a node selector or a toleration of its own never removes the GPU toleration; a given GPU toleration replaces the default', () => {
    // GIVEN a GPU pod placed by the user's node selector, with a spot toleration
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE, {
      nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
      tolerations: [{ key: 'karpenter.sh/capacity-type', matchOperator: TolerationOperator.EQUAL, value: 'spot' }],
    });
    // THEN it still tolerates the GPU taint
    expect(json(s.renderTolerations()).map((t: { key: string }) => t.key)).toEqual(['nvidia.com/gpu', 'karpenter.sh/capacity-type']);
    // AND a user's own toleration of the GPU taint is kept as given, not doubled
    const own = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE, { tolerations: [{ key: 'nvidia.com/gpu', matchOperator: TolerationOperator.EXISTS }] });
    expect(json(own.renderTolerations())).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists' }]);
    // AND a CPU type gets only what was given
    expect(json(GpuScheduling.forInstanceType(MlInstanceType.M5_LARGE, { tolerations: [{ key: 'team' }] }).renderTolerations()))
      .toEqual([{ key: 'team', operator: 'Exists' }]);
  });

  test('a larger GPU override narrows the placement to types that hold it', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE, { acceleratorCount: 8 });
    expect(s.compatibleInstanceTypes).toEqual(['g5.48xlarge']);
    expect(s.fitsNoInstanceType).toBe(false);
    expect(GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE, { acceleratorCount: 16 }).fitsNoInstanceType).toBe(true);
  });

  test('explicit resources without an instance type: GPU limits, toleration, no placement', () => {
    const s = GpuScheduling.forResources({ cpuMillicores: 1000, memory: Size.gibibytes(4), acceleratorCount: 1 });
    expect(s.acceleratorKind).toBe(AcceleratorKind.NVIDIA_GPU);
    expect(resolved(s).limits).toEqual({ 'memory': '4096Mi', 'nvidia.com/gpu': 1 });
    expect(s.renderTolerations()).toHaveLength(1);
    expect(s.renderAffinity()).toBeUndefined();
  });

  test('an unknown but well-formed type derives nothing and is pinned to its own name', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.of('ml.g9.xlarge'));
    expect(s.renderResources()).toBeUndefined();
    expect(s.compatibleInstanceTypes).toEqual(['g9.xlarge']);
  });

  test('a custom type is sized from the facts given', () => {
    const s = GpuScheduling.forInstanceType(MlInstanceType.custom('ml.g7.xlarge', {
      vcpus: 8, memoryGiB: 32, acceleratorKind: AcceleratorKind.NVIDIA_GPU, acceleratorCount: 1, training: true, hosting: true,
    }));
    expect(s.cpuMillicores).toBe(7100);
    expect(s.compatibleInstanceTypes).toEqual(['g7.xlarge']);
  });
});
