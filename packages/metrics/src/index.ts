/**
 * Prometheus metrics for Agent Lightning servers, built on prom-client: the
 * HTTP counter and latency histogram by route template, method and status,
 * scrape-time gauges, the text exposition and a periodic console summary.
 *
 * @module
 */
/** Latency histogram buckets in seconds. */
export { LATENCY_BUCKETS_SECONDS } from './buckets';
/** The periodic console summary and the one-line summary it logs. */
export { type ConsoleSummaryOptions, startConsoleSummary, summarise } from './console';
/** The registry and its gauge types. */
export {
  type CollectedGaugeOptions,
  type GaugeSample,
  MetricsRegistry,
} from './registry';
