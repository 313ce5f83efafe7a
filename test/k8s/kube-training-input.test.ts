/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { MlInstanceType } from '../../constructs/core/instance-type';
import {
  KubeModelOutput, KubeTrainingInput, KubeTrainingInputBindOptions, KubeTrainingInputConfig, KubeTrainingJob, KubeTrainingJobProps,
} from '../../constructs/k8s';
import { validateK8sManifests } from './validate-manifests';

const BASE: KubeTrainingJobProps = {
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:1.4.2',
  instanceType: MlInstanceType.G5_2XLARGE,
  modelOutput: KubeModelOutput.toPersistentVolumeClaim('mnist-models'),
};

function synth(props: Partial<KubeTrainingJobProps>) {
  const chart = Testing.chart();
  const training = new KubeTrainingJob(chart, 'Training', { ...BASE, ...props });
  const objects: any[] = Testing.synth(chart);
  const pod = objects.find((o) => o.kind === 'Job').spec.template.spec;
  return { training, objects, pod, trainingContainer: pod.initContainers?.find((c: any) => c.name === 'training') ?? pod.containers[0] };
}

function errorOf(props: Partial<KubeTrainingJobProps>): string {
  try {
    synth(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to reject its props');
}

describe('KubeTrainingInput', () => {
  test('fromS3Uri renders exactly what the s3Uri shorthand renders (same Job, same name)', () => {
    const shorthand = synth({ inputChannels: [{ name: 'train', s3Uri: 's3://data-bucket/mnist/train/' }] });
    const input = synth({ inputChannels: [{ name: 'train', input: KubeTrainingInput.fromS3Uri('s3://data-bucket/mnist/train/') }] });
    expect(input.objects).toEqual(shorthand.objects);
    expect(input.training.jobName).toBe(shorthand.training.jobName);
    expect(input.pod.initContainers.map((c: any) => c.name)).toContain('fetch-0-train');
  });

  test('fromPersistentVolumeClaim mounts the claim read-only at the channel directory, with no fetch container', () => {
    const { objects, pod, trainingContainer } = synth({
      inputChannels: [
        { name: 'train', input: KubeTrainingInput.fromS3Uri('s3://data-bucket/mnist/train/') },
        { name: 'images', input: KubeTrainingInput.fromPersistentVolumeClaim('imagenet', { subPath: 'train/2024' }) },
      ],
    });
    expect(pod.volumes).toContainEqual({ name: 'input-1', persistentVolumeClaim: { claimName: 'imagenet', readOnly: true } });
    expect(trainingContainer.volumeMounts).toContainEqual({ name: 'input-1', mountPath: '/opt/ml/input/data/images', readOnly: true, subPath: 'train/2024' });
    // Only the S3 channel is fetched; the claim is read in place.
    const fetches = (pod.initContainers ?? []).filter((c: any) => c.name.startsWith('fetch-'));
    expect(fetches.map((c: any) => c.name)).toEqual(['fetch-0-train']);
    expect(JSON.stringify(fetches)).not.toContain('imagenet');
    // SM_CHANNEL_IMAGES points at the mount, as for any channel.
    expect(trainingContainer.env).toContainEqual({ name: 'SM_CHANNEL_IMAGES', value: '/opt/ml/input/data/images' });
    validateK8sManifests(objects);
  });

  test('a claim without subPath mounts its root', () => {
    const { trainingContainer } = synth({ inputChannels: [{ name: 'train', input: KubeTrainingInput.fromPersistentVolumeClaim('mnist') }] });
    expect(trainingContainer.volumeMounts).toContainEqual({ name: 'input-0', mountPath: '/opt/ml/input/data/train', readOnly: true });
  });

  test('a new kind of input is one subclass: the Job renders what its bind() returns', () => {
    class DataSetCatalogInput extends KubeTrainingInput {
      public readonly bound: string[] = [];
      constructor(private readonly dataSet: string) { super(); }
      public bind(scope: Construct, options: KubeTrainingInputBindOptions): KubeTrainingInputConfig {
        this.bound.push(`${scope.node.path}:${options.channelName}`);
        return { claimName: `catalog-${this.dataSet}` };
      }
    }
    const input = new DataSetCatalogInput('mnist');
    const { pod } = synth({ inputChannels: [{ name: 'train', input }] });
    expect(input.bound).toEqual(['test/Training:train']);
    expect(pod.volumes).toContainEqual({ name: 'input-0', persistentVolumeClaim: { claimName: 'catalog-mnist', readOnly: true } });
  });

  test.each([
    ['neither s3Uri nor input', [{ name: 'train' }], 'inputChannels[0].s3Uri = undefined', 'give s3Uri or input'],
    ['both s3Uri and input', [{ name: 'train', s3Uri: 's3://data-bucket/a/', input: KubeTrainingInput.fromS3Uri('s3://data-bucket/a/') }],
      'inputChannels[0].s3Uri = "s3://data-bucket/a/"', 'must be omitted when input is given'],
    ['input that is not a KubeTrainingInput (plain JavaScript)', [{ name: 'train', input: 's3://data-bucket/a/' }],
      'inputChannels[0].input = "s3://data-bucket/a/"', 'must be a KubeTrainingInput'],
    ['a bad S3 URI through fromS3Uri', [{ name: 'train', input: KubeTrainingInput.fromS3Uri('s3://Bad_Bucket/x') }],
      'inputChannels[0].input.s3Uri = "s3://Bad_Bucket/x"', 's3://<bucket>/<key>'],
    ['a claim name that is no DNS-1123 subdomain', [{ name: 'train', input: KubeTrainingInput.fromPersistentVolumeClaim('My_Claim') }],
      'inputChannels[0].input.claimName = "My_Claim"', 'DNS-1123 subdomain'],
    ['a subPath escaping the claim', [{ name: 'train', input: KubeTrainingInput.fromPersistentVolumeClaim('mnist', { subPath: '../secrets' }) }],
      'inputChannels[0].input.claimSubPath = "../secrets"', 'relative path inside the claim'],
    ['an absolute subPath', [{ name: 'train', input: KubeTrainingInput.fromPersistentVolumeClaim('mnist', { subPath: '/etc' }) }],
      'inputChannels[0].input.claimSubPath = "/etc"', 'relative path inside the claim'],
  ])('%s: one error naming the prop and what is allowed', (_label, inputChannels, where, allowed) => {
    const message = errorOf({ inputChannels: inputChannels as any });
    expect(message).toContain('test/Training');
    expect(message).toContain(where);
    expect(message).toContain(allowed);
  });

  test('a custom input returning both sources (or none) is refused, naming the input', () => {
    const both = { bind: () => ({ s3Uri: 's3://data-bucket/a/', claimName: 'mnist' }) } as unknown as KubeTrainingInput;
    expect(errorOf({ inputChannels: [{ name: 'train', input: both }] })).toMatch(/inputChannels\[0\]\.input = .*must give exactly one of s3Uri or claimName/);
    const none = { bind: () => ({}) } as unknown as KubeTrainingInput;
    expect(errorOf({ inputChannels: [{ name: 'train', input: none }] })).toMatch(/inputChannels\[0\]\.input = .*must give exactly one of s3Uri or claimName/);
  });

  test('plain-JavaScript mistakes are one error naming the prop, not a TypeError', () => {
    // A null channel, a single channel instead of a list, a bind() that returns nothing.
    expect(errorOf({ inputChannels: [null as any] })).toMatch(/KubeTrainingJob at 'test\/Training': invalid prop\n {2}- inputChannels\[0\] = null: must be a channel/);
    expect(errorOf({ inputChannels: { name: 'train', s3Uri: 's3://data-bucket/a/' } as any })).toMatch(/- inputChannels = .*: must be a list of channels/);
    const nothing = { bind: () => undefined } as unknown as KubeTrainingInput;
    expect(errorOf({ inputChannels: [{ name: 'train', input: nothing }] })).toMatch(/- inputChannels\[0\]\.input = .*must give exactly one of s3Uri or claimName/);
  });
});
