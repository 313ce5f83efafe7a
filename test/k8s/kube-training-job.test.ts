/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { KubeModelOutput, KubePodIdentity, KubeSecurityProfile, KubeTrainingJob, KubeTrainingJobProps } from '../../constructs/k8s';
import { validateK8sManifests } from './validate-manifests';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2';
const BASE: KubeTrainingJobProps = {
  image: IMAGE,
  instanceType: MlInstanceType.G5_2XLARGE,
  modelOutput: KubeModelOutput.toPersistentVolumeClaim('mnist-models'),
  hyperparameters: { epochs: '5', 'learning-rate': String(0.01), shuffle: String(true) },
  inputChannels: [{ name: 'train', s3Uri: 's3://data-bucket/mnist/train/' }, { name: 'test.v2', s3Uri: 's3://data-bucket/mnist/test.csv' }],
};

function synth(props: Partial<KubeTrainingJobProps> = {}, id = 'MnistTraining') {
  const chart = Testing.chart();
  const training = new KubeTrainingJob(chart, id, { ...BASE, ...props });
  const objects: any[] = Testing.synth(chart);
  const of = (kind: string) => objects.find((o) => o.kind === kind);
  const pod = of('Job').spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  return { training, objects, of, pod, container, env, job: training.jobName };
}

function errorOf(props: Partial<KubeTrainingJobProps>): string {
  try {
    synth(props, 'Training');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to reject its props');
}

describe('KubeTrainingJob', () => {
  test('a single-node job: schema-valid Job, ConfigMap, NetworkPolicy and ServiceAccount, no Service', () => {
    const { objects, of } = synth();
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Job', 'NetworkPolicy', 'ServiceAccount']);
    validateK8sManifests(objects);
    // 30 minutes, the same default as the SageMaker training job.
    expect(of('Job').spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 1800, ttlSecondsAfterFinished: 86400 });
    expect(of('Job').spec.completionMode).toBeUndefined();
    expect(of('Job').spec.template.spec.restartPolicy).toBe('Never');
    expect(of('ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('GPU resources, toleration and placement come from the instance type', () => {
    const { container, pod, env } = synth();
    expect(container.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(container.resources.requests.cpu).toBe('7100m');
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values)
      .toEqual(['g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge', 'g5.16xlarge', 'g5.12xlarge', 'g5.24xlarge', 'g5.48xlarge']);
    expect(env.SM_NUM_GPUS).toBe('1');
    expect(env.SM_NUM_NEURONS).toBe('0');
  });

  test('hyperparameters: sorted JSON strings in a ConfigMap file mounted at /opt/ml/input/config', () => {
    const { of, pod, container, env, job } = synth();
    const json = '{"epochs":"5","learning-rate":"0.01","shuffle":"true"}';
    expect(of('ConfigMap').metadata.name).toBe(`${job}-config`);
    expect(of('ConfigMap').data['hyperparameters.json']).toBe(json);
    expect(container.volumeMounts).toContainEqual({
      name: 'config', mountPath: '/opt/ml/input/config/hyperparameters.json', subPath: 'hyperparameters.json', readOnly: true,
    });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: `${job}-config` } });
    expect(env.SM_HPS).toBe(json);
  });

  test('SageMaker toolkit config: inputdataconfig.json and a resourceconfig.json per pod', () => {
    // The SageMaker training toolkit (in every Deep Learning Container) fails at start without these files.
    const { of, container, pod, env, job } = synth();
    const data = of('ConfigMap').data;
    expect(JSON.parse(data['inputdataconfig.json'])).toEqual({
      'train': { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
      'test.v2': { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    });
    expect(JSON.parse(data['resourceconfig-0.json'])).toEqual({
      current_host: `${job}-0`, current_instance_type: 'ml.g5.2xlarge', current_group_name: 'homogeneousCluster',
      hosts: [`${job}-0`], network_interface_name: 'eth0',
    });
    expect(container.volumeMounts).toContainEqual({
      name: 'config', mountPath: '/opt/ml/input/config/inputdataconfig.json', subPath: 'inputdataconfig.json', readOnly: true,
    });
    expect(container.volumeMounts).toContainEqual({
      name: 'config', mountPath: '/opt/ml/input/config/resourceconfig.json', subPathExpr: 'resourceconfig-$(RANK).json', readOnly: true,
    });
    // No mount of the whole directory: a file mount nested in a read-only ConfigMap mount cannot be created.
    expect(container.volumeMounts.filter((m: any) => m.mountPath === '/opt/ml/input/config')).toEqual([]);
    // The single pod's host name is the one the config and env announce.
    expect(pod.hostname).toBe(`${job}-0`);
    expect(env.SM_CURRENT_HOST).toBe(`${job}-0`);
  });

  test('channels are fetched by restricted init containers into /opt/ml/input/data/<name>', () => {
    const { pod, container, env } = synth();
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['fetch-0-train', 'fetch-1-test-v2']);
    expect(pod.initContainers[0].command[2]).toContain('aws s3 sync');
    expect(pod.initContainers[1].command[2]).toContain('aws s3 cp');
    expect(pod.initContainers[1].env).toContainEqual({ name: 'TARGET_DIR', value: '/opt/ml/input/data/test.v2' });
    expect(pod.initContainers[0].securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(container.volumeMounts).toContainEqual({ name: 'input-1', mountPath: '/opt/ml/input/data/test.v2' });
    expect(env.SM_CHANNEL_TRAIN).toBe('/opt/ml/input/data/train');
    expect(env.SM_CHANNEL_TEST_V2).toBe('/opt/ml/input/data/test.v2');
    expect(env.SM_CHANNELS).toBe('["train","test.v2"]');
  });

  test('SageMaker layout: model on the PVC, /dev/shm in memory, SM_* env, restricted container', () => {
    const { pod, container, env, job } = synth({ sharedMemorySize: Size.gibibytes(2) });
    expect(pod.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'mnist-models' } });
    expect(container.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model' });
    expect(pod.volumes).toContainEqual({ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '2048Mi' } });
    expect(container.volumeMounts).toContainEqual({ name: 'shm', mountPath: '/dev/shm' });
    expect(container.args).toEqual(['train']);
    expect(env).toMatchObject({
      SM_MODEL_DIR: '/opt/ml/model', SM_OUTPUT_DATA_DIR: '/opt/ml/output/data', SM_CURRENT_HOST: `${job}-0`,
      SM_HOSTS: `["${job}-0"]`, RANK: '0', WORLD_SIZE: '1', MASTER_ADDR: 'localhost',
    });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
  });

  test('shared memory defaults to a quarter of the memory request', () => {
    const { pod } = synth();
    // g5.2xlarge: 32 GiB → 27596Mi request → 6899Mi of /dev/shm
    expect(pod.volumes).toContainEqual({ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '6899Mi' } });
  });

  test('maxRuntime, backoffLimit and ttl are rendered; disruptions do not count as failures', () => {
    const { of } = synth({ maxRuntime: Duration.hours(2), backoffLimit: 3, ttlAfterFinished: Duration.hours(1) });
    expect(of('Job').spec).toMatchObject({ activeDeadlineSeconds: 7200, backoffLimit: 3, ttlSecondsAfterFinished: 3600 });
    expect(of('Job').spec.podFailurePolicy.rules[0]).toEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
  });

  test('instanceCount 2 renders an Indexed Job with a headless Service and rendezvous env', () => {
    const { objects, of, pod, env, training, job } = synth({ instanceCount: 2, instanceType: MlInstanceType.G5_12XLARGE });
    validateK8sManifests(objects);
    expect(of('Job').spec).toMatchObject({ completionMode: 'Indexed', completions: 2, parallelism: 2 });
    expect(of('Service').metadata.name).toBe(job);
    expect(of('Service').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: {
      'app.kubernetes.io/name': 'mnist-training', 'app.kubernetes.io/instance': job, 'app.kubernetes.io/component': 'training-job',
    } });
    expect(pod.subdomain).toBe(job);
    expect(training.headlessService).toBeDefined();
    expect(env.RANK).toEqual({ fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } });
    // Host names other pods can resolve: <pod hostname>.<headless Service>, not the bare pod hostname.
    expect(env).toMatchObject({
      WORLD_SIZE: '2', MASTER_ADDR: `${job}-0.${job}`, MASTER_PORT: '29500',
      SM_HOSTS: `["${job}-0.${job}","${job}-1.${job}"]`, SM_NUM_GPUS: '4',
      SM_CURRENT_HOST: `${job}-$(RANK).${job}`,
    });
    expect(pod.hostname).toBeUndefined(); // the Job controller names indexed pods <job>-<index>
    // RANK must come before the variables that expand $(RANK)
    const names = pod.containers[0].env.map((e: any) => e.name);
    expect(names.indexOf('RANK')).toBeLessThan(names.indexOf('SM_CURRENT_HOST'));
    const data = of('ConfigMap').data;
    expect(Object.keys(data).sort()).toEqual(['hyperparameters.json', 'inputdataconfig.json', 'resourceconfig-0.json', 'resourceconfig-1.json']);
    expect(JSON.parse(data['resourceconfig-1.json'])).toMatchObject({
      current_host: `${job}-1.${job}`, hosts: [`${job}-0.${job}`, `${job}-1.${job}`],
    });
  });

  test('a Neuron type requests aws.amazon.com/neuron and sets SM_NUM_NEURONS', () => {
    const { container, env } = synth({ instanceType: MlInstanceType.TRN1_2XLARGE });
    expect(container.resources.limits['aws.amazon.com/neuron']).toBe(1);
    expect(env.SM_NUM_NEURONS).toBe('1');
    expect(env.SM_NUM_GPUS).toBe('0');
  });

  test('an ephemeral model output is an emptyDir', () => {
    const { pod } = synth({ modelOutput: KubeModelOutput.ephemeral() });
    expect(pod.volumes).toContainEqual({ name: 'model', emptyDir: {} });
  });

  describe('rejects bad props with the construct path, prop, value and what is allowed', () => {
    test.each([
      ['instanceCount below 1', { instanceCount: 0 }, 'instanceCount = 0', 'integer from 1 to 64'],
      ['maxRuntime not positive', { maxRuntime: Duration.seconds(0) }, 'maxRuntime = "0 seconds"', 'from 1 to 2419200 seconds'],
      ['bad channel name', { inputChannels: [{ name: 'train data', s3Uri: 's3://data-bucket/x/' }] },
        'inputChannels[0].name = "train data"', '1-64 characters of A-Z'],
      ['duplicate channels', { inputChannels: [{ name: 'train', s3Uri: 's3://data-bucket/a/' }, { name: 'train', s3Uri: 's3://data-bucket/b/' }] },
        'inputChannels[1].name = "train"', 'must be unique'],
      ['empty channel list', { inputChannels: [] }, 'inputChannels = [0 items]', 'at least one channel'],
      ['bad channel URI', { inputChannels: [{ name: 'train', s3Uri: 's3://Bad_Bucket' }] },
        'inputChannels[0].s3Uri = "s3://Bad_Bucket"', 's3://<bucket>/<key>'],
      ['empty image', { image: '' }, 'image = ""', 'non-empty container image reference'],
      ['bad name', { name: 'mnist.training' }, 'name = "mnist.training"', 'DNS-1035 label of at most 47'],
      ['malformed instance type', { instanceType: MlInstanceType.of('p4d') }, 'instanceType = "p4d"', 'ml.<family>.<size>'],
      ['shared memory above the request', { sharedMemorySize: Size.gibibytes(64) }, 'sharedMemorySize = "64Gi"',
        'below the memory request (27596Mi)'],
    ])('%s', (_rule, props, valueText, allowedText) => {
      const message = errorOf(props as Partial<KubeTrainingJobProps>);
      expect(message).toContain("KubeTrainingJob at 'test/Training'");
      expect(message).toContain(valueText);
      expect(message).toContain(allowedText);
    });
  });
});

describe('security profiles', () => {
  test('RESTRICTED (default): non-root, read-only root filesystem', () => {
    const { pod, container } = synth();
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('BASELINE, for Deep Learning Containers: the image user, no privilege escalation, init containers still restricted', () => {
    const { pod, container, objects } = synth({ securityProfile: KubeSecurityProfile.BASELINE });
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
    });
    for (const init of pod.initContainers ?? []) expect(init.securityContext.runAsNonRoot).toBe(true);
    validateK8sManifests(objects);
  });
});

describe('per-run Job names', () => {
  test('the Job is named <name>-<12 hex digits>; the same configuration gives the same name, the ServiceAccount keeps the base name', () => {
    const first = synth();
    expect(first.job).toMatch(/^mnist-training-[0-9a-f]{12}$/);
    expect(first.of('Job').metadata.name).toBe(first.job);
    expect(synth().job).toBe(first.job);
    // IRSA trust policies name the service account: it must not change with every run.
    expect(first.of('ServiceAccount').metadata.name).toBe('mnist-training');
    expect(first.pod.serviceAccountName).toBe('mnist-training');
  });

  test('a new retrainTrigger, image or hyperparameter is a new run; the TTL is not', () => {
    const base = synth().job;
    expect(synth({ retrainTrigger: 'data-v2' }).job).not.toBe(base);
    expect(synth({ retrainTrigger: 'data-v2' }).job).toBe(synth({ retrainTrigger: 'data-v2' }).job);
    expect(synth({ image: `${IMAGE}-rc1` }).job).not.toBe(base);
    expect(synth({ hyperparameters: { epochs: '6' } }).job).not.toBe(base);
    expect(synth({ ttlAfterFinished: Duration.hours(2) }).job).toBe(base);
  });

  test('anything else in the (immutable) pod template is a new run too: pull secrets, labels, helper images, placement', () => {
    const base = synth().job;
    for (const change of [
      { imagePullSecrets: ['regcred'] }, { partOf: 'vision' }, { s3DownloaderImage: 'mirror/aws-cli:2.17.0' },
      { resources: { nodeSelector: { pool: 'gpu' } } }, { modelOutput: KubeModelOutput.toS3('s3://model-bucket/other/') },
    ] as Partial<KubeTrainingJobProps>[]) {
      expect(synth(change).job).not.toBe(base);
    }
    // The ServiceAccount's annotations are not in the pod template: a new role is not a new run.
    expect(synth({ identity: KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/x') }).job).toBe(base);
  });

  test('a base name longer than 47 characters is rejected, so <job>-<rank> stays a 63-character host name', () => {
    expect(errorOf({ name: `m${'x'.repeat(47)}` })).toContain('DNS-1035 label of at most 47 characters');
    expect(synth({ name: `m${'x'.repeat(46)}` }).job.length).toBe(60);
  });
});

test('node autoscalers (Karpenter, Cluster Autoscaler) leave a running training pod alone: it cannot resume where it stopped', () => {
  const { objects } = synth();
  const template = objects.find((o) => o.kind === 'Job').spec.template;
  expect(template.metadata.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true', 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
});

describe('model upload to S3', () => {
  const OUTPUT = KubeModelOutput.toS3('s3://model-bucket/mnist');

  test('training runs as the last init container but one, then pack-model; upload-model is the main container', () => {
    const { pod, training, job, objects } = synth({ modelOutput: OUTPUT });
    validateK8sManifests(objects);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['fetch-0-train', 'fetch-1-test-v2', 'training', 'pack-model']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['upload-model']);
    expect(training.modelArtifactUri).toBe(`s3://model-bucket/mnist/${job}/output/model.tar.gz`);
    const upload = pod.containers[0];
    expect(upload.image).toBe('public.ecr.aws/aws-cli/aws-cli:2.17.0');
    expect(upload.env).toContainEqual({ name: 'MODEL_S3_URI', value: training.modelArtifactUri });
    expect(upload.command[2]).toContain('aws s3 cp --only-show-errors "$ARCHIVE" "$MODEL_S3_URI"');
    const pack = pod.initContainers[3];
    expect(pack.image).toBe('busybox:1.36.1');
    expect(pack.command[2]).toContain('tar -czf "$ARCHIVE" -C "$MODEL_DIR" .');
    expect(pack.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'model', emptyDir: {} });
    expect(pod.volumes).toContainEqual({ name: 'archive', emptyDir: {} });
  });

  test('the upload never replaces a model already at the run\'s key (a run re-created after its TTL cannot swap the served model)', () => {
    // GIVEN the rendered upload script and a fake `aws` that logs its calls; `ls` succeeds when the object "exists"
    const { pod } = synth({ modelOutput: OUTPUT });
    const upload = pod.containers[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-'));
    fs.writeFileSync(path.join(dir, 'aws'), '#!/bin/sh\necho "$*" >> "$CALLS"\n[ "$2" != ls ] || [ -n "$EXISTS" ]\n', { mode: 0o755 });
    const run = (exists: boolean) => {
      const calls = path.join(dir, exists ? 'calls-exists' : 'calls-new');
      const env: { [key: string]: string } = { PATH: `${dir}:${process.env.PATH}`, CALLS: calls, EXISTS: exists ? '1' : '' };
      for (const e of upload.env) if (e.value !== undefined) env[e.name] = e.value;
      const out = execFileSync(upload.command[0], [...upload.command.slice(1)], { env, encoding: 'utf8' });
      return { out, calls: fs.readFileSync(calls, 'utf8').trim().split('\n') };
    };
    // WHEN the key is free THEN the archive is copied there
    const fresh = run(false);
    expect(fresh.calls.some((c) => c.startsWith('s3 cp '))).toBe(true);
    // WHEN a model is already there THEN it is left alone and the Job still succeeds
    const existing = run(true);
    expect(existing.calls.some((c) => c.startsWith('s3 cp '))).toBe(false);
    expect(existing.out).toMatch(/already/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the training init container keeps the GPU, env and /opt/ml layout; pack and upload are small', () => {
    const { pod } = synth({ modelOutput: OUTPUT });
    const training = pod.initContainers.find((c: any) => c.name === 'training');
    expect(training.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(training.args).toEqual(['train']);
    expect(training.volumeMounts).toContainEqual({ name: 'model', mountPath: '/opt/ml/model' });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } });
  });

  test('the new containers run under the restricted Pod Security Standard, even for a BASELINE training image', () => {
    const { pod } = synth({ modelOutput: OUTPUT, securityProfile: KubeSecurityProfile.BASELINE });
    const restricted = {
      runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    };
    for (const name of ['pack-model', 'upload-model']) {
      const c = [...pod.initContainers, ...pod.containers].find((x: any) => x.name === name);
      expect(c.securityContext).toMatchObject(restricted);
    }
    expect(pod.initContainers.find((c: any) => c.name === 'training').securityContext.readOnlyRootFilesystem).toBeUndefined();
  });

  test('distributed: only rank 0 packs and uploads; every pod gets RANK from its completion index', () => {
    const { pod } = synth({ modelOutput: OUTPUT, instanceCount: 2 });
    for (const c of [pod.initContainers.find((x: any) => x.name === 'pack-model'), pod.containers[0]]) {
      expect(c.env[0]).toEqual({ name: 'RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
      expect(c.command[2]).toContain('if [ "${RANK:-0}" != "0" ]; then');
    }
  });

  test('a bad output URI is rejected', () => {
    expect(errorOf({ modelOutput: KubeModelOutput.toS3('s3://Bad_Bucket') })).toContain('modelOutput = "s3://Bad_Bucket/"');
  });
});

describe('training NetworkPolicy', () => {
  test('single pod: no ingress at all; egress to DNS and HTTPS only', () => {
    const { of, job } = synth();
    expect(of('NetworkPolicy').metadata.name).toBe(job);
    expect(of('NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mnist-training', 'app.kubernetes.io/instance': job, 'app.kubernetes.io/component': 'training-job' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        { ports: [{ port: 443, protocol: 'TCP' }] },
      ],
    });
  });

  test('distributed: ingress and egress between the pods of the same run (rendezvous and collective ports)', () => {
    const { of, job } = synth({ instanceCount: 2 });
    const own = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mnist-training', 'app.kubernetes.io/instance': job, 'app.kubernetes.io/component': 'training-job' } } };
    expect(of('NetworkPolicy').spec.ingress).toEqual([{ from: [own] }]);
    expect(of('NetworkPolicy').spec.egress[0]).toEqual({ to: [own] });
  });
});

describe('identity and image pull secrets (shared workload options)', () => {
  test('IRSA role annotation on the ServiceAccount, pull secrets on the pod', () => {
    const { of, pod } = synth({
      identity: KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/train'), imagePullSecrets: ['ecr-pull'],
    });
    expect(of('ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/train' });
    expect(pod.imagePullSecrets).toEqual([{ name: 'ecr-pull' }]);
  });

  test('EKS Pod Identity needs no annotation', () => {
    expect(synth({ identity: KubePodIdentity.eksPodIdentity() }).of('ServiceAccount').metadata.annotations).toBeUndefined();
  });

  test('a bad pull secret name is rejected', () => {
    expect(errorOf({ imagePullSecrets: ['Bad_Secret'] })).toContain('imagePullSecrets[0] = "Bad_Secret"');
  });
});
