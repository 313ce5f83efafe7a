import { isCustomResource, strictTypeProblems, validateCrdManifests, VALIDATED_CRD_KINDS } from './validate-crds';

/** The strict CRD validator itself: it must reject what it claims to reject, or every CRD test proves nothing. */
describe('validateCrdManifests', () => {
  const rollout = () => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'digits' },
    spec: {
      selector: { matchLabels: { app: 'digits' } },
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'digits' },
      strategy: { canary: { steps: [{ setWeight: 25 }, { pause: { duration: '5m' } }] } },
    },
  });

  test('knows every CRD kind the constructs render', () => {
    expect(VALIDATED_CRD_KINDS).toEqual([
      'argoproj.io/v1alpha1/AnalysisTemplate', 'argoproj.io/v1alpha1/Application', 'argoproj.io/v1alpha1/ApplicationSet',
      'argoproj.io/v1alpha1/Rollout', 'karpenter.k8s.aws/v1/EC2NodeClass', 'karpenter.sh/v1/NodePool', 'keda.sh/v1alpha1/ScaledObject',
      'monitoring.coreos.com/v1/PodMonitor', 'monitoring.coreos.com/v1/PrometheusRule', 'monitoring.coreos.com/v1/ServiceMonitor',
    ]);
    expect(isCustomResource(rollout())).toBe(true);
    expect(isCustomResource({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(false);
  });

  test('accepts a well-formed Rollout', () => {
    expect(() => validateCrdManifests([rollout()])).not.toThrow();
  });

  test('rejects an unknown field deep inside the spec, naming the object and the field', () => {
    const bad = rollout();
    (bad.spec.strategy.canary.steps[1] as Record<string, unknown>).bogusField = true;
    expect(() => validateCrdManifests([rollout(), bad])).toThrow(/Rollout 'digits' \(object 1.*'"?bogusField"?' does not exist/s);
  });

  test('rejects an unknown top-level spec field and a wrong type', () => {
    const problems = strictTypeProblems([
      { ...rollout(), spec: { ...rollout().spec, replica: 3 } },
      { ...rollout(), spec: { ...rollout().spec, revisionHistoryLimit: 'five' } },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/object 0.*'"?replica"?' does not exist/);
    expect(problems[1]).toMatch(/object 1.*not assignable to type 'number'/);
  });

  test('runs the package schema too: a ScaledObject without scaleTargetRef fails', () => {
    expect(() => validateCrdManifests([{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'x' }, spec: { triggers: [] } }]))
      .toThrow(/ScaledObject 'x'.*scaleTargetRef/s);
  });

  test('rejects a kind it has no model for', () => {
    expect(() => validateCrdManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toThrow(/no CRD model/);
  });
});
