/** How Argo CD keeps an application in sync with git (shared by `ArgoCdApplication` and `ArgoCdApplicationSet`). */
export interface ArgoCdSyncOptions {
  /** Repository holding the committed YAML, e.g. `https://github.com/example/ml-platform.git`. */
  readonly repoUrl: string;
  /** Branch, tag or commit to follow. @default 'HEAD' */
  readonly targetRevision?: string;
  /** Argo CD project. @default 'default' */
  readonly project?: string;
  /** Namespace Argo CD runs in (where Application objects live). @default 'argocd' */
  readonly argoCdNamespace?: string;
  /** Cluster API server to deploy to. @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) */
  readonly destinationServer?: string;
  /** Sync on every new commit (and on drift, with `selfHeal`). @default true */
  readonly autoSync?: boolean;
  /** With `autoSync`: undo changes made in the cluster by hand. @default true */
  readonly selfHeal?: boolean;
  /** With `autoSync`: delete objects that were removed from git. @default false (a removed file never deletes a running model by itself) */
  readonly prune?: boolean;
  /**
   * Delete the application's objects (pods, GPU nodes' workloads) when the Application is deleted
   * (the `resources-finalizer.argocd.argoproj.io` finalizer). @default true (nothing keeps running, and costing, unmanaged)
   */
  readonly deleteResourcesWithApplication?: boolean;
}

/** Where one application's YAML is in the repository. */
export interface ArgoCdSourceLocation {
  /** Folder in the repository, e.g. `deploy/k8s`. */
  readonly path: string;
  /** Glob of the files in `path` that belong to it, e.g. `digits.k8s.yaml`. @default - every file in `path` */
  readonly include?: string;
  /** Namespace objects without one are deployed to. @default - the namespace written in the YAML */
  readonly destinationNamespace?: string;
}

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
