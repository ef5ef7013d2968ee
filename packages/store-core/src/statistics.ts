import type { StoreStatistics } from '@agl/types';

/** The collection sizes every full store reports. */
export interface StoreCounters {
  /** Number of rollouts. */
  readonly total_rollouts: number;
  /** Number of attempts. */
  readonly total_attempts: number;
  /** Number of spans ever stored. */
  readonly total_spans: number;
  /** Number of resources snapshots. */
  readonly total_resources: number;
  /** Number of workers. */
  readonly total_workers: number;
}

/** Uptime and span memory figures of a store that accounts span memory. */
export interface SpanMemoryStatistics {
  /** Seconds since the store was constructed. */
  readonly uptime: number;
  /** Current estimated bytes of stored spans. */
  readonly total_span_bytes: number;
  /** Span bytes above which eviction starts. */
  readonly eviction_threshold_bytes: number;
  /** Span bytes eviction brings usage back under. */
  readonly safe_threshold_bytes: number;
  /** Memory capacity the thresholds derive from. */
  readonly memory_capacity_bytes: number;
}

/**
 * Builds a statistics object in the reference's key order: `name`, the five
 * totals, then any extra figures.
 *
 * @param name - the implementation name
 * @param counters - the collection sizes
 * @param extra - further figures (uptime, memory, ...)
 */
export function buildStatistics(
  name: string,
  counters: StoreCounters,
  extra: Partial<SpanMemoryStatistics> = {},
): StoreStatistics {
  return {
    name,
    total_rollouts: counters.total_rollouts,
    total_attempts: counters.total_attempts,
    total_spans: counters.total_spans,
    total_resources: counters.total_resources,
    total_workers: counters.total_workers,
    ...extra,
  };
}
