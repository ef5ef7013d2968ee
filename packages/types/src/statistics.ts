import * as v from 'valibot';

/**
 * Schema of a store's statistics. Only `name` is guaranteed; the in-memory
 * store adds collection sizes, uptime and span memory figures. Unknown keys are kept.
 */
export const StoreStatisticsSchema = v.looseObject({
  /** Implementation name, e.g. `InMemoryLightningStore`. */
  name: v.string(),
  /** Number of rollouts. */
  total_rollouts: v.optional(v.number()),
  /** Number of attempts. */
  total_attempts: v.optional(v.number()),
  /** Number of spans ever stored. */
  total_spans: v.optional(v.number()),
  /** Number of resources snapshots. */
  total_resources: v.optional(v.number()),
  /** Number of workers. */
  total_workers: v.optional(v.number()),
  /** Seconds since the store was created. */
  uptime: v.optional(v.number()),
  /** Estimated bytes of stored spans. */
  total_span_bytes: v.optional(v.number()),
  /** Span bytes above which eviction starts. */
  eviction_threshold_bytes: v.optional(v.number()),
  /** Span bytes eviction brings usage back under. */
  safe_threshold_bytes: v.optional(v.number()),
  /** Memory capacity the thresholds derive from. */
  memory_capacity_bytes: v.optional(v.number()),
});

/** A store's statistics. */
export type StoreStatistics = v.InferOutput<typeof StoreStatisticsSchema>;

/** Capabilities a store declares; missing means false. */
export interface StoreCapabilities {
  /** Safe to call from several threads (always true for async-only JavaScript stores). */
  thread_safe?: boolean;
  /** Safe to call concurrently from one event loop. */
  async_safe?: boolean;
  /** Returns stored objects without copying. */
  zero_copy?: boolean;
  /** Accepts OTLP traces at `otlpTracesEndpoint()`. */
  otlp_traces?: boolean;
}
