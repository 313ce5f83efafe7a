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
