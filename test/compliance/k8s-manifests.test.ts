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

  test('digits trains on the cluster, uploads model.tar.gz to S3 under its per-run Job name, and serving waits for that key', () => {
    const job = manifests.digits.find((o: { kind: string }) => o.kind === 'Job');
    const pod = job.spec.template.spec;
    expect(job.metadata.name).toMatch(/^digits-train-[0-9a-f]{12}$/);
    expect(pod.initContainers.find((c: { name: string }) => c.name === 'training').args).toEqual(['train']);
    const upload = pod.containers[0];
    const uri = `s3://example-ml-models/digits/${job.metadata.name}/output/model.tar.gz`;
    expect(upload.env).toContainEqual({ name: 'MODEL_S3_URI', value: uri });
    const serving = container('digits').pod;
    expect(serving.initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-model', 'fetch-model', 'fetch-model-unpack']);
    expect(serving.initContainers[0].env).toContainEqual({ name: 'S3_URI', value: uri });
  });

  test('each training run has a NetworkPolicy: ingress only from its own pods, egress to DNS and HTTPS', () => {
    const job = manifests['vision-gpu'].find((o: { kind: string }) => o.kind === 'Job');
    const policy = manifests['vision-gpu'].find((o: { kind: string; metadata: { name: string } }) =>
      o.kind === 'NetworkPolicy' && o.metadata.name === job.metadata.name);
    const own = { podSelector: { matchLabels: policy.spec.podSelector.matchLabels } };
    expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe(job.metadata.name);
    expect(policy.spec.ingress).toEqual([{ from: [own] }]);
    expect(policy.spec.egress.map((rule: { ports?: { port: number }[] }) => rule.ports?.map((p) => p.port))).toEqual([undefined, [53, 53], [443]]);
  });

  test('the shared namespace is rendered once, at the weakest profile its models need, before everything else', () => {
    const namespaces = Object.values(manifests).flat().filter((o: { kind: string }) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0].metadata.name).toBe('ml-serving');
    expect(namespaces[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline'); // vision-gpu runs a root DLC image
    expect(namespaces[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
  });

  test('Argo CD sync waves: identities and config, then training, then serving', () => {
    const wave = (id: string, kind: string) =>
      Number(manifests[id].find((o: { kind: string }) => o.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave']);
    for (const id of ['digits', 'vision-gpu']) {
      expect(wave(id, 'ServiceAccount')).toBeLessThan(wave(id, 'Job'));
      expect(wave(id, 'ConfigMap')).toBeLessThan(wave(id, 'Job'));
      expect(wave(id, 'Job')).toBeLessThan(wave(id, 'Deployment'));
    }
  });

  test('the distributed GPU training job is an Indexed Job of 2 GPU pods with a headless Service', () => {
    const job = manifests['vision-gpu'].find((o: { kind: string }) => o.kind === 'Job');
    expect([job.spec.completionMode, job.spec.completions, job.spec.parallelism]).toEqual(['Indexed', 2, 2]);
    // Training runs as the last-but-one init container (the upload is the main container), with the GPU.
    const training = job.spec.template.spec.initContainers.find((c: { name: string }) => c.name === 'training');
    expect(training.resources.limits['nvidia.com/gpu']).toEqual(1);
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
