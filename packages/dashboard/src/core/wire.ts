/**
 * The wire shapes the dashboard reads, as the store's REST API sends them
 * (snake_case keys, float epoch seconds). Only the fields the views use are
 * typed; everything else stays in the object as received.
 *
 * @module
 */

/** A span status as sent on the wire. */
export interface WireSpanStatus {
  /** `UNSET`, `OK` or `ERROR`. */
  status_code: string;
  /** Error description, when any. */
  description?: string | null;
}

/** A span as sent by `GET /v1/agl/spans`. */
export interface WireSpan {
  /** Rollout the span belongs to. */
  rollout_id: string;
  /** Attempt the span belongs to. */
  attempt_id: string;
  /** Store-assigned order within the attempt. */
  sequence_id: number;
  /** OpenTelemetry trace id. */
  trace_id: string;
  /** OpenTelemetry span id (unique within an attempt). */
  span_id: string;
  /** Parent span id, or null for a root. */
  parent_id: string | null;
  /** Span name. */
  name: string;
  /** Status code and description. */
  status: WireSpanStatus;
  /** Flat attribute map. */
  attributes: Record<string, unknown>;
  /** Start, epoch seconds. */
  start_time: number | null;
  /** End, epoch seconds. */
  end_time: number | null;
  /** Further wire keys, kept as received. */
  [key: string]: unknown;
}

/** An attempt as sent on the wire. */
export interface WireAttempt {
  /** Rollout id. */
  rollout_id: string;
  /** Attempt id. */
  attempt_id: string;
  /** 1-based attempt number. */
  sequence_id: number;
  /** Attempt status. */
  status: string;
  /** Start, epoch seconds. */
  start_time: number;
  /** End, epoch seconds, when finished. */
  end_time: number | null;
  /** Runner that holds it (`""` or null when none). */
  worker_id: string | null;
  /** Last heartbeat, epoch seconds. */
  last_heartbeat_time: number | null;
  /** Further wire keys. */
  [key: string]: unknown;
}

/** A rollout as sent on the wire; `attempt` is present only for attempted rollouts. */
export interface WireRollout {
  /** Rollout id. */
  rollout_id: string;
  /** Task payload. */
  input: unknown;
  /** Creation time, epoch seconds. */
  start_time: number;
  /** End time, epoch seconds. */
  end_time: number | null;
  /** `train`, `val`, `test` or null. */
  mode: string | null;
  /** Resources snapshot id. */
  resources_id: string | null;
  /** Rollout status. */
  status: string;
  /** Retry and watchdog settings. */
  config?: Record<string, unknown>;
  /** User metadata. */
  metadata?: Record<string, unknown> | null;
  /** Latest attempt (only on attempted rollouts). */
  attempt?: WireAttempt | null;
  /** Further wire keys. */
  [key: string]: unknown;
}

/** A runner (worker) as sent on the wire. */
export interface WireWorker {
  /** Runner id. */
  worker_id: string;
  /** `busy`, `idle` or `unknown`. */
  status: string;
  /** Last heartbeat, epoch seconds. */
  last_heartbeat_time: number | null;
  /** Last dequeue, epoch seconds. */
  last_dequeue_time: number | null;
  /** Last time it became busy. */
  last_busy_time: number | null;
  /** Last time it became idle. */
  last_idle_time: number | null;
  /** Rollout it works on. */
  current_rollout_id: string | null;
  /** Attempt it works on. */
  current_attempt_id: string | null;
  /** Numbers reported with heartbeats. */
  heartbeat_stats: Record<string, unknown> | null;
  /** Further wire keys. */
  [key: string]: unknown;
}

/** A resources snapshot as sent on the wire. */
export interface WireResources {
  /** Snapshot id. */
  resources_id: string;
  /** Creation time. */
  create_time: number;
  /** Last update time. */
  update_time: number;
  /** Version, 1 on creation and +1 per update. */
  version: number;
  /** Named resources. */
  resources: Record<string, Record<string, unknown>>;
  /** Further wire keys. */
  [key: string]: unknown;
}

/** A page of a list route. */
export interface WirePage<T> {
  /** The items of this page. */
  items: T[];
  /** Page size asked for. */
  limit: number;
  /** Items skipped. */
  offset: number;
  /** Matches in total. */
  total: number;
}
