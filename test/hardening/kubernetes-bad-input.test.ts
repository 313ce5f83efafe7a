import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as cdk8s from 'cdk8s';
import { Size, Testing } from 'cdk8s';
import { ContainerImage, MlInstanceType, MlopsValidationError, MlopsValidationFailure } from '../../constructs/core';
import {
  KubeCanaryAnalysis, KubeIngressSource, KubeModelNamespace, KubeModelOutput, KubeModelServing, KubeModelSource, KubePodIdentity, KubeSecurityProfile,
  KubeServiceMonitor, KubeTrainingJob,
} from '../../constructs/k8s';
import { ModelServingChart } from '../../lib/model-serving-chart';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2';

function errorOf(build: () => unknown): MlopsValidationFailure {
  try {
    build();
  } catch (e) {
    if (MlopsValidationError.isMlopsValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

const serving = (props: object = {}) => new KubeModelServing(Testing.chart(), 'Serving', { image: IMAGE, instanceType: MlInstanceType.M5_LARGE, ...props });

describe('namespace names: one DNS-1123 rule everywhere a namespace is taken', () => {
  test.each(['ML', 'ml_serving', '-ml', 'a'.repeat(64)])('%s is refused by KubeModelNamespace, ModelServingChart and ingressFrom', (name) => {
    expect(errorOf(() => new KubeModelNamespace(Testing.chart(), 'Ns', { name })).problems[0])
      .toEqual({ prop: 'name', value: JSON.stringify(name), allowed: expect.stringMatching(/^must be a namespace name: a DNS-1123 label/) });
    const repo = ecr.Repository.fromRepositoryName(new Stack(new App(), 'Images'), 'Repo', 'models');
    const chartError = errorOf(() => new ModelServingChart(new cdk8s.App(), 'digits', {
      model: { name: 'digits', instanceType: MlInstanceType.M5_LARGE, image: ContainerImage.fromEcrRepository(repo, 'digits'), kubernetesImage: 'example/digits:1.0.0' },
      namespace: name,
    }));
    expect(chartError.constructPath).toBe('digits');
    expect(chartError.problems.map((p) => p.prop)).toEqual(['namespace']);
    expect(errorOf(() => serving({ ingressFrom: [KubeIngressSource.fromNamespace(name)] })).problems.map((p) => p.prop))
      .toEqual(['ingressFrom[0].namespaceName']);
  });

  test('a namespace starting with a digit is a valid DNS-1123 label and is accepted', () => {
    expect(() => new KubeModelNamespace(Testing.chart(), 'Ns', { name: '1-ml' })).not.toThrow();
  });

  test('namespaceSecurityProfile without a namespace would be dropped silently: an error', () => {
    const repo = ecr.Repository.fromRepositoryName(new Stack(new App(), 'Images'), 'Repo', 'models');
    const error = errorOf(() => new ModelServingChart(new cdk8s.App(), 'digits', {
      model: { name: 'digits', instanceType: MlInstanceType.M5_LARGE, image: ContainerImage.fromEcrRepository(repo, 'digits'), kubernetesImage: 'example/digits:1.0.0' },
      namespaceSecurityProfile: KubeSecurityProfile.BASELINE,
    }));
    expect(error.problems).toEqual([{ prop: 'namespaceSecurityProfile', value: '"baseline"', allowed: expect.stringMatching(/^needs `namespace`/) }]);
  });
});

describe('label and annotation keys and values', () => {
  test('service-account annotations from KubePodIdentity.fromAnnotations are checked where the workload uses them', () => {
    const identity = KubePodIdentity.fromAnnotations({ 'bad key': 'x', 'example.com/ok': 'fine', '-x.io/name': 'y' });
    const error = errorOf(() => serving({ identity }));
    expect(error.constructPath).toBe('test/Serving');
    expect(error.problems.map((p) => p.prop)).toEqual(['identity.annotations["bad key"]', 'identity.annotations["-x.io/name"]']);
    expect(error.problems[0].allowed).toMatch(/keys are "\[prefix\/\]name"/);
  });

  test('serviceAccountAnnotations with a name part over 63 characters, or over 256 KiB in all, are refused', () => {
    expect(errorOf(() => serving({ serviceAccountAnnotations: { ['n'.repeat(64)]: 'x' } })).problems[0].prop)
      .toBe(`serviceAccountAnnotations["${'n'.repeat(64)}"]`);
    expect(errorOf(() => serving({ serviceAccountAnnotations: { big: 'x'.repeat(256 * 1024) } })).problems[0])
      .toEqual({ prop: 'serviceAccountAnnotations', value: `"${256 * 1024 + 3} bytes"`, allowed: expect.stringMatching(/256 KiB/) });
  });

  test('pod labels of an ingress source and prometheusSelectorLabels must be labels', () => {
    const error = errorOf(() => serving({ ingressFrom: [KubeIngressSource.fromPods({ app: 'has space' })] }));
    expect(error.problems).toEqual([{ prop: 'ingressFrom[0].podLabels["app"]', value: '"has space"', allowed: expect.stringMatching(/label values/) }]);
    const s = serving();
    const chart = s.node.scope as cdk8s.Chart;
    const monitorError = errorOf(() => new KubeServiceMonitor(chart, 'Monitor', { serving: s, prometheusSelectorLabels: { 'release/': 'kps' } }));
    expect(monitorError.problems.map((p) => p.prop)).toEqual(['prometheusSelectorLabels["release/"]']);
  });

  test('canary analysis labels and namespace', () => {
    const error = errorOf(() => new KubeCanaryAnalysis(Testing.chart(), 'Analysis', {
      name: 'digits-analysis', serviceName: 'digits', namespaceName: 'ML', labels: { team: 'x'.repeat(64) },
    }));
    expect(error.problems.map((p) => p.prop)).toEqual(['namespaceName', 'labels["team"]']);
  });
});

describe('zero-sized scratch volumes', () => {
  test('KubeModelServing scratchSize 0 is refused; 1 MiB is accepted', () => {
    expect(errorOf(() => serving({ scratchSize: Size.gibibytes(0) })).problems).toEqual([
      { prop: 'scratchSize', value: '"0Gi"', allowed: expect.stringMatching(/^must be at least 1 MiB/) }]);
    expect(() => serving({ scratchSize: Size.mebibytes(1) })).not.toThrow();
  });

  test('KubeTrainingJob scratchSize 0 is refused', () => {
    const error = errorOf(() => new KubeTrainingJob(Testing.chart(), 'Training', {
      image: IMAGE, instanceType: MlInstanceType.M5_XLARGE, modelOutput: KubeModelOutput.toPersistentVolumeClaim('models'), scratchSize: Size.mebibytes(0),
    }));
    expect(error.problems.map((p) => p.prop)).toEqual(['scratchSize']);
  });
});

describe('props another prop would silently drop', () => {
  test('modelUnpackImage with a baked model is refused; with an S3 model it is used', () => {
    expect(errorOf(() => serving({ modelUnpackImage: 'busybox:1.37' })).problems.map((p) => p.prop)).toEqual(['modelUnpackImage']);
    const s = serving({ modelUnpackImage: 'busybox:1.37', modelSource: KubeModelSource.fromS3Uri('s3://models-bucket/m/model.tar.gz') });
    expect(JSON.stringify(Testing.synth(s.node.scope as cdk8s.Chart))).toContain('busybox:1.37');
  });

  test('modelPackImage without an S3 model output is refused', () => {
    const error = errorOf(() => new KubeTrainingJob(Testing.chart(), 'Training', {
      image: IMAGE, instanceType: MlInstanceType.M5_XLARGE, modelOutput: KubeModelOutput.toPersistentVolumeClaim('models'), modelPackImage: 'busybox:1.37',
    }));
    expect(error.problems.map((p) => p.prop)).toEqual(['modelPackImage']);
  });
});
