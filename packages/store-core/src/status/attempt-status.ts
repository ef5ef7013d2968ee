import { ATTEMPT_STATUSES, type Attempt, type AttemptStatus } from '@agl/types';
import { InvalidArgumentError } from '../errors';
import type { AttemptUpdate } from '../store';

const ATTEMPT_STATUS_SET: ReadonlySet<string> = new Set(ATTEMPT_STATUSES);

/**
 * Whether setting an attempt to this status stamps its `end_time`: only
 * `succeeded` and `failed` do (`timeout` and `unresponsive` do not).
 *
 * @param status - the status being set
 */
export function attemptStatusStampsEndTime(status: AttemptStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/**
 * Checks the values of an attempt update before anything is changed.
 *
 * @param update - the fields to change
 * @throws InvalidArgumentError for an unknown status or a value of the wrong type
 */
export function validateAttemptUpdate(update: AttemptUpdate): void {
  if (update.status !== undefined && !ATTEMPT_STATUS_SET.has(update.status)) {
    throw new InvalidArgumentError(
      `Invalid attempt status: ${String(update.status)}, expected one of ${ATTEMPT_STATUSES.join(', ')}`,
    );
  }
  if (update.workerId !== undefined && typeof update.workerId !== 'string') {
    throw new InvalidArgumentError('worker_id must be a string');
  }
  if (update.lastHeartbeatTime !== undefined && typeof update.lastHeartbeatTime !== 'number') {
    throw new InvalidArgumentError('last_heartbeat_time must be a number');
  }
  const metadata: unknown = update.metadata;
  if (
    metadata !== undefined &&
    metadata !== null &&
    (typeof metadata !== 'object' || Array.isArray(metadata))
  ) {
    throw new InvalidArgumentError('metadata must be an object or null');
  }
}

/**
 * Applies the supplied fields of an update to an attempt the backend owns (in
 * place): `succeeded`/`failed` re-stamp `end_time`, other statuses leave it.
 * No transition validation (any status to any status).
 *
 * @param attempt - the stored attempt, mutated
 * @param update - the fields to change (validated with `validateAttemptUpdate`)
 * @param now - the current time
 * @param cloneMetadata - copies the caller's metadata before storing it
 */
export function applyAttemptUpdate(
  attempt: Attempt,
  update: AttemptUpdate,
  now: number,
  cloneMetadata: <T>(value: T) => T = (value) => value,
): void {
  if (update.workerId !== undefined) attempt.worker_id = update.workerId;
  if (update.status !== undefined) {
    attempt.status = update.status;
    if (attemptStatusStampsEndTime(update.status)) attempt.end_time = now;
  }
  if (update.lastHeartbeatTime !== undefined)
    attempt.last_heartbeat_time = update.lastHeartbeatTime;
  if (update.metadata !== undefined) attempt.metadata = cloneMetadata(update.metadata);
}

/**
 * Applies a span heartbeat to an attempt (in place): `last_heartbeat_time`
 * becomes now, and `preparing`/`unresponsive` become `running`.
 *
 * @param attempt - the stored attempt, mutated
 * @param now - the current time
 */
export function applySpanHeartbeat(attempt: Attempt, now: number): void {
  attempt.last_heartbeat_time = now;
  if (attempt.status === 'preparing' || attempt.status === 'unresponsive') {
    attempt.status = 'running';
  }
}

/**
 * Whether `updateAttempt` syncs the attempt's worker: when a
 * non-empty `workerId` was supplied, or when a status was supplied and the
 * updated attempt names a non-empty worker.
 *
 * @param update - the update that was applied
 * @param attempt - the attempt after the update
 */
export function updateSyncsWorker(update: AttemptUpdate, attempt: Attempt): boolean {
  if (update.workerId !== undefined && update.workerId !== '') return true;
  return update.status !== undefined && !!attempt.worker_id;
}
