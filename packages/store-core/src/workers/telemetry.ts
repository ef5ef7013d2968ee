import type { Attempt, JsonObject, Worker } from '@agl/types';

/** Fields of a worker to overwrite; absent keys stay as they are. */
export type WorkerPatch = Partial<Omit<Worker, 'worker_id'>>;

/**
 * A worker with the reference's defaults: status `unknown`, everything else `null`.
 *
 * @param workerId - the worker id
 */
export function newWorker(workerId: string): Worker {
  return {
    worker_id: workerId,
    status: 'unknown',
    heartbeat_stats: null,
    last_heartbeat_time: null,
    last_dequeue_time: null,
    last_busy_time: null,
    last_idle_time: null,
    current_rollout_id: null,
    current_attempt_id: null,
  };
}

/**
 * The worker fields written when syncing a worker with an attempt,
 * or `null` when the attempt names no worker (`null` or `""`).
 * Never touches `heartbeat_stats` or `last_heartbeat_time`.
 *
 * @param attempt - the attempt after its change
 * @param now - the current time
 * @param options - `dequeue: true` also stamps `last_dequeue_time`
 */
export function attemptWorkerPatch(
  attempt: Pick<Attempt, 'rollout_id' | 'attempt_id' | 'status' | 'worker_id'>,
  now: number,
  options: { readonly dequeue?: boolean } = {},
): { readonly workerId: string; readonly patch: WorkerPatch } | null {
  if (!attempt.worker_id) return null;
  let patch: WorkerPatch;
  switch (attempt.status) {
    case 'succeeded':
    case 'failed':
    case 'timeout':
    case 'unresponsive':
      patch = {
        status: attempt.status === 'succeeded' || attempt.status === 'failed' ? 'idle' : 'unknown',
        last_idle_time: now,
        current_rollout_id: null,
        current_attempt_id: null,
      };
      break;
    default:
      patch = {
        status: 'busy',
        last_busy_time: now,
        current_rollout_id: attempt.rollout_id,
        current_attempt_id: attempt.attempt_id,
      };
  }
  if (options.dequeue) patch.last_dequeue_time = now;
  return { workerId: attempt.worker_id, patch };
}

/**
 * The "mark idle" patch of a dequeue that claimed nothing: a new or non-idle
 * worker becomes `idle` (its current ids are kept); an idle one only gets
 * `last_dequeue_time`.
 *
 * @param existing - the stored worker, or `null` when it does not exist yet
 * @param now - the current time
 */
export function markIdlePatch(existing: Pick<Worker, 'status'> | null, now: number): WorkerPatch {
  if (existing && existing.status === 'idle') return { last_dequeue_time: now };
  return { status: 'idle', last_idle_time: now, last_dequeue_time: now };
}

/**
 * The patch of an explicit heartbeat (`updateWorker`): `last_heartbeat_time`
 * and, when supplied, `heartbeat_stats` (replaced, not merged). Never changes
 * the status or the other timing fields.
 *
 * @param now - the current time
 * @param heartbeatStats - the new stats, or `undefined` to keep the old ones
 */
export function heartbeatPatch(now: number, heartbeatStats?: JsonObject): WorkerPatch {
  return heartbeatStats === undefined
    ? { last_heartbeat_time: now }
    : { last_heartbeat_time: now, heartbeat_stats: heartbeatStats };
}

/**
 * Applies a patch to a worker (in place) and returns it.
 *
 * @param worker - the stored worker, mutated
 * @param patch - the fields to write
 */
export function applyWorkerPatch(worker: Worker, patch: WorkerPatch): Worker {
  if (patch.status !== undefined) worker.status = patch.status;
  if (patch.heartbeat_stats !== undefined) worker.heartbeat_stats = patch.heartbeat_stats;
  if (patch.last_heartbeat_time !== undefined)
    worker.last_heartbeat_time = patch.last_heartbeat_time;
  if (patch.last_dequeue_time !== undefined) worker.last_dequeue_time = patch.last_dequeue_time;
  if (patch.last_busy_time !== undefined) worker.last_busy_time = patch.last_busy_time;
  if (patch.last_idle_time !== undefined) worker.last_idle_time = patch.last_idle_time;
  if (patch.current_rollout_id !== undefined) worker.current_rollout_id = patch.current_rollout_id;
  if (patch.current_attempt_id !== undefined) worker.current_attempt_id = patch.current_attempt_id;
  return worker;
}
