/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { Duration, Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import {
  KubeIngressSource, KubeModelOutput, KubeModelServing, KubeModelServingProps, KubeModelSource, KubePodIdentity, KubeSecurityProfile, KubeTrainingJob,
} from '../../constructs/k8s';
import { validateK8sManifests } from './validate-manifests';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2';

function synth(props: Partial<KubeModelServingProps> = {}, id = 'MnistClassifier') {
  const chart = Testing.chart();
  const serving = new KubeModelServing(chart, id, { image: IMAGE, instanceType: MlInstanceType.G5_XLARGE, ...props });
  const objects: any[] = Testing.synth(chart);
  const of = (kind: string) => objects.find((o) => o.kind === kind);
  const pod = of('Deployment').spec.template.spec;
  return { chart, serving, objects, of, pod, container: pod.containers[0] };
}

function errorOf(props: Partial<KubeModelServingProps>, id = 'Serving'): string {
  try {
    synth(props, id);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to reject its props');
}

describe('KubeModelServing', () => {
  test('renders six schema-valid objects sharing one name and the recommended labels', () => {
    // GIVEN / WHEN
    const { objects } = synth();
    // THEN
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy',
      'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    validateK8sManifests(objects);
    for (const o of objects) {
      expect(o.metadata.name).toBe('mnist-classifier');
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'mnist-classifier',
        'app.kubernetes.io/instance': 'mnist-classifier',
        'app.kubernetes.io/component': 'model-server',
        'app.kubernetes.io/part-of': 'cdk-mlops',
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/version': '1.4.2',
      });
    }
  });

  test('G5_XLARGE: GPU limit, toleration and g5 placement on the server container', () => {
    const { container, pod } = synth();
    expect(container.resources).toEqual({
      requests: { 'cpu': '3500m', 'memory': '13670Mi', 'nvidia.com/gpu': 1 },
      limits: { 'memory': '13670Mi', 'nvidia.com/gpu': 1 },
    });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    const values = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values;
    expect(values).toContain('g5.xlarge');
    expect(values).toContain('g5.48xlarge');
    expect(values.every((v: string) => v.startsWith('g5.'))).toBe(true);
  });

  test('a CPU instance type gets no GPU, toleration or affinity', () => {
    const { container, pod } = synth({ instanceType: MlInstanceType.C5_XLARGE });
    expect(Object.keys(container.resources.limits)).toEqual(['memory']);
    expect(pod.tolerations).toBeUndefined();
    expect(pod.affinity).toBeUndefined();
  });

  test('probes: /ping readiness within 2 s, a startup probe allowing a slow model load, a lenient liveness probe', () => {
    const { container } = synth({ modelLoadTimeout: Duration.minutes(15) });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ping', port: 'http' }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 });
    expect(container.startupProbe.httpGet.path).toBe('/ping');
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(900);
    expect(container.livenessProbe.httpGet.path).toBe('/ping');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('graceful shutdown and zero-downtime rollout', () => {
    const { of, pod, container } = synth();
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '10']);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(of('Deployment').spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    expect(of('Deployment').spec.replicas).toBeUndefined();
    expect(pod.topologySpreadConstraints[0]).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1,
    });
  });

  test('restricted security context, read-only root with a /tmp emptyDir, no service account token', () => {
    const { of, pod, container } = synth();
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsNonRoot: true,
    });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '1024Mi' } });
    expect(of('ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('mnist-classifier');
  });

  test('Service, HPA, PDB and NetworkPolicy', () => {
    const { of, serving } = synth({ port: 9000, minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 60 });
    expect(of('Service').spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 9000, targetPort: 'http', protocol: 'TCP' }] });
    expect(of('Service').spec.selector).toEqual(serving.selectorLabels);
    expect(of('HorizontalPodAutoscaler').apiVersion).toBe('autoscaling/v2');
    expect(of('HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 3, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name: 'mnist-classifier' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    expect(of('PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: serving.selectorLabels } });
    expect(of('NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: serving.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 9000, protocol: 'TCP' }] }],
    });
  });

  test('NetworkPolicy admits only the given namespaces and pods', () => {
    const { of } = synth({
      ingressFrom: [KubeIngressSource.fromNamespace('gateway'), KubeIngressSource.fromPods({ app: 'web' })],
    });
    expect(of('NetworkPolicy').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } },
      { podSelector: { matchLabels: { app: 'web' } } },
    ]);
  });

  test('a baked model needs no init container; an S3 model is fetched by a restricted init container', () => {
    expect(synth().pod.initContainers).toBeUndefined();
    const { pod, container, objects } = synth({ modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/mnist/model.tar.gz') });
    const [download, unpack] = pod.initContainers;
    expect(pod.initContainers).toHaveLength(2);
    expect(download.image).toBe('public.ecr.aws/aws-cli/aws-cli:2.17.0');
    expect(download.env).toContainEqual({ name: 'S3_URI', value: 's3://models-bucket/mnist/model.tar.gz' });
    expect(download.command[2]).toContain('aws s3 cp');
    expect(unpack.image).toBe('busybox:1.36.1');
    expect(unpack.command[2]).toContain('tar -xzf');
    for (const init of pod.initContainers) {
      expect(init.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(init.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model' });
    }
    expect(container.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'model', emptyDir: {} });
    validateK8sManifests(objects);
  });

  test('an S3 prefix is synced instead of unpacked', () => {
    const { pod } = synth({ modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/mnist/') });
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0].command[2]).toContain('aws s3 sync');
  });

  test('a PersistentVolumeClaim source mounts the claim read-only at /opt/ml/model, with no init containers', () => {
    const { pod, container, objects } = synth({ modelSource: KubeModelSource.fromPersistentVolumeClaim('mnist-model') });
    expect(pod.initContainers).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'mnist-model', readOnly: true } });
    expect(container.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model', readOnly: true });
    validateK8sManifests(objects);
  });

  test('the BASELINE profile keeps the image user and a writable root filesystem; S3 init containers stay restricted', () => {
    const { pod, container, objects } = synth({
      securityProfile: KubeSecurityProfile.BASELINE, modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/mnist/model.tar.gz'),
    });
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
    });
    expect(pod.initContainers.every((c: any) => c.securityContext.runAsNonRoot && c.securityContext.readOnlyRootFilesystem)).toBe(true);
    validateK8sManifests(objects);
  });

  test('explicit resources work without an instance type', () => {
    const { container, pod } = synth({ instanceType: undefined, resources: { cpuMillicores: 250 } });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1024Mi' }, limits: { memory: '1024Mi' } });
    expect(pod.affinity).toBeUndefined();
  });

  test('an unknown but well-formed instance type is a warning, not an error', () => {
    const { serving } = synth({ instanceType: MlInstanceType.of('ml.g9.xlarge') });
    const warnings = serving.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.join('\n')).toContain("instanceType 'ml.g9.xlarge' is not in the cdk-mlops catalog");
  });

  describe('rejects bad props with the construct path, prop, value and what is allowed', () => {
    test.each([
      ['replicas bounds', { minReplicas: 0 }, 'minReplicas = 0', 'integer from 1 to 1000'],
      ['min above max', { minReplicas: 5, maxReplicas: 2 }, 'maxReplicas = 2', 'at least minReplicas (5)'],
      ['port range', { port: 80 }, 'port = 80', 'integer from 1024 to 65535'],
      ['bad S3 URI', { modelSource: KubeModelSource.fromS3Uri('https://bucket/model.tar.gz') },
        'modelSource = "https://bucket/model.tar.gz"', 's3://<bucket>/<key>'],
      ['bad claim name', { modelSource: KubeModelSource.fromPersistentVolumeClaim('Model_Claim') },
        'modelSource.claimName = "Model_Claim"', 'DNS-1123 subdomain'],
      ['empty image', { image: '' }, 'image = ""', 'non-empty container image reference'],
      ['short grace period', { terminationGracePeriod: Duration.seconds(20) }, 'terminationGracePeriod = "20 seconds"', 'from 30 to 3600 seconds'],
      ['bad name', { name: 'Mnist_Model' }, 'name = "Mnist_Model"', 'DNS-1035 label'],
      ['malformed instance type', { instanceType: MlInstanceType.of('g5.xlarge') }, 'instanceType = "g5.xlarge"', 'ml.<family>.<size>'],
      ['CPU utilization', { targetCpuUtilizationPercent: 150 }, 'targetCpuUtilizationPercent = 150', 'from 1 to 100'],
      ['GPUs no type holds', { resources: { acceleratorCount: 32 } }, 'resources = "cpu 3500m', 'must fit at least one g5 instance type'],
      ['reserved env', { env: { SM_MODEL_DIR: '/x' } }, 'env.SM_MODEL_DIR', 'is set by the construct'],
    ])('%s', (_rule, props, valueText, allowedText) => {
      const message = errorOf(props as Partial<KubeModelServingProps>);
      expect(message).toContain("KubeModelServing at 'test/Serving'");
      expect(message).toContain(valueText);
      expect(message).toContain(allowedText);
    });

    test('a name derived from the construct id is checked too', () => {
      expect(errorOf({}, '9Lives')).toContain('name (from the construct id) = "9-lives"');
    });

    test('all problems are reported at once', () => {
      const message = errorOf({ image: '', port: 1, minReplicas: 0 });
      expect(message).toContain('3 invalid props');
    });
  });
});

describe('waiting for the model', () => {
  function trainingJob(chart: any, output = KubeModelOutput.toS3('s3://model-bucket/mnist/')) {
    return new KubeTrainingJob(chart, 'Training', { image: IMAGE, modelOutput: output, maxRuntime: Duration.minutes(40) });
  }

  test('fromTrainingJob: a bounded, logged wait for the run\'s model.tar.gz, then download and unpack', () => {
    // GIVEN a training Job that uploads to S3
    const chart = Testing.chart();
    const training = trainingJob(chart);
    // WHEN the server serves what it trains
    new KubeModelServing(chart, 'Serving', { image: IMAGE, modelSource: KubeModelSource.fromTrainingJob(training) });
    const objects: any[] = Testing.synth(chart);
    validateK8sManifests(objects);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    const [wait, fetch, unpack] = deployment.spec.template.spec.initContainers;
    // THEN the pod first waits, at most maxRuntime + 10 minutes, with a log line per poll
    expect(wait.name).toBe('wait-for-model');
    expect(wait.env).toEqual(expect.arrayContaining([
      { name: 'S3_URI', value: `s3://model-bucket/mnist/${training.jobName}/output/model.tar.gz` },
      { name: 'WAIT_SECONDS', value: String(50 * 60) },
    ]));
    expect(wait.command[2]).toContain('echo "model not there yet: $S3_URI (${waited}s of ${WAIT_SECONDS}s)"');
    expect(wait.command[2]).toContain('did not appear within ${WAIT_SECONDS}s; has its training Job succeeded?');
    expect(wait.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect([fetch.name, unpack.name]).toEqual(['fetch-model', 'fetch-model-unpack']);
    // AND a rollout is not declared stuck while the model is still awaited
    expect(deployment.spec.progressDeadlineSeconds).toBe(600 + 3000 + 300);
  });

  test('the wait script gives up after its bound and exits non-zero', () => {
    const { pod } = synth({ modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/mnist/model.tar.gz', Duration.minutes(5)) });
    const script: string = pod.initContainers[0].command[2];
    expect(script).toMatch(/if \[ "\$waited" -ge "\$WAIT_SECONDS" \]; then\n.*exit 1/);
    expect(pod.initContainers[0].env).toContainEqual({ name: 'WAIT_SECONDS', value: '300' });
  });

  test('fromS3Uri without a timeout does not wait', () => {
    const { pod } = synth({ modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/mnist/model.tar.gz') });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['fetch-model', 'fetch-model-unpack']);
  });

  test('a claim written by the training Job: wait until the read-only claim holds a file', () => {
    const chart = Testing.chart();
    const training = trainingJob(chart, KubeModelOutput.toPersistentVolumeClaim('mnist-model'));
    new KubeModelServing(chart, 'Serving', { image: IMAGE, modelSource: KubeModelSource.fromTrainingJob(training, Duration.hours(1)) });
    const pod = Testing.synth(chart).find((o: any) => o.kind === 'Deployment').spec.template.spec;
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({ name: 'wait-for-model', image: 'busybox:1.36.1' });
    expect(pod.initContainers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'mnist-model', readOnly: true } });
  });

  test('an ephemeral training output cannot be served', () => {
    const chart = Testing.chart();
    const training = trainingJob(chart, KubeModelOutput.ephemeral());
    expect(() => new KubeModelServing(chart, 'Serving', { image: IMAGE, modelSource: KubeModelSource.fromTrainingJob(training) }))
      .toThrow(/modelSource = .*must come from a training job whose modelOutput is KubeModelOutput.toS3\(\) or toPersistentVolumeClaim\(\)/);
  });
});

describe('defaults shared with SageMaker', () => {
  test('one replica at least, four at most, as a SageMaker endpoint', () => {
    const { of, serving } = synth();
    expect(of('HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 1, maxReplicas: 4 });
    expect([serving.minReplicas, serving.maxReplicas]).toEqual([1, 4]);
  });

  test('the pod template is exposed for objects that run the same pods (e.g. a Rollout)', () => {
    const { serving, of } = synth();
    expect(of('Deployment').spec.template.metadata.labels).toEqual(serving.podTemplate.metadata?.labels);
  });
});

describe('identity and pull secrets', () => {
  test('IRSA and extra annotations are merged on the ServiceAccount; pull secrets reach the pod', () => {
    const { of, pod } = synth({
      identity: KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/serve'),
      serviceAccountAnnotations: { 'example.com/team': 'ml' },
      imagePullSecrets: ['ghcr-pull'],
    });
    expect(of('ServiceAccount').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/serve', 'example.com/team': 'ml',
    });
    expect(pod.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
  });
});
