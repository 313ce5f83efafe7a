import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsCheck } from '../core/validation';
import { checkDurationSeconds, checkLabels, checkNamespaceName } from './private/kube-checks';
import { MANAGED_BY, ROLLOUT_HASH_POD_LABEL, TRAFFIC_ROLE_LABEL } from './private/kube-conventions';
import { KubeModelServing } from './kube-model-serving';
import { k8s } from './private/k8s-api';
import { ModelServerMetrics } from './model-server-metrics';
import { promDuration } from './private/promql';

/** Properties of a {@link KubeServiceMonitor}. */
export interface KubeServiceMonitorProps {
  /** The model server to scrape (through its Service's `http` port). */
  readonly serving: KubeModelServing;
  /** What the server exposes (its metrics path). @default ModelServerMetrics.referenceContainer() */
  readonly metrics?: ModelServerMetrics;
  /** How often Prometheus scrapes. @default Duration.seconds(30) */
  readonly interval?: Duration;
  /**
   * Labels the Prometheus resource selects ServiceMonitors by (its `serviceMonitorSelector`), e.g.
   * `{ release: 'kube-prometheus-stack' }` for that Helm chart's defaults. @default - none
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };
  /**
   * Namespace Prometheus runs in: a NetworkPolicy admits it to the serving port, whatever else the
   * server's own NetworkPolicy admits. @default 'monitoring'
   */
  readonly prometheusNamespace?: string;
}

/**
 * A prometheus-operator `ServiceMonitor` that scrapes a model server's `/metrics` through its Service,
 * copying the Argo Rollouts pod-template hash onto every series (so a canary analysis can select the
 * canary's pods), plus a NetworkPolicy that lets Prometheus reach the port.
 */
export class KubeServiceMonitor extends Construct {
  /** The `monitoring.coreos.com/v1` ServiceMonitor. */
  public readonly resource: ApiObject;
  /** The NetworkPolicy admitting Prometheus to the serving port. */
  public readonly scrapePolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: KubeServiceMonitorProps) {
    super(scope, id);
    const interval = props.interval ?? Duration.seconds(30);
    const prometheusNamespace = props.prometheusNamespace ?? 'monitoring';
    const check = new PropsCheck(this, 'KubeServiceMonitor');
    checkDurationSeconds(check, 'interval', interval, 5, 600);
    checkNamespaceName(check, 'prometheusNamespace', prometheusNamespace);
    checkLabels(check, 'prometheusSelectorLabels', props.prometheusSelectorLabels);
    check.throwIfInvalid();

    const serving = props.serving;
    const metrics = props.metrics ?? ModelServerMetrics.referenceContainer();
    const labels = { ...serving.selectorLabels, 'app.kubernetes.io/managed-by': MANAGED_BY, ...props.prometheusSelectorLabels };
    const port = serving.service.toJson().spec.ports[0];
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: serving.name, labels },
      spec: {
        selector: {
          matchLabels: serving.selectorLabels,
          // Not the `-stable`/`-canary` Services of a routed canary: the same pods, scraped once.
          matchExpressions: [{ key: TRAFFIC_ROLE_LABEL, operator: 'DoesNotExist' }],
        },
        podTargetLabels: [ROLLOUT_HASH_POD_LABEL],
        endpoints: [{ port: port.name, path: metrics.metricsPath, interval: promDuration(interval), scheme: 'http' }],
      },
    });

    this.scrapePolicy = new k8s.KubeNetworkPolicy(this, 'ScrapePolicy', {
      metadata: { name: `${serving.name}-metrics-scrape`, labels: { ...serving.selectorLabels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        podSelector: { matchLabels: serving.selectorLabels },
        policyTypes: ['Ingress'],
        ingress: [{
          ports: [{ port: k8s.IntOrString.fromNumber(serving.port), protocol: 'TCP' }],
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': prometheusNamespace } } }],
        }],
      },
    });
  }
}
