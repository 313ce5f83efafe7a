import { ArgoCdSourceLocation, ArgoCdSyncOptions } from '../argo-cd-sync-options';

/** The Argo CD Application rendering both `ArgoCdApplication` and `ArgoCdApplicationSet` share (internal). */

/** Namespace Argo CD runs in by default. */
export const DEFAULT_ARGO_CD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The `spec` of an Argo CD Application (the one place both constructs render it). */
export function renderApplicationSpec(sync: ArgoCdSyncOptions, source: ArgoCdSourceLocation): { [key: string]: unknown } {
  const autoSync = sync.autoSync ?? true;
  return {
    project: sync.project ?? 'default',
    source: {
      repoURL: sync.repoUrl,
      targetRevision: sync.targetRevision ?? 'HEAD',
      path: source.path,
      directory: source.include !== undefined ? { include: source.include } : undefined,
    },
    destination: { server: sync.destinationServer ?? IN_CLUSTER, namespace: source.destinationNamespace },
    syncPolicy: {
      automated: autoSync ? { selfHeal: sync.selfHeal ?? true, prune: sync.prune ?? false } : undefined,
      // Transient failures (a CRD not installed yet, the API server busy) are retried with backoff, then reported.
      retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      // Namespaces are rendered in the YAML (first sync wave); prune deletes only after the rest succeeded.
      syncOptions: ['PruneLast=true'],
    },
  };
}

/** Problems with the sync options, for a construct's PropsCheck. */
export function syncOptionProblems(sync: ArgoCdSyncOptions): Array<[prop: string, value: unknown, allowed: string]> {
  const problems: Array<[string, unknown, string]> = [];
  if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(sync.repoUrl)) {
    problems.push(['repoUrl', sync.repoUrl, 'must be a git URL starting with https://, ssh:// or git@']);
  }
  if (sync.autoSync === false) {
    if (sync.selfHeal !== undefined) problems.push(['selfHeal', sync.selfHeal, 'must be omitted with autoSync: false (only automated sync heals)']);
    if (sync.prune !== undefined) problems.push(['prune', sync.prune, 'must be omitted with autoSync: false (only automated sync prunes)']);
  }
  if (sync.destinationServer !== undefined && !/^https:\/\/\S+$/.test(sync.destinationServer)) {
    problems.push(['destinationServer', sync.destinationServer, 'must be the https:// URL of a cluster API server']);
  }
  return problems;
}
