import { Duration } from 'cdk8s';
import { promDuration } from './private/promql';

/** One step of a canary: send a share of the pods (or traffic) to the new version, or wait. */
export class CanaryStep {
  /** Run `percent` of the replicas (or, with a traffic router, of the traffic) on the new version. */
  public static weight(percent: number): CanaryStep {
    return new CanaryStep({ setWeight: percent }, percent, undefined);
  }

  /** Wait `duration` (the analysis keeps measuring); without a duration, wait for `kubectl argo rollouts promote`. */
  public static pause(duration?: Duration): CanaryStep {
    return new CanaryStep({ pause: duration ? { duration: promDuration(duration) } : {} }, undefined, duration);
  }

  private constructor(
    /** The step as Argo Rollouts reads it. @internal */
    public readonly _rendered: { [key: string]: unknown },
    /** The weight, for `setWeight` steps. */
    public readonly weightPercent: number | undefined,
    /** The pause, for timed `pause` steps. */
    public readonly pauseDuration: Duration | undefined,
  ) {}

  /** True for `pause()` steps. */
  public get isPause(): boolean {
    return this.weightPercent === undefined;
  }
}

/** The traffic routers a {@link CanaryTrafficRouting} can drive. */
export enum CanaryTrafficRouter {
  /** No router: the canary share is the share of replicas behind the one Service. */
  REPLICAS = 'replicas',
  /** NGINX Ingress: Argo Rollouts clones the stable Ingress into a weighted canary Ingress. */
  NGINX = 'nginx',
  /** Istio: Argo Rollouts sets the weights of a VirtualService's route. */
  ISTIO = 'istio',
  /** Gateway API: the Argo Rollouts Gateway API plugin sets the weights of an HTTPRoute. */
  GATEWAY_API = 'gateway-api',
}

/**
 * How a canary's share reaches it. By default it is replica-weighted (no router: `CanaryStep.weight(25)` runs a
 * quarter of the pods on the new version behind the one Service); with a router, two more Services
 * (`<name>-stable`, `<name>-canary`) let the router send an exact share of requests.
 */
export class CanaryTrafficRouting {
  /** Replica-weighted: no traffic router. */
  public static replicas(): CanaryTrafficRouting {
    return new CanaryTrafficRouting(CanaryTrafficRouter.REPLICAS, undefined, undefined);
  }

  /** NGINX Ingress: `stableIngressName` routes to the `<name>-stable` Service. */
  public static nginx(stableIngressName: string): CanaryTrafficRouting {
    return new CanaryTrafficRouting(CanaryTrafficRouter.NGINX, stableIngressName, undefined);
  }

  /** Istio: the route `routeName` of `virtualServiceName` has destinations `<name>-stable` and `<name>-canary`. */
  public static istio(virtualServiceName: string, routeName?: string): CanaryTrafficRouting {
    return new CanaryTrafficRouting(CanaryTrafficRouter.ISTIO, virtualServiceName, routeName);
  }

  /** Gateway API (plugin `argoproj-labs/gatewayAPI`): `httpRouteName` has backends `<name>-stable` and `<name>-canary`. */
  public static gatewayApi(httpRouteName: string): CanaryTrafficRouting {
    return new CanaryTrafficRouting(CanaryTrafficRouter.GATEWAY_API, httpRouteName, undefined);
  }

  private constructor(
    /** The router. */
    public readonly router: CanaryTrafficRouter,
    /** The Ingress, VirtualService or HTTPRoute the router adjusts. */
    public readonly routeObjectName: string | undefined,
    /** The named route inside an Istio VirtualService. */
    public readonly routeName: string | undefined,
  ) {}

  /** True when a router (not the replica count) splits traffic. */
  public get usesRouter(): boolean {
    return this.router !== CanaryTrafficRouter.REPLICAS;
  }

  /** `spec.strategy.canary.trafficRouting`, undefined for replica weighting. @internal */
  public _render(namespace: string | undefined): { [key: string]: unknown } | undefined {
    switch (this.router) {
      case CanaryTrafficRouter.NGINX:
        return { nginx: { stableIngress: this.routeObjectName } };
      case CanaryTrafficRouter.ISTIO:
        return { istio: { virtualService: { name: this.routeObjectName, routes: this.routeName ? [this.routeName] : undefined } } };
      case CanaryTrafficRouter.GATEWAY_API:
        return { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: this.routeObjectName, namespace } } };
      default:
        return undefined;
    }
  }
}
