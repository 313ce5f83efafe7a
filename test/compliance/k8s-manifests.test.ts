import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';
import { validateK8sManifests } from '../k8s/validate-manifests';

/** Every Kubernetes object the reference app writes passes the Kubernetes schema, GPU rules hold. */
describe('reference app Kubernetes manifests', () => {
  const { charts } = buildReferenceApp(appWithCdkJsonContext());
  const manifests = Object.fromEntries(charts.map((chart) => [chart.node.id, chart.toJson()]));

  test('there is one chart per model', () => {
    expect(Object.keys(manifests).sort()).toEqual(['digits', 'vision-gpu']);
  });

  test.each(Object.entries(manifests))('%s passes kubernetes-models schema validation', (_id, objects) => {
    expect(objects.length).toBeGreaterThanOrEqual(6);
    expect(() => validateK8sManifests(objects)).not.toThrow();
  });

  const container = (id: string) => {
    const deployment = manifests[id].find((o: { kind: string }) => o.kind === 'Deployment');
    return { pod: deployment.spec.template.spec, main: deployment.spec.template.spec.containers[0] };
  };

  test('the GPU model (ml.g5.xlarge) asks for one NVIDIA GPU and tolerates GPU nodes', () => {
    const { pod, main } = container('vision-gpu');
    expect(main.resources.limits['nvidia.com/gpu']).toEqual(1);
    expect(pod.tolerations).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'nvidia.com/gpu' })]));
    const terms = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0].matchExpressions[0].values).toContain('g5.xlarge');
  });

  test('the CPU model (ml.m5.large) gets no GPU and no GPU toleration', () => {
    const { pod, main } = container('digits');
    expect(JSON.stringify(main.resources)).not.toContain('nvidia.com/gpu');
    expect(pod.tolerations ?? []).toEqual([]);
  });

  test('digits trains on the cluster into the claim its serving pods mount read-only', () => {
    const job = manifests.digits.find((o: { kind: string }) => o.kind === 'Job');
    const claimOf = (spec: { volumes: { name: string; persistentVolumeClaim?: { claimName: string; readOnly?: boolean } }[] }) =>
      spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim;
    expect(job.spec.template.spec.containers[0].args).toEqual(['train']);
    expect(claimOf(job.spec.template.spec)).toEqual({ claimName: 'digits-model' });
    const { pod } = container('digits');
    expect(claimOf(pod)).toEqual({ claimName: 'digits-model', readOnly: true });
  });

  test('the distributed GPU training job is an Indexed Job of 2 GPU pods with a headless Service', () => {
    const job = manifests['vision-gpu'].find((o: { kind: string }) => o.kind === 'Job');
    expect([job.spec.completionMode, job.spec.completions, job.spec.parallelism]).toEqual(['Indexed', 2, 2]);
    expect(job.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toEqual(1);
    const services = manifests['vision-gpu'].filter((o: { kind: string }) => o.kind === 'Service');
    expect(services.some((svc: { spec: { clusterIP?: string } }) => svc.spec.clusterIP === 'None')).toBe(true);
  });

  test('the Deep Learning Container model runs under the baseline profile: image user, no privilege escalation', () => {
    const { pod, main } = container('vision-gpu');
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(main.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('our own container runs non-root with a read-only root filesystem', () => {
    const { pod, main } = container('digits');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(main.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(main.securityContext.allowPrivilegeEscalation).toBe(false);
  });
});
