import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeSyncWave } from '../kube-sync-wave';

/** The annotation Argo CD orders a sync by: lower waves are applied (and must be healthy) first. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

const WAVE_NUMBER: Record<KubeSyncWave, number> = {
  [KubeSyncWave.NAMESPACE]: -2,
  [KubeSyncWave.SETUP]: -1,
  [KubeSyncWave.TRAINING]: 0,
  [KubeSyncWave.SERVING]: 1,
};

/** Kinds every pod of the model depends on, whichever component they belong to. */
const SETUP_KINDS = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'NetworkPolicy', 'PersistentVolumeClaim', 'NodePool', 'EC2NodeClass']);
/** Objects that configure the sync itself are not part of the waves. */
const UNORDERED_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);
const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** The component label of training objects (see `KubeTrainingJob`). */
export const TRAINING_COMPONENT = 'training-job';

/** The wave number of a kind and component. */
export function syncWaveOf(kind: string, component: string | undefined): number | undefined {
  if (UNORDERED_KINDS.has(kind)) return undefined;
  if (kind === 'Namespace') return WAVE_NUMBER[KubeSyncWave.NAMESPACE];
  if (SETUP_KINDS.has(kind)) return WAVE_NUMBER[KubeSyncWave.SETUP];
  return WAVE_NUMBER[component === TRAINING_COMPONENT ? KubeSyncWave.TRAINING : KubeSyncWave.SERVING];
}

/**
 * Annotates every ApiObject under `scope` with its sync wave (see `KubeSyncWave`), leaving alone objects
 * that already carry one: a construct that knows better sets its own. Call when the tree is complete
 * (`ModelServingChart` does it when synthesized).
 */
export function applySyncWaves(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    // Only the metadata is rendered (cheap): the whole object is rendered once, by the synth.
    const metadata = child.metadata.toJson() ?? {};
    if (metadata.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined) continue;
    const wave = syncWaveOf(child.kind, metadata.labels?.[COMPONENT_LABEL]);
    if (wave !== undefined) child.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
  }
}
