import { Duration } from 'cdk8s';
import { escapeLabelValue, promDuration } from './private/promql';

/** The Prometheus series a model server exposes on its metrics endpoint, and the label names they carry. */
export interface ModelServerMetricsProps {
  /** Counter of answered requests, labelled with the path and the HTTP status code. */
  readonly requestsTotal: string;
  /** Histogram (base name, without `_bucket`) of request latency in seconds, labelled with the path. */
  readonly requestDurationSeconds: string;
  /** Gauge of requests being handled. @default - none (no in-flight scaling) */
  readonly inFlightRequests?: string;
  /**
   * Whether the in-flight gauge counts the scrape request that reads it (as the reference container's does:
   * it is set while `/metrics` itself is being answered), so one per pod is taken off. @default false
   */
  readonly inFlightCountsScrape?: boolean;
  /** HTTP path of the metrics endpoint. @default '/metrics' */
  readonly metricsPath?: string;
  /** Value of the path label for inference requests. @default '/invocations' */
  readonly invocationPath?: string;
  /** Name of the path label. @default 'path' */
  readonly pathLabel?: string;
  /** Name of the HTTP status label. @default 'status' */
  readonly statusLabel?: string;
}

/**
 * What a model server reports to Prometheus, and the one place that turns it into PromQL: the canary
 * analysis, the alert rules and the load autoscaler all ask this class, so they measure the same thing.
 *
 * `ModelServerMetrics.referenceContainer()` describes the cdk-mlops container (`container/src/server.js`):
 * `http_requests_total{path,method,status}`, `http_request_duration_seconds{path}` and `http_requests_in_flight`.
 */
export class ModelServerMetrics {
  /** The series of the reference container in `container/` (see `docs/container.md`). */
  public static referenceContainer(): ModelServerMetrics {
    return new ModelServerMetrics({
      requestsTotal: 'http_requests_total',
      requestDurationSeconds: 'http_request_duration_seconds',
      inFlightRequests: 'http_requests_in_flight',
      inFlightCountsScrape: true,
    });
  }

  /** Another server's series (it must label requests by path and status, and latency by path). */
  public static custom(props: ModelServerMetricsProps): ModelServerMetrics {
    return new ModelServerMetrics(props);
  }

  /** HTTP path of the metrics endpoint. */
  public readonly metricsPath: string;
  /** Whether the server exposes an in-flight requests gauge. */
  public readonly hasInFlightGauge: boolean;
  /** The series names and labels given. */
  public readonly props: ModelServerMetricsProps;

  private constructor(props: ModelServerMetricsProps) {
    this.props = props;
    this.metricsPath = props.metricsPath ?? '/metrics';
    this.hasInFlightGauge = props.inFlightRequests !== undefined;
  }

  /** Inference requests per second over `window`, summed over the selected pods. */
  public requestRate(selector: { [label: string]: string }, window: Duration): string {
    return `sum(rate(${this.props.requestsTotal}${this.matchers(selector, true)}[${promDuration(window)}]))`;
  }

  /**
   * The fraction (0–1) of inference requests answered with a 5xx status over `window`. Empty (no series
   * yet) counts as 0; no requests at all is NaN, which callers treat as "nothing to judge".
   */
  public errorRatio(selector: { [label: string]: string }, window: Duration): string {
    const status = this.props.statusLabel ?? 'status';
    const errors = `sum(rate(${this.props.requestsTotal}${this.matchers(selector, true, `${status}=~"5.."`)}[${promDuration(window)}]))`;
    return `(${errors} or vector(0)) / ${this.requestRate(selector, window)}`;
  }

  /** p99 latency of inference requests in seconds over `window` (NaN without requests). */
  public p99LatencySeconds(selector: { [label: string]: string }, window: Duration): string {
    return `histogram_quantile(0.99, sum by (le) (rate(${this.props.requestDurationSeconds}_bucket`
      + `${this.matchers(selector, true)}[${promDuration(window)}])))`;
  }

  /** Requests being handled now, summed over the selected pods (undefined without an in-flight gauge). */
  public inFlight(selector: { [label: string]: string }): string | undefined {
    if (!this.props.inFlightRequests) return undefined;
    const series = `${this.props.inFlightRequests}${this.matchers(selector, false)}`;
    // The reference container counts the scrape that reads the gauge: one per pod.
    return this.props.inFlightCountsScrape ? `clamp_min(sum(${series}) - count(${series}), 0)` : `sum(${series})`;
  }

  private matchers(selector: { [label: string]: string }, invocationsOnly: boolean, extra?: string): string {
    const parts = Object.entries(selector).map(([label, value]) => `${label}="${escapeLabelValue(value)}"`);
    if (invocationsOnly) parts.push(`${this.props.pathLabel ?? 'path'}="${escapeLabelValue(this.props.invocationPath ?? '/invocations')}"`);
    if (extra) parts.push(extra);
    return `{${parts.join(',')}}`;
  }
}
