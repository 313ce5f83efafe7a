/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { KubeModelNamespace, KubeSecurityProfile } from '../../constructs/k8s';
import { applySyncWaves, SYNC_WAVE_ANNOTATION, syncWaveOf } from '../../constructs/k8s/private/sync-wave';
import { validateK8sManifests } from './validate-manifests';

describe('sync waves', () => {
  test.each([
    ['Namespace', undefined, -2],
    ['ServiceAccount', 'model-server', -1],
    ['ConfigMap', 'training-job', -1],
    ['NetworkPolicy', 'training-job', -1],
    ['PersistentVolumeClaim', undefined, -1],
    ['NodePool', undefined, -1],
    ['Job', 'training-job', 0],
    ['Service', 'training-job', 0], // the headless rendezvous Service must exist while the Job runs
    ['Deployment', 'model-server', 1],
    ['Rollout', 'model-server', 1],
    ['ScaledObject', undefined, 1],
  ])('%s (%s) is in wave %d', (kind, component, wave) => {
    expect(syncWaveOf(kind, component)).toBe(wave);
  });

  test('Argo CD objects themselves are not ordered', () => {
    expect(syncWaveOf('Application', undefined)).toBeUndefined();
    expect(syncWaveOf('ApplicationSet', undefined)).toBeUndefined();
  });

  test('applySyncWaves annotates every object once and keeps a wave set by its construct', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    new ApiObject(chart, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', annotations: { [SYNC_WAVE_ANNOTATION]: '7' } } });
    applySyncWaves(chart);
    applySyncWaves(chart);
    const objects: any[] = Testing.synth(chart);
    expect(objects.map((o) => o.metadata.annotations[SYNC_WAVE_ANNOTATION])).toEqual(['-1', '7']);
  });
});

describe('KubeModelNamespace', () => {
  test('a cluster-scoped Namespace (no metadata.namespace) with Pod Security Admission labels', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ml' });
    new KubeModelNamespace(chart, 'Namespace', { name: 'ml', enforce: KubeSecurityProfile.BASELINE });
    const [ns]: any[] = Testing.synth(chart);
    validateK8sManifests([ns]);
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('a chart without a namespace renders the Namespace as it is', () => {
    const chart = Testing.chart();
    new KubeModelNamespace(chart, 'Namespace', { name: 'ml' });
    expect(Testing.synth(chart)[0].metadata).toMatchObject({ name: 'ml' });
  });

  test('rejects a name that is not a DNS label', () => {
    expect(() => new KubeModelNamespace(Testing.chart(), 'Namespace', { name: 'ML_Serving' }))
      .toThrow(/KubeModelNamespace at 'test\/Namespace'.*\n.*name = "ML_Serving": must be a namespace name: a DNS-1123 label/);
  });
});
