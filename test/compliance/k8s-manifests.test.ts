/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { buildReferenceApp } from '../../bin/reference-app';
import { appWithCdkJsonContext } from '../app-context';
import { validateK8sManifests } from '../k8s/validate-manifests';
import { isCustomResource, validateCrdManifests } from '../k8s/validate-crds';

/** Every Kubernetes object the reference app writes passes the Kubernetes schema, GPU rules hold. */
describe('reference app Kubernetes manifests', () => {
  const { charts, platformCharts } = buildReferenceApp(appWithCdkJsonContext());
  const manifests = Object.fromEntries(charts.map((chart) => [chart.node.id, chart.toJson()]));
  const platform = Object.fromEntries(platformCharts.map((chart) => [chart.node.id, chart.toJson()]));

  test('there is one chart per model', () => {
    expect(Object.keys(manifests).sort()).toEqual(['digits', 'vision-gpu']);
  });

  test.each(Object.entries(manifests))('%s passes kubernetes-models schema validation', (_id, objects) => {
    expect(objects.length).toBeGreaterThanOrEqual(6);
    expect(() => validateK8sManifests(objects.filter((o: object) => !isCustomResource(o)))).not.toThrow();
  });

  // CRDs (Argo Rollouts, prometheus-operator, KEDA, Argo CD, Karpenter): their package's schema, unknown fields rejected.
  test.each(Object.entries({ ...manifests, ...platform }))('%s: every custom resource validates strictly', (_id, objects) => {
    expect(() => validateCrdManifests(objects.filter(isCustomResource))).not.toThrow();
    expect(() => validateK8sManifests(objects.filter((o: object) => !isCustomResource(o)))).not.toThrow();
  });

  test('digits (the reference container) is canaried with analysis, monitored and scaled by KEDA; vision-gpu on GPU signals', () => {
    const kinds = (id: string) => manifests[id].map((o: { kind: string }) => o.kind);
    expect(kinds('digits')).toEqual(expect.arrayContaining(['Rollout', 'AnalysisTemplate', 'ServiceMonitor', 'PrometheusRule', 'ScaledObject']));
    expect(kinds('digits')).not.toContain('HorizontalPodAutoscaler');
    const scaled = manifests.digits.find((o: { kind: string }) => o.kind === 'ScaledObject');
    expect(scaled.spec.scaleTargetRef.kind).toBe('Rollout');
    // invocationsPerInstance 2000 per minute in the config, as on SageMaker: 33.33 requests per second per replica.
    expect(scaled.spec.triggers[0].metadata.threshold).toBe('33.33');
    const template = manifests.digits.find((o: { kind: string }) => o.kind === 'AnalysisTemplate');
    expect(template.spec.metrics[1].successCondition).toMatch(/<= 0\.2$/); // p99LatencyMs: 200
    const vision = manifests['vision-gpu'];
    expect(kinds('vision-gpu')).toEqual(expect.arrayContaining(['Deployment', 'PrometheusRule', 'ScaledObject']));
    expect(kinds('vision-gpu')).not.toContain('Rollout');
    const gpuTrigger = vision.find((o: { kind: string }) => o.kind === 'ScaledObject').spec.triggers[0];
    expect(gpuTrigger).toMatchObject({ name: 'gpu-utilization', metadata: { threshold: '70' } });
  });

  test('Argo CD: one Application per chart file; Karpenter taints match the GPU model\'s tolerations', () => {
    const apps = platform.argocd.filter((o: { kind: string }) => o.kind === 'Application');
    expect(apps.map((a: { spec: { source: { directory: { include: string } } } }) => a.spec.source.directory.include).sort())
      .toEqual(['cluster.k8s.yaml', 'digits.k8s.yaml', 'vision-gpu.k8s.yaml']);
    const pool = platform.cluster.find((o: { kind: string }) => o.kind === 'NodePool');
    const { pod } = container('vision-gpu');
    for (const taint of pool.spec.template.spec.taints) {
      expect(pod.tolerations).toEqual(expect.arrayContaining([expect.objectContaining({ key: taint.key, effect: taint.effect })]));
    }
    expect(pool.spec.template.spec.requirements[0].values).toEqual(expect.arrayContaining(['g5.xlarge', 'g5.2xlarge']));
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
    // digits' Application renders it, vision-gpu's lives in it: deleting digits' Application must not delete it
    expect(namespaces[0].metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Delete=false,Prune=false');
  });

  test('restricted Pod Security on every container we ship (init, training, pack, upload, wait, fetch); DLC images at baseline', () => {
    const templates = Object.values(manifests).flat()
      .filter((o: { kind: string }) => o.kind === 'Deployment' || o.kind === 'Job')
      .map((o: { metadata: { name: string }; spec: { template: { spec: any } } }) => ({ name: o.metadata.name, pod: o.spec.template.spec }));
    expect(templates.length).toBe(4);
    let checked = 0;
    for (const { name, pod } of templates) {
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const ctx = c.securityContext;
        const where = `${name}/${c.name}`;
        expect([where, ctx.allowPrivilegeEscalation, ctx.privileged, ctx.seccompProfile ?? pod.securityContext?.seccompProfile])
          .toEqual([where, false, false, { type: 'RuntimeDefault' }]);
        expect([where, ctx.capabilities.drop]).toEqual([where, ['ALL']]);
        if (c.image.startsWith('763104351884.dkr.ecr.')) continue; // AWS Deep Learning Containers run as root: baseline
        expect([where, ctx.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, ctx.readOnlyRootFilesystem, ctx.capabilities.add])
          .toEqual([where, true, true, undefined]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
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
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
    });
  });

  test('our own container runs non-root with a read-only root filesystem', () => {
    const { pod, main } = container('digits');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(main.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(main.securityContext.allowPrivilegeEscalation).toBe(false);
  });
});
