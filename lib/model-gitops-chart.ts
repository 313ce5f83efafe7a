import { ApiObject, App, Chart, ChartProps, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../constructs/core';
import { ArgoCdApplication, ArgoCdApplicationSet, ArgoCdSyncOptions } from '../constructs/k8s';

/** Properties of a {@link ModelGitOpsChart}. */
export interface ModelGitOpsChartProps extends ChartProps, ArgoCdSyncOptions {
  /** The charts whose synthesized files are committed to the repository (each becomes one Application). */
  readonly charts: Chart[];
  /** Folder of the repository the synthesized files are committed to, e.g. `deploy/k8s`. */
  readonly path: string;
  /** One ApplicationSet (list generator) instead of one Application per chart. @default false */
  readonly applicationSet?: boolean;
}

/**
 * The Argo CD side of a platform: one `Application` per chart (or one `ApplicationSet` for all), each
 * following the chart's own file (`<chart>.k8s.yaml`) in the folder the synthesized YAML is committed to.
 * Apply this chart's file once (`kubectl apply -n argocd -f argocd.k8s.yaml`); from then on a commit
 * is a deployment. Keep its own file out of `path`'s Applications: each Application includes only its
 * chart's file.
 */
export class ModelGitOpsChart extends Chart {
  /** The Applications, one per chart (empty with `applicationSet`). */
  public readonly applications: ArgoCdApplication[] = [];
  /** The ApplicationSet, with `applicationSet`. */
  public readonly applicationSetResource?: ArgoCdApplicationSet;

  constructor(scope: Construct, id: string, props: ModelGitOpsChartProps) {
    super(scope, id, props);
    const check = new PropsCheck(this, 'ModelGitOpsChart');
    check.require(props.charts.length > 0, 'charts', props.charts, 'must hold at least one chart');
    check.require(!props.charts.includes(this), 'charts', id, 'must not include the GitOps chart itself (it is applied once, by hand)');
    check.throwIfInvalid();

    protectSharedNamespaces(props.charts);
    const ext = App.of(this).outputFileExtension;
    const files = props.charts.map((chart) => ({ name: Names.toDnsLabel(chart), include: `${Names.toDnsLabel(chart)}${ext}` }));
    const sync: ArgoCdSyncOptions = {
      repoUrl: props.repoUrl, targetRevision: props.targetRevision, project: props.project, argoCdNamespace: props.argoCdNamespace,
      destinationServer: props.destinationServer, autoSync: props.autoSync, selfHeal: props.selfHeal, prune: props.prune,
      deleteResourcesWithApplication: props.deleteResourcesWithApplication,
    };
    if (props.applicationSet) {
      this.applicationSetResource = new ArgoCdApplicationSet(this, 'Models', {
        ...sync, name: Names.toDnsLabel(this), elements: files.map((f) => ({ ...f, path: props.path })),
      });
    } else {
      for (const f of files) {
        this.applications.push(new ArgoCdApplication(this, f.name, { ...sync, name: f.name, path: props.path, include: f.include }));
      }
    }
  }
}

/**
 * A Namespace rendered by one chart but holding other charts' objects too (several models in one namespace) would
 * be deleted with its Application (the resources finalizer), or pruned when its file leaves git, taking every other
 * Application's objects with it. Argo CD's `Delete=false,Prune=false` keeps it; delete it by hand once it is empty.
 */
function protectSharedNamespaces(charts: Chart[]): void {
  for (const chart of charts) {
    const namespaces = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace' && c.apiVersion === 'v1');
    for (const ns of namespaces) {
      if (!charts.some((other) => other !== chart && other.namespace === ns.name)) continue;
      ns.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'Delete=false,Prune=false');
    }
  }
}
