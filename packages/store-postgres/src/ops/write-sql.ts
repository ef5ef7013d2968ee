/**
 * SQL of the store's multi-row writes. Each builder adds its values to the
 * `Params` of the statement being built and returns one data-modifying
 * statement, usable on its own or as an item of a `WITH` list (see
 * `PendingWrites`). Rows are matched with `partition = $p AND id = ANY(...)`,
 * so every plan, generic or not, goes through the primary key.
 *
 * @module
 */
import type { WorkerPatch } from '@agl/store-core/backend';
import type { Attempt } from '@agl/types';
import type { Params } from '../query/compile';
import type { RolloutRecord } from '../rows';
import { encodeJson } from '../sql/json';

/**
 * Inserts new attempts with all their fields.
 *
 * @param params - the statement's parameters
 * @param p - placeholder of the partition
 * @param attempts - the new attempts
 */
export function insertAttemptsSql(params: Params, p: string, attempts: readonly Attempt[]): string {
  return `INSERT INTO agl_attempts (partition, rollout_id, attempt_id, sequence_id, start_time,
      end_time, status, worker_id, last_heartbeat_time, metadata)
    SELECT ${p}, t.* FROM unnest(${params.add(attempts.map((a) => a.rollout_id))}::text[],
        ${params.add(attempts.map((a) => a.attempt_id))}::text[],
        ${params.add(attempts.map((a) => a.sequence_id))}::int[],
        ${params.add(attempts.map((a) => a.start_time))}::float8[],
        ${params.add(attempts.map((a) => a.end_time))}::float8[],
        ${params.add(attempts.map((a) => a.status))}::text[],
        ${params.add(attempts.map((a) => a.worker_id))}::text[],
        ${params.add(attempts.map((a) => a.last_heartbeat_time))}::float8[],
        ${params.add(attempts.map((a) => encodeJson(a.metadata, 'attempt metadata')))}::text[]) AS t`;
}

/**
 * Writes the mutable fields of attempts (status, end time, worker,
 * heartbeat, metadata).
 *
 * @param params - the statement's parameters
 * @param p - placeholder of the partition
 * @param attempts - the changed attempts (their rollouts locked)
 */
export function saveAttemptsSql(params: Params, p: string, attempts: readonly Attempt[]): string {
  const rollouts = params.add(attempts.map((a) => a.rollout_id));
  const ids = params.add(attempts.map((a) => a.attempt_id));
  return `UPDATE agl_attempts a SET status = t.status, end_time = t.end_time,
      worker_id = t.worker_id, last_heartbeat_time = t.last_heartbeat_time, metadata = t.metadata
    FROM unnest(${rollouts}::text[], ${ids}::text[],
        ${params.add(attempts.map((a) => a.status))}::text[],
        ${params.add(attempts.map((a) => a.end_time))}::float8[],
        ${params.add(attempts.map((a) => a.worker_id))}::text[],
        ${params.add(attempts.map((a) => a.last_heartbeat_time))}::float8[],
        ${params.add(attempts.map((a) => encodeJson(a.metadata, 'attempt metadata')))}::text[])
      AS t(rollout_id, attempt_id, status, end_time, worker_id, last_heartbeat_time, metadata)
    WHERE a.partition = ${p} AND a.rollout_id = ANY(${rollouts}::text[])
      AND a.attempt_id = ANY(${ids}::text[])
      AND a.rollout_id = t.rollout_id AND a.attempt_id = t.attempt_id`;
}

/**
 * Writes the status, end time, attempt count and queue entry of locked
 * rollouts. A rollout marked `enqueue` gets a new queue position at the back;
 * one whose `queued` is false loses its entry.
 *
 * @param params - the statement's parameters
 * @param p - placeholder of the partition
 * @param records - the changed rollouts
 */
export function saveRolloutsSql(
  params: Params,
  p: string,
  records: readonly RolloutRecord[],
): string {
  const ids = params.add(records.map((r) => r.rollout.rollout_id));
  return `UPDATE agl_rollouts r SET
      status = t.status, end_time = t.end_time, attempt_count = t.attempt_count,
      queue_seq = CASE WHEN t.enqueue THEN nextval('agl_queue_seq')
                       WHEN t.queued THEN r.queue_seq END
    FROM unnest(${ids}::text[], ${params.add(records.map((r) => r.rollout.status))}::text[],
        ${params.add(records.map((r) => r.rollout.end_time))}::float8[],
        ${params.add(records.map((r) => r.attemptCount))}::int[],
        ${params.add(records.map((r) => r.queued))}::bool[],
        ${params.add(records.map((r) => r.enqueue))}::bool[])
      AS t(rollout_id, status, end_time, attempt_count, queued, enqueue)
    WHERE r.partition = ${p} AND r.rollout_id = ANY(${ids}::text[])
      AND r.rollout_id = t.rollout_id`;
}

/** Worker fields a patch may write, in column order (the only names ever put into SQL). */
const PATCH_COLUMNS = [
  'status',
  'heartbeat_stats',
  'last_heartbeat_time',
  'last_dequeue_time',
  'last_busy_time',
  'last_idle_time',
  'current_rollout_id',
  'current_attempt_id',
] as const;

/**
 * Upserts a worker with the fields of a patch: a new worker starts from the
 * column defaults (status `unknown`, everything else null) plus the patch;
 * an existing one changes only the patched fields.
 *
 * @param params - the statement's parameters
 * @param p - placeholder of the partition
 * @param workerId - the worker
 * @param patch - the fields to write
 */
export function upsertWorkerSql(
  params: Params,
  p: string,
  workerId: string,
  patch: WorkerPatch,
): string {
  const columns = PATCH_COLUMNS.filter((column) => patch[column] !== undefined);
  const slots = [p, params.add(workerId)];
  for (const column of columns) {
    const value = patch[column];
    slots.push(
      params.add(column === 'heartbeat_stats' ? encodeJson(value, 'heartbeat_stats') : value),
    );
  }
  const updates =
    columns.length > 0
      ? columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')
      : 'worker_id = EXCLUDED.worker_id';
  return `INSERT INTO agl_workers (${['partition', 'worker_id', ...columns].join(', ')})
    VALUES (${slots.join(', ')})
    ON CONFLICT (partition, worker_id) DO UPDATE SET ${updates}`;
}

/**
 * An expression sending one notification per payload on a channel (in a
 * transaction, PostgreSQL delivers them when it commits).
 *
 * @param params - the statement's parameters
 * @param channel - the channel
 * @param payloads - the payloads
 */
export function notifySql(params: Params, channel: string, payloads: readonly string[]): string {
  return `(SELECT count(pg_notify(${params.add(channel)}, payload))
    FROM unnest(${params.add(payloads)}::text[]) AS payload)`;
}
