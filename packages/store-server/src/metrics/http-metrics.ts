import type { MetricsRegistry } from '@agl/metrics';
import type { MiddlewareHandler } from 'hono';

/** Paths exposing the Prometheus text: the reference's, ours under the API prefix, and the usual one. */
export const METRICS_PATHS: readonly string[] = [
  '/v1/prometheus/',
  '/v1/agl/prometheus/',
  '/metrics',
];

/**
 * Records `agl_http_total` and `agl_http_latency` for every request, labelled
 * with the route template (so ids never become labels), the method and the
 * status; `499` when the client went away before the answer.
 *
 * @param metrics - the registry
 * @param templateOf - the route template of a request, or `undefined` for an unknown path
 */
export function httpMetrics(
  metrics: MetricsRegistry,
  templateOf: (method: string, path: string) => string | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    let status = '500';
    try {
      await next();
      status = c.req.raw.signal.aborted ? '499' : String(c.res.status);
    } finally {
      const path = templateOf(c.req.method, c.req.path) ?? 'unmatched';
      metrics.observeHttp(path, c.req.method, status, (performance.now() - started) / 1000);
    }
  };
}
