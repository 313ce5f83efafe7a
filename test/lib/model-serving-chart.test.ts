/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cdk8s from 'cdk8s';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { KubeIngressSource, KubePodIdentity, KubeSecurityProfile, ModelServerMetrics } from '../../constructs/k8s';
import { DeploymentPolicy, ModelData } from '../../constructs/serving';
import { Hyperparameter } from '../../constructs/training';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { resolveModelDefinition } from '../../lib/private/model-defaults';
import { ModelServingChart, ModelServingChartProps } from '../../lib/model-serving-chart';
import { validateK8sManifests } from '../k8s/validate-manifests';

const WAVE = 'argocd.argoproj.io/sync-wave';

function definition(overrides: Partial<MlModelDefinition> = {}): MlModelDefinition {
  const repo = ecr.Repository.fromRepositoryName(new Stack(new App(), 'Images'), 'Repo', 'models');
  return {
    name: 'digits',
    instanceType: MlInstanceType.M5_LARGE,
    image: ContainerImage.fromEcrRepository(repo, 'digits'),
    kubernetesImage: 'example/digits:1.0.0',
    training: {
      instanceType: MlInstanceType.M5_XLARGE,
      channels: ['train', 'test'],
      hyperparameters: { epochs: Hyperparameter.fromInteger(3) },
      kubernetesDataUri: 's3://data-bucket/digits/',
      kubernetesOutputUri: 's3://model-bucket/digits/',
    },
    ...overrides,
  };
}

function synth(props: Partial<ModelServingChartProps> = {}) {
  const chart = new ModelServingChart(new cdk8s.App(), 'digits', { model: definition(), namespace: 'ml', ...props });
  const objects: any[] = chart.toJson();
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  return { chart, objects, all, of: (kind: string) => all(kind)[0] };
}

describe('ModelServingChart', () => {
  test('renders a schema-valid Namespace, training and serving; every namespaced object lands in the namespace', () => {
    const { objects, of } = synth();
    validateK8sManifests(objects);
    expect(of('Namespace').metadata).toEqual({
      name: 'ml',
      annotations: { [WAVE]: '-2' },
      labels: expect.objectContaining({
        'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
      }),
    });
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('ml');
  });

  test('the Namespace enforces the model\'s profile, or the one given for a shared namespace; opting out renders none', () => {
    const baseline = synth({ model: definition({ kubernetesSecurityProfile: KubeSecurityProfile.BASELINE }) });
    expect(baseline.of('Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const shared = synth({ namespaceSecurityProfile: ModelServingChart.namespaceSecurityProfileFor([
      definition(), definition({ name: 'vision', kubernetesSecurityProfile: KubeSecurityProfile.BASELINE }),
    ]) });
    expect(shared.of('Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(synth({ createNamespace: false }).all('Namespace')).toEqual([]);
    expect(synth({ namespace: undefined }).all('Namespace')).toEqual([]);
  });

  test('Argo CD sync waves on every object: namespace, then identities/config/policies, then training, then serving', () => {
    const { objects } = synth();
    const waves = objects.map((o) => [o.kind, o.metadata.labels?.['app.kubernetes.io/component'], o.metadata.annotations?.[WAVE]]);
    expect(waves.every(([, , w]) => w !== undefined)).toBe(true);
    const waveOf = (kind: string, component?: string) => Number(waves.find(([k, c]) => k === kind && (!component || c === component))![2]);
    expect(waveOf('Namespace')).toBe(-2);
    expect(waveOf('ServiceAccount', 'training-job')).toBe(-1);
    expect(waveOf('ConfigMap')).toBe(-1);
    expect(waveOf('NetworkPolicy', 'model-server')).toBe(-1);
    expect(waveOf('Job')).toBe(0);
    expect(waveOf('Deployment')).toBe(1);
    expect(waveOf('HorizontalPodAutoscaler')).toBe(1);
  });

  test('an object added later is ordered too, and a wave set by its construct is kept', () => {
    const { chart } = synth();
    new cdk8s.ApiObject(chart, 'Extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', annotations: { [WAVE]: '5' } } });
    new cdk8s.ApiObject(chart, 'Later', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'later' } });
    const objects: any[] = chart.toJson();
    expect(objects.find((o) => o.metadata.name === 'extra').metadata.annotations[WAVE]).toBe('5');
    expect(objects.find((o) => o.metadata.name === 'later').metadata.annotations[WAVE]).toBe('-1');
  });

  test('training uploads to <output>/<per-run job>/output/model.tar.gz and serving waits for exactly that key', () => {
    const { chart, of } = synth();
    const uri = `s3://model-bucket/digits/${chart.training!.jobName}/output/model.tar.gz`;
    expect(of('Job').spec.template.spec.containers[0].env).toContainEqual({ name: 'MODEL_S3_URI', value: uri });
    const init = of('Deployment').spec.template.spec.initContainers;
    expect(init[0]).toMatchObject({ name: 'wait-for-model' });
    expect(init[0].env).toContainEqual({ name: 'S3_URI', value: uri });
    // maxRuntime (30 minutes by default, as on SageMaker) plus 10 minutes.
    expect(init[0].env).toContainEqual({ name: 'WAIT_SECONDS', value: '2400' });
  });

  test('a retrain trigger is a new Job with a new name and a new model key; the same one renders identically', () => {
    const withTrigger = (trigger: string) => synth({ model: definition({ training: { ...definition().training!, retrainTrigger: trigger } }) });
    const v1 = withTrigger('data-v1');
    const v2 = withTrigger('data-v2');
    expect(v2.chart.training!.jobName).not.toBe(v1.chart.training!.jobName);
    expect(v2.chart.training!.modelArtifactUri).not.toBe(v1.chart.training!.modelArtifactUri);
    expect(withTrigger('data-v1').objects).toEqual(v1.objects);
  });

  test('without kubernetesOutputUri the model goes to the claim <model>-model and the pods wait for a file in it', () => {
    const { of } = synth({ model: definition({ training: { ...definition().training!, kubernetesOutputUri: undefined } }) });
    expect(of('Job').spec.template.spec.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'digits-model' } });
    expect(of('Deployment').spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-model']);
  });

  test('identities, pull secrets and allowed sources reach the objects', () => {
    const { all, of } = synth({
      servingIdentity: KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/serve'),
      trainingIdentity: KubePodIdentity.fromIrsaRoleArn('arn:aws:iam::123456789012:role/train'),
      imagePullSecrets: ['regcred'],
      ingressFrom: [KubeIngressSource.fromNamespace('ingress-nginx')],
    });
    const roleOf = (name: string) => all('ServiceAccount').find((sa: any) => sa.metadata.name === name).metadata.annotations['eks.amazonaws.com/role-arn'];
    expect(roleOf('digits')).toBe('arn:aws:iam::123456789012:role/serve');
    expect(roleOf('digits-train')).toBe('arn:aws:iam::123456789012:role/train');
    expect(of('Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(of('Job').spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const serving = all('NetworkPolicy').find((p: any) => p.metadata.name === 'digits');
    expect(serving.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
  });

  test('without ingressFrom the serving NetworkPolicy admits any source, on the serving port only', () => {
    const serving = synth().all('NetworkPolicy').find((p: any) => p.metadata.name === 'digits');
    expect(serving.spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  test('options Kubernetes cannot honour are warnings on the chart, not silently dropped', () => {
    const { chart } = synth({ model: definition({ training: {
      ...definition().training!, qualityGate: { metricName: 'test:accuracy', minimum: 0.9 }, spotMaxWait: Duration.hours(1),
    } }) });
    expect(chart.warnings).toEqual([
      expect.stringContaining('training.qualityGate (test:accuracy) is checked on SageMaker only'),
      expect.stringContaining('training.spotMaxWait is SageMaker managed spot'),
    ]);
    const annotations = chart.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(annotations.join('\n')).toContain('digits: training.qualityGate');
    const sageMakerOnly = synth({ model: definition({ training: undefined, modelData: ModelData.fromBucket(s3.Bucket.fromBucketName(new Stack(new App(), 'B'), 'Models', 'models'), 'model.tar.gz') }) }).chart;
    expect(sageMakerOnly.warnings).toEqual([expect.stringContaining('modelData is rendered for SageMaker only')]);
  });

  test('a continuous-training pipeline is a warning on the chart: it runs on SageMaker only', () => {
    const { chart } = synth({ model: definition({ pipeline: { schedule: events.Schedule.rate(Duration.days(7)) } }) });
    expect(chart.warnings).toEqual([expect.stringContaining('pipeline (continuous training: triggers, gate, registry, approval, Model Monitor) runs on SageMaker only')]);
    expect(chart.warnings[0]).toContain('training.retrainTrigger');
  });

  test('SageMaker rollout and scaling targets warn unless delivery renders them on Kubernetes', () => {
    const model = definition({
      instanceType: MlInstanceType.G5_XLARGE, deploymentPolicy: DeploymentPolicy.canary({ canaryPercent: 10 }),
      invocationsPerInstance: 500, gpuUtilizationPercent: 60,
    });
    expect(synth({ model }).chart.warnings).toEqual([
      expect.stringContaining('deploymentPolicy is rendered for the SageMaker endpoint'),
      expect.stringContaining('invocationsPerInstance and gpuUtilizationPercent scale the SageMaker endpoint'),
    ]);
    const delivered = synth({ model, delivery: { canary: {}, loadAutoscaling: {}, serverMetrics: ModelServerMetrics.referenceContainer() } }).chart;
    expect(delivered.warnings).toEqual([]);
    expect(synth().chart.warnings).toEqual([]);
  });

  test.each([
    ['a model URI while training on Kubernetes', { kubernetesModelDataUri: 's3://b/model.tar.gz' }, 'model.kubernetesModelDataUri = "s3://b/model.tar.gz"'],
    ['both an output URI and a claim', { training: { ...definition().training!, kubernetesModelClaim: 'c' } }, 'model.training.kubernetesModelClaim = "c"'],
  ])('rejects %s', (_rule, overrides, text) => {
    expect(() => synth({ model: definition(overrides as Partial<MlModelDefinition>) })).toThrow(text);
  });

  test('rejects createNamespace without a namespace', () => {
    expect(() => synth({ namespace: undefined, createNamespace: true })).toThrow('createNamespace = true: needs `namespace`');
  });
});

describe('one definition, both targets', () => {
  test('resolveModelDefinition fills the same defaults for both', () => {
    const resolved = resolveModelDefinition(definition());
    expect([resolved.minCapacity, resolved.maxCapacity]).toEqual([1, 4]);
    expect(resolved.training!.maxRuntime.toMinutes()).toBe(30);
    expect(resolved.training!.instanceCount).toBe(1);
    expect(resolveModelDefinition(definition({ minCapacity: 6 })).maxCapacity).toBe(6);
    expect(resolveModelDefinition(definition({ training: { ...definition().training!, channels: undefined } })).training!.channels)
      .toEqual(['train', 'validation', 'test']);
  });

  test('the stack and the chart of one definition agree on capacity and training runtime', () => {
    // GIVEN a definition that leaves capacity and runtime to the defaults
    const model = definition();
    // WHEN both targets render it
    const stack = new MlPlatformStack(new App(), 'P', { models: [model] });
    const template = Template.fromStack(stack);
    const { of } = synth({ model });
    // THEN min and max match
    const target = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0] as any;
    expect([of('HorizontalPodAutoscaler').spec.minReplicas, of('HorizontalPodAutoscaler').spec.maxReplicas])
      .toEqual([target.Properties.MinCapacity, target.Properties.MaxCapacity]);
    const endpointConfig = Object.values(template.findResources('AWS::SageMaker::EndpointConfig'))[0] as any;
    expect(endpointConfig.Properties.ProductionVariants[0].InitialInstanceCount).toBe(of('HorizontalPodAutoscaler').spec.minReplicas);
    // AND the training runtime matches
    const request = JSON.stringify(template.findResources('Custom::SageMakerTrainingJob'));
    const seconds = Number(/MaxRuntimeInSeconds\\?":(\d+)/.exec(request)?.[1]);
    expect(seconds).toBe(1800);
    expect(of('Job').spec.activeDeadlineSeconds).toBe(seconds);
  });
});
