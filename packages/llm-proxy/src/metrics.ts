/**
 * The gateway's Prometheus metrics, in a `MetricsRegistry` of `@agl/metrics` (which also holds the
 * HTTP metrics by route template): calls by model, upstream, route and outcome, upstream latency,
 * retries, records written and failed, streams, and scrape-time gauges of the gateway's state.
 */
import { LATENCY_BUCKETS_SECONDS, type MetricsRegistry } from '@agl/metrics';
import { type Counter, Histogram } from 'prom-client';
import { type ParsedPath, parsePath } from './attribution.js';

/** What the scrape-time gauges read from the gateway. */
export interface GaugeReadings {
  inflight: number;
  streams_active: number;
  records_pending: number;
  paused: boolean;
}

/** How one admitted call ended, as the metrics see it. */
export interface CallOutcome {
  /** The model group. */
  model: string;
  /** The deployment's `api_base`. */
  upstream: string;
  /** `chat`, `completions` or `messages`. */
  route: string;
  /** `ok`, or the failure class (`UpstreamHTTPError`, `UpstreamTimeout`, `ClientDisconnected`, ...). */
  outcome: string;
  /** Upstream exchange time in seconds, retries and back-off included. */
  latencySeconds: number;
  /** Attempts made minus one. */
  retryCount: number;
  /** `passthrough` or `convert` for streamed calls, `null` otherwise. */
  streamMode: string | null;
}

const MANAGEMENT_PATHS = new Set([
  '/proxy/pause',
  '/proxy/resume',
  '/proxy/state',
  '/proxy/stats',
  '/proxy/ready',
  '/api/models',
  '/metrics',
]);

/** The route template of a request path (ids never become labels), or `unmatched`. */
export function routeTemplate(method: string, path: string): string {
  if (MANAGEMENT_PATHS.has(path)) return path;
  const parsed = parsePath(path, method);
  if ('status' in parsed || parsed.route === null) return 'unmatched';
  return templateOf(parsed);
}

function templateOf(p: ParsedPath): string {
  let routed = p.routedPath.length > 1 ? p.routedPath.replace(/\/$/, '') : p.routedPath;
  if (p.route === 'model') routed = '/v1/models/{model}';
  if (p.form === 'v1')
    return `/proxy/rollout/{rollout_id}/attempt/{attempt_id}/mode/{mode}/openai${routed}`;
  if (p.form === 'prefix') return `/rollout/{rollout_id}/attempt/{attempt_id}${routed}`;
  return routed;
}

/** The gateway's metrics on top of a registry. */
export class GatewayMetrics {
  private readonly calls: Counter<string>;
  private readonly retries: Counter<string>;
  private readonly streams: Counter<string>;
  private readonly records: Counter<string>;
  private readonly latency: Histogram<string>;

  /**
   * @param metrics - the registry (one per gateway: the names would collide otherwise)
   * @param stats - reads the gateway's counters at scrape time
   */
  constructor(
    readonly metrics: MetricsRegistry,
    stats: () => GaugeReadings,
  ) {
    this.calls = metrics.counter(
      'agl_proxy_calls_total',
      'Admitted model calls by model group, upstream, route and outcome',
      ['model', 'upstream', 'route', 'outcome'],
    );
    this.retries = metrics.counter(
      'agl_proxy_upstream_retries_total',
      'Upstream attempts beyond the first, by model group and upstream',
      ['model', 'upstream'],
    );
    this.streams = metrics.counter(
      'agl_proxy_streams_total',
      'Streamed calls by model group and stream mode',
      ['model', 'mode'],
    );
    this.records = metrics.counter(
      'agl_proxy_records_total',
      'Call records by result: written (stored) or failed (given up)',
      ['result'],
    );
    // A registry shared with another gateway keeps the first one's histogram and gauges (names
    // are unique in a registry); counters are shared by design.
    const existing = metrics.registry.getSingleMetric('agl_proxy_upstream_latency');
    this.latency =
      existing instanceof Histogram
        ? (existing as Histogram<string>)
        : new Histogram({
            name: 'agl_proxy_upstream_latency',
            help: 'Upstream exchange time in seconds (retries included) by model group, upstream and outcome',
            labelNames: ['model', 'upstream', 'outcome'],
            buckets: [...LATENCY_BUCKETS_SECONDS],
            registers: [metrics.registry],
          });
    if (existing !== undefined) return;
    const gauge = (name: string, help: string, read: (s: GaugeReadings) => number) =>
      metrics.collectedGauge({ name, help, collect: () => [{ value: read(stats()) }] });
    gauge(
      'agl_proxy_inflight',
      'Calls between admission and the end of their upstream exchange',
      (s) => s.inflight,
    );
    gauge(
      'agl_proxy_streams_active',
      'Streams being passed through to agents',
      (s) => s.streams_active,
    );
    gauge(
      'agl_proxy_records_pending',
      'Records being written to the store',
      (s) => s.records_pending,
    );
    gauge('agl_proxy_paused', '1 while the gateway refuses new calls (paused), else 0', (s) =>
      s.paused ? 1 : 0,
    );
  }

  /** Counts one admitted call once its upstream exchange has ended. */
  call(o: CallOutcome): void {
    this.calls.inc({ model: o.model, upstream: o.upstream, route: o.route, outcome: o.outcome });
    this.latency.observe(
      { model: o.model, upstream: o.upstream, outcome: o.outcome },
      o.latencySeconds,
    );
    if (o.retryCount > 0) this.retries.inc({ model: o.model, upstream: o.upstream }, o.retryCount);
    if (o.streamMode !== null) this.streams.inc({ model: o.model, mode: o.streamMode });
  }

  /** Counts one record: stored, or given up. */
  record(stored: boolean): void {
    this.records.inc({ result: stored ? 'written' : 'failed' });
  }
}
