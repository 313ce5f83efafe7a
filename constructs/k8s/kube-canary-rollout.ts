import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../core/validation';
import { CanaryStep, CanaryTrafficRouting } from './canary-strategy';
import { KubeCanaryAnalysis } from './kube-canary-analysis';
import { checkKubeName } from './private/kube-checks';
import { KubeModelServing } from './kube-model-serving';
import { CANARY_HASH_ARG, ROLLOUT_HASH_POD_LABEL, TRAFFIC_ROLE_LABEL } from './private/kube-conventions';
import { k8s } from './private/k8s-api';

/** A reference to the object an autoscaler scales (`scaleTargetRef`). */
export interface KubeScaleTarget {
  /** API group/version, e.g. `apps/v1` or `argoproj.io/v1alpha1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Deployment` or `Rollout`. */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
}

/** Properties of a {@link KubeCanaryRollout}. */
export interface KubeCanaryRolloutProps {
  /** The model server whose Deployment the Rollout takes over. */
  readonly serving: KubeModelServing;
  /**
   * The canary steps; after the last one the new version gets everything.
   * @default - 25 % for 5 minutes, 50 % for 5 minutes, 75 % for 5 minutes
   */
  readonly steps?: CanaryStep[];
  /** The analysis that aborts (and rolls back) a bad canary. @default - none: the canary is promoted on its pauses alone */
  readonly analysis?: KubeCanaryAnalysis;
  /** Step (0-based) at which the background analysis starts. @default 1 (once the first canary pods exist) */
  readonly analysisStartingStep?: number;
  /** How the canary's share reaches it. @default CanaryTrafficRouting.replicas() */
  readonly trafficRouting?: CanaryTrafficRouting;
}

/**
 * An Argo Rollouts `Rollout` that rolls a {@link KubeModelServing} out as a canary: `setWeight` / `pause`
 * steps and, given a {@link KubeCanaryAnalysis}, a background analysis whose failure aborts the rollout
 * and returns everything to the stable version by itself.
 *
 * The Rollout references the server's Deployment (`workloadRef`) instead of copying its pod template: the
 * pod spec stays in one place (`KubeModelServing`), and the Deployment is kept at `replicas: 0` so only
 * the Rollout's pods run. The server's CPU HorizontalPodAutoscaler is pointed at the Rollout; a KEDA
 * autoscaler must use {@link KubeCanaryRollout.scaleTarget} too.
 */
export class KubeCanaryRollout extends Construct {
  /** The default steps: 25, 50 and 75 % for 5 minutes each. */
  public static defaultSteps(): CanaryStep[] {
    return [25, 50, 75].flatMap((w) => [CanaryStep.weight(w), CanaryStep.pause(Duration.minutes(5))]);
  }

  /** Name of the Rollout (the server's name). */
  public readonly rolloutName: string;
  /** What autoscalers must scale: the Rollout. */
  public readonly scaleTarget: KubeScaleTarget;
  /** The `argoproj.io/v1alpha1` Rollout. */
  public readonly resource: ApiObject;
  /** `<name>-stable` and `<name>-canary` Services, only with a traffic router. */
  public readonly routedServices: k8s.KubeService[] = [];

  constructor(scope: Construct, id: string, props: KubeCanaryRolloutProps) {
    super(scope, id);
    const serving = props.serving;
    const steps = props.steps ?? KubeCanaryRollout.defaultSteps();
    const routing = props.trafficRouting ?? CanaryTrafficRouting.replicas();
    const startingStep = props.analysisStartingStep ?? 1;

    const check = new PropsCheck(this, 'KubeCanaryRollout');
    check.require(steps.length > 0, 'steps', steps, 'must hold at least one step (e.g. CanaryStep.weight(25), CanaryStep.pause(Duration.minutes(5)))');
    let lastWeight = 0;
    steps.forEach((step, i) => {
      if (step.weightPercent !== undefined) {
        check.integerInRange(`steps[${i}].weight`, step.weightPercent, 1, 100);
        check.require(step.weightPercent >= lastWeight, `steps[${i}].weight`, step.weightPercent,
          `must not be lower than the previous weight (${lastWeight}); a canary only grows`);
        lastWeight = step.weightPercent;
      } else if (step.pauseDuration !== undefined) {
        const seconds = step.pauseDuration.toSeconds({ integral: false });
        check.require(seconds >= 1 && seconds <= 86_400, `steps[${i}].pause`, step.pauseDuration.toHumanString(),
          'must be from 1 second to 24 hours (omit the duration to wait for a manual promote)');
      }
    });
    check.require(steps.some((s) => s.weightPercent !== undefined), 'steps', steps, 'must hold at least one CanaryStep.weight() step');
    if (props.analysis) {
      check.integerInRange('analysisStartingStep', startingStep, 0, Math.max(0, steps.length - 1));
    } else if (props.analysisStartingStep !== undefined) {
      check.fail('analysisStartingStep', props.analysisStartingStep, 'must be omitted without an analysis');
    }
    if (routing.routeObjectName !== undefined) checkKubeName(check, 'trafficRouting', routing.routeObjectName, 253);
    check.throwIfInvalid();

    this.rolloutName = serving.name;
    this.scaleTarget = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: this.rolloutName };
    const deployment = serving.deployment.toJson();
    const labels: { [key: string]: string } = deployment.metadata?.labels ?? {};
    const deploymentSpec = deployment.spec ?? {};

    let canaryService: string | undefined;
    let stableService: string | undefined;
    if (routing.usesRouter) {
      for (const role of ['stable', 'canary']) {
        const svc = new k8s.KubeService(this, role === 'stable' ? 'StableService' : 'CanaryService', {
          metadata: { name: `${serving.name}-${role}`, labels: { ...labels, [TRAFFIC_ROLE_LABEL]: role } },
          // Argo Rollouts adds the ReplicaSet's hash to each selector during a rollout.
          spec: { type: 'ClusterIP', selector: serving.selectorLabels, ports: serving.service.toJson().spec.ports },
        });
        this.routedServices.push(svc);
      }
      stableService = `${serving.name}-stable`;
      canaryService = `${serving.name}-canary`;
    }

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.scaleTarget.apiVersion,
      kind: this.scaleTarget.kind,
      metadata: { name: this.rolloutName, labels },
      spec: {
        // No `replicas`: the autoscaler owns the count, as on the Deployment.
        selector: { matchLabels: serving.selectorLabels },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: serving.name },
        revisionHistoryLimit: deploymentSpec.revisionHistoryLimit,
        progressDeadlineSeconds: deploymentSpec.progressDeadlineSeconds,
        // A canary that never becomes ready (a model that does not load) is rolled back, not left hanging.
        progressDeadlineAbort: true,
        strategy: {
          canary: {
            // Never below the current capacity; one extra (GPU) pod at a time, like the Deployment.
            maxUnavailable: 0,
            maxSurge: 1,
            canaryService,
            stableService,
            trafficRouting: routing._render(Chart.of(this).namespace),
            analysis: props.analysis ? {
              templates: [{ templateName: props.analysis.templateName }],
              startingStep,
              args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
            } : undefined,
            steps: steps.map((s) => s._rendered),
          },
        },
      },
    });

    // The Rollout runs the pods now: the Deployment only holds the template.
    serving.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 0));
    // The Rollout's pods carry `rollouts-pod-template-hash`, never `pod-template-hash`: without this the
    // spread's matchLabelKeys would be ignored and old and new revisions counted together.
    const spread: { matchLabelKeys?: string[] }[] = deploymentSpec.template?.spec?.topologySpreadConstraints ?? [];
    spread.forEach((c, i) => {
      if (c.matchLabelKeys?.includes('pod-template-hash')) {
        serving.deployment.addJsonPatch(JsonPatch.replace(`/spec/template/spec/topologySpreadConstraints/${i}/matchLabelKeys`,
          c.matchLabelKeys.map((k: string) => (k === 'pod-template-hash' ? ROLLOUT_HASH_POD_LABEL : k))));
      }
    });
    // The CPU autoscaler (when rendered) must scale the Rollout, not the idle Deployment.
    if (serving.hpa) serving.hpa.addJsonPatch(JsonPatch.replace('/spec/scaleTargetRef', { ...this.scaleTarget }));
  }
}
