import type {
  Attempt,
  AttemptStatus,
  ResourcesUpdate,
  Rollout,
  RolloutConfig,
  RolloutMode,
  RolloutStatus,
  Worker,
  WorkerStatus,
} from '@agl/types';
import type { SqlRow } from './sql/client';
import { decodeJson } from './sql/json';

/** Columns of a rollout row as `decodeRollout` reads them (alias `r`). */
export const ROLLOUT_COLUMNS = `r.rollout_id, r.input, r.start_time, r.end_time, r.mode,
  r.resources_id, r.status, r.config, r.metadata, r.attempt_count,
  r.queue_seq IS NOT NULL AS queued`;

/** Columns of an attempt row (alias `a`), each prefixed `a_`. */
export const ATTEMPT_COLUMNS = `a.rollout_id AS a_rollout_id, a.attempt_id AS a_attempt_id,
  a.sequence_id AS a_sequence_id, a.start_time AS a_start_time, a.end_time AS a_end_time,
  a.status AS a_status, a.worker_id AS a_worker_id,
  a.last_heartbeat_time AS a_last_heartbeat_time, a.metadata AS a_metadata`;

/** Columns of a worker row. */
export const WORKER_COLUMNS = `worker_id, status, heartbeat_stats, last_heartbeat_time,
  last_dequeue_time, last_busy_time, last_idle_time, current_rollout_id, current_attempt_id`;

/** Columns of a resources row. */
export const RESOURCES_COLUMNS = 'resources_id, create_time, update_time, version, resources';

/** Key of an attempt in maps: `rolloutId NUL attemptId`. */
export const attemptKey = (rolloutId: string, attemptId: string): string =>
  `${rolloutId}\u0000${attemptId}`;

/**
 * A rollout loaded inside a transaction (its row locked), with what the
 * wire object does not show: how many attempts it has and whether it has a
 * queue entry. Operations change it with the shared status logic, then save it.
 */
export interface RolloutRecord {
  /** The rollout as the wire shows it. */
  readonly rollout: Rollout;
  /** Number of attempts; the latest attempt has this `sequence_id`. */
  attemptCount: number;
  /** Whether the rollout has a queue entry. */
  queued: boolean;
  /** Set when the rollout must get a new queue entry (at the back) when saved. */
  enqueue: boolean;
}

const num = (value: unknown): number | null => (value === null ? null : Number(value));

/**
 * Decodes a row selected with `ROLLOUT_COLUMNS`.
 *
 * @param row - the row
 */
export function decodeRollout(row: SqlRow): RolloutRecord {
  return {
    rollout: {
      rollout_id: row.rollout_id as string,
      input: decodeJson(row.input),
      start_time: Number(row.start_time),
      end_time: num(row.end_time),
      mode: row.mode as RolloutMode | null,
      resources_id: row.resources_id as string | null,
      status: row.status as RolloutStatus,
      config: decodeJson<RolloutConfig>(row.config),
      metadata: decodeJson(row.metadata),
    },
    attemptCount: Number(row.attempt_count),
    queued: row.queued === true,
    enqueue: false,
  };
}

/**
 * Decodes an attempt from a row selected with `ATTEMPT_COLUMNS`, or `null`
 * when the row has none (outer join without a match).
 *
 * @param row - the row
 */
export function decodeAttempt(row: SqlRow): Attempt | null {
  if (row.a_attempt_id === null || row.a_attempt_id === undefined) return null;
  return {
    rollout_id: row.a_rollout_id as string,
    attempt_id: row.a_attempt_id as string,
    sequence_id: Number(row.a_sequence_id),
    start_time: Number(row.a_start_time),
    end_time: num(row.a_end_time),
    status: row.a_status as AttemptStatus,
    worker_id: row.a_worker_id as string | null,
    last_heartbeat_time: num(row.a_last_heartbeat_time),
    metadata: decodeJson(row.a_metadata),
  };
}

/**
 * Decodes a row selected with `WORKER_COLUMNS`.
 *
 * @param row - the row
 */
export function decodeWorker(row: SqlRow): Worker {
  return {
    worker_id: row.worker_id as string,
    status: row.status as WorkerStatus,
    heartbeat_stats: decodeJson(row.heartbeat_stats),
    last_heartbeat_time: num(row.last_heartbeat_time),
    last_dequeue_time: num(row.last_dequeue_time),
    last_busy_time: num(row.last_busy_time),
    last_idle_time: num(row.last_idle_time),
    current_rollout_id: row.current_rollout_id as string | null,
    current_attempt_id: row.current_attempt_id as string | null,
  };
}

/**
 * Decodes a row selected with `RESOURCES_COLUMNS`.
 *
 * @param row - the row
 */
export function decodeResources(row: SqlRow): ResourcesUpdate {
  return {
    resources_id: row.resources_id as string,
    create_time: Number(row.create_time),
    update_time: Number(row.update_time),
    version: Number(row.version),
    resources: decodeJson(row.resources),
  };
}
