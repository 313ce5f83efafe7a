import { validateK8sManifests, VALIDATED_KINDS } from './validate-manifests';

const deployment = (replicas: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});

describe('validateK8sManifests', () => {
  test('accepts valid objects', () => {
    expect(() => validateK8sManifests([deployment(2), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }])).not.toThrow();
  });

  test('names the kind and name of the first invalid object', () => {
    expect(() => validateK8sManifests([deployment('two')])).toThrow(/Deployment 'web' \(object 0, apps\/v1\) is invalid: .*replicas must be integer/);
  });

  test('rejects a kind it has no schema for instead of skipping it', () => {
    expect(() => validateK8sManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toThrow(/Widget 'w'.*no schema for example.com\/v1\/Widget/);
  });

  test('knows every kind the k8s constructs render', () => {
    expect(VALIDATED_KINDS).toEqual(expect.arrayContaining(['apps/v1/Deployment', 'v1/Service', 'autoscaling/v2/HorizontalPodAutoscaler',
      'policy/v1/PodDisruptionBudget', 'v1/ServiceAccount', 'networking.k8s.io/v1/NetworkPolicy', 'batch/v1/Job', 'v1/ConfigMap']));
  });
});
