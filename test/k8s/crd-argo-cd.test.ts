import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication, ArgoCdApplicationProps, ArgoCdApplicationSet } from '../../constructs/k8s';
import { errorOf, only, synthValid } from './crd-fixtures';

const REPO = 'https://github.com/example/ml-platform.git';
const chartIn = (namespace?: string) => new Chart(Testing.app(), 'gitops', { namespace });

function application(props: Partial<ArgoCdApplicationProps> = {}) {
  const chart = chartIn('ml-serving');
  new ArgoCdApplication(chart, 'Digits', { repoUrl: REPO, path: 'deploy/k8s', include: 'digits.k8s.yaml', ...props });
  return only(synthValid(chart), 'Application');
}

describe('ArgoCdApplication', () => {
  test('one committed file, automated sync with self-heal, no prune, retries, in Argo CD\'s namespace', () => {
    const app = application();
    expect(app.metadata).toMatchObject({ name: 'digits', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(app.spec).toEqual({
      project: 'default',
      source: { repoURL: REPO, targetRevision: 'HEAD', path: 'deploy/k8s', directory: { include: 'digits.k8s.yaml' } },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {
        automated: { selfHeal: true, prune: false },
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        syncOptions: ['PruneLast=true'],
      },
    });
  });

  test('prune, a revision, a project, a wave; manual sync and no cascade on request', () => {
    const app = application({ prune: true, targetRevision: 'main', project: 'ml', syncWave: 5, destinationNamespace: 'ml-serving' });
    expect(app.spec.syncPolicy.automated).toEqual({ selfHeal: true, prune: true });
    expect(app.spec.source.targetRevision).toBe('main');
    expect(app.spec.project).toBe('ml');
    expect(app.spec.destination.namespace).toBe('ml-serving');
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '5' });
    const manual = application({ autoSync: false, deleteResourcesWithApplication: false });
    expect(manual.spec.syncPolicy.automated).toBeUndefined();
    expect(manual.metadata.finalizers).toBeUndefined();
  });

  test('rejects a non-git URL, an escaping path, and heal/prune without automated sync', () => {
    const message = errorOf(() => application({ repoUrl: 'github.com/example/x', path: '../secrets', autoSync: false, selfHeal: true, prune: true }));
    expect(message).toContain("ArgoCdApplication at 'gitops/Digits': 4 invalid props");
    expect(message).toContain('repoUrl = "github.com/example/x": must be a git URL');
    expect(message).toContain('path = "../secrets": must be a folder relative to the repository root');
    expect(message).toContain('selfHeal = true: must be omitted with autoSync: false');
    expect(message).toContain('prune = true: must be omitted with autoSync: false');
  });
});

describe('ArgoCdApplicationSet', () => {
  test('one Application per model and environment from a list generator, same sync policy', () => {
    const chart = chartIn();
    new ArgoCdApplicationSet(chart, 'Models', {
      repoUrl: REPO, prune: true,
      elements: [
        { name: 'digits-staging', path: 'deploy/staging', include: 'digits.k8s.yaml' },
        { name: 'digits-prod', path: 'deploy/prod', include: 'digits.k8s.yaml', destinationNamespace: 'ml-prod' },
      ],
    });
    const set = only(synthValid(chart), 'ApplicationSet');
    expect(set.metadata).toMatchObject({ name: 'models', namespace: 'argocd' });
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.generators).toEqual([{ list: { elements: [
      { name: 'digits-staging', path: 'deploy/staging', include: 'digits.k8s.yaml', namespace: '' },
      { name: 'digits-prod', path: 'deploy/prod', include: 'digits.k8s.yaml', namespace: 'ml-prod' },
    ] } }]);
    expect(set.spec.template.metadata.name).toBe('{{.name}}');
    expect(set.spec.template.spec.source).toEqual({ repoURL: REPO, targetRevision: 'HEAD', path: '{{.path}}', directory: { include: '{{.include}}' } });
    expect(set.spec.template.spec.syncPolicy.automated).toEqual({ selfHeal: true, prune: true });
  });

  test('rejects no elements and duplicate names', () => {
    const chart = chartIn();
    expect(errorOf(() => new ArgoCdApplicationSet(chart, 'Empty', { repoUrl: REPO, elements: [] }))).toContain('elements = [0 items]: must hold at least one element');
    expect(errorOf(() => new ArgoCdApplicationSet(chart, 'Dup', { repoUrl: REPO, elements: [{ name: 'a', path: 'x' }, { name: 'a', path: 'y' }] })))
      .toContain('elements[1].name = "a": must be unique');
  });
});
