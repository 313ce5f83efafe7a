import { Chart, Size, Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { GpuScheduling, KarpenterCapacityType, KarpenterGpuNodePool } from '../../constructs/k8s';
import { errorOf, only, synthValid } from './crd-fixtures';

function pool(props: Partial<ConstructorParameters<typeof KarpenterGpuNodePool>[2]> = {}, namespace?: string) {
  const chart = new Chart(Testing.app(), 'cluster', { namespace });
  const construct = new KarpenterGpuNodePool(chart, 'GpuInference', {
    instanceTypes: [MlInstanceType.G5_XLARGE], clusterName: 'ml-cluster', nodeRoleName: 'KarpenterNodeRole-ml-cluster', ...props,
  });
  const objects = synthValid(chart);
  return { construct, objects, nodePool: only(objects, 'NodePool'), nodeClass: only(objects, 'EC2NodeClass') };
}

describe('KarpenterGpuNodePool', () => {
  test('instance types are exactly those the pods\' node affinity allows, taints exactly their tolerations', () => {
    // GIVEN / WHEN
    const { nodePool, construct } = pool();
    // THEN
    const scheduling = GpuScheduling.forInstanceType(MlInstanceType.G5_XLARGE);
    const requirements = nodePool.spec.template.spec.requirements;
    expect(requirements[0]).toEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...scheduling.compatibleInstanceTypes].sort() });
    expect(construct.ec2InstanceTypes).toContain('g5.xlarge');
    expect(construct.ec2InstanceTypes.every((t) => t.startsWith('g5.'))).toBe(true);
    expect(nodePool.spec.template.spec.taints).toEqual([{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }]);
    expect(scheduling.renderTolerations()).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(requirements[1]).toEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
    expect(nodePool.spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu-inference' });
    expect(nodePool.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' });
    expect(nodePool.spec.template.spec.expireAfter).toBe('720h');
  });

  test('several models: the union of their families, one taint per accelerator kind', () => {
    const { nodePool } = pool({ instanceTypes: [MlInstanceType.G5_XLARGE, MlInstanceType.G5_2XLARGE, MlInstanceType.INF2_XLARGE], acceleratorLimit: 16 });
    const types: string[] = nodePool.spec.template.spec.requirements[0].values;
    expect(types.some((t) => t.startsWith('inf2.'))).toBe(true);
    expect(types.some((t) => t.startsWith('g5.'))).toBe(true);
    expect(nodePool.spec.template.spec.taints).toEqual([
      { key: 'nvidia.com/gpu', effect: 'NoSchedule' }, { key: 'aws.amazon.com/neuron', effect: 'NoSchedule' },
    ]);
    expect(nodePool.spec.limits).toEqual({ 'nvidia.com/gpu': 16, 'aws.amazon.com/neuron': 16 });
  });

  test('node class: IMDSv2 with one hop, encrypted gp3 root, RAID0 NVMe on g5, discovery by cluster tag', () => {
    const { nodeClass } = pool({ rootVolumeSize: Size.gibibytes(200), amiAlias: 'al2023@v20251117' });
    expect(nodeClass.spec).toMatchObject({
      amiSelectorTerms: [{ alias: 'al2023@v20251117' }],
      role: 'KarpenterNodeRole-ml-cluster',
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'ml-cluster' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'ml-cluster' } }],
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '200Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
      instanceStorePolicy: 'RAID0',
    });
    expect(pool({ instanceTypes: [MlInstanceType.P3_2XLARGE] }).nodeClass.spec.instanceStorePolicy).toBeUndefined();
  });

  test('spot allowed on request; cluster-scoped objects carry no namespace even in a namespaced chart', () => {
    const { nodePool, nodeClass } = pool({ capacityType: KarpenterCapacityType.SPOT_OR_ON_DEMAND }, 'ml-serving');
    expect(nodePool.spec.template.spec.requirements[1].values).toEqual(['spot', 'on-demand']);
    expect(nodePool.metadata.namespace).toBeUndefined();
    expect(nodeClass.metadata.namespace).toBeUndefined();
  });

  test('rejects CPU and unknown types, ARNs for the role and bad names', () => {
    const message = errorOf(() => pool({
      instanceTypes: [MlInstanceType.M5_LARGE, MlInstanceType.of('ml.g9.xlarge')], nodeRoleName: 'arn:aws:iam::123456789012:role/Node', clusterName: '-bad', amiAlias: 'ubuntu@1',
    }));
    expect(message).toContain("KarpenterGpuNodePool at 'cluster/GpuInference': 5 invalid props");
    expect(message).toContain('instanceTypes[0] = "ml.m5.large": must be an accelerated instance type of the catalog');
    expect(message).toContain('instanceTypes[1] = "ml.g9.xlarge": must be an accelerated instance type of the catalog');
    expect(message).toContain('nodeRoleName = "arn:aws:iam::123456789012:role/Node": must be an IAM role name (not an ARN)');
    expect(message).toContain('clusterName = "-bad"');
    expect(message).toContain('amiAlias = "ubuntu@1"');
    expect(errorOf(() => pool({ instanceTypes: [] }))).toContain('instanceTypes = [0 items]: must hold at least one accelerated instance type');
  });
});
