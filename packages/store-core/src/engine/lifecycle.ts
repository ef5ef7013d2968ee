/**
 * The state transitions every engine operation shares: rollout status with
 * its side effects, attempt creation and updates, span heartbeats, worker sync.
 *
 * @module
 */
import {
  type Attempt,
  isQueuingStatus,
  type Rollout,
  type RolloutStatus,
  type Worker,
} from '@agl/types';
import { cloneJson } from '../clone';
import { generateAttemptId, generateUniqueId } from '../ids';
import {
  applyAttemptUpdate,
  applySpanHeartbeat,
  updateSyncsWorker,
} from '../status/attempt-status';
import { buildAttempt } from '../status/builders';
import {
  propagatedRolloutStatus,
  rolloutStatusEffects,
  spanPromotesRollout,
} from '../status/rollout-status';
import type { AttemptUpdate } from '../store';
import {
  applyWorkerPatch,
  attemptWorkerPatch,
  newWorker,
  type WorkerPatch,
} from '../workers/telemetry';
import { type EngineContext, latestAttemptOf } from './context';

/**
 * Sets a rollout's status with every side effect of a status change (`end_time`
 * on terminal, one queue entry on entering the queuing class, waiter release)
 * and writes it back.
 *
 * @param ctx - the engine context
 * @param rollout - the rollout (changed and written back)
 * @param status - the new status
 * @param now - the current time
 */
export function setRolloutStatus(
  ctx: EngineContext,
  rollout: Rollout,
  status: RolloutStatus,
  now: number,
): void {
  const id = rollout.rollout_id;
  const alreadyQueued = isQueuingStatus(status) && ctx.backend.isQueued(id);
  const effects = rolloutStatusEffects(status, { alreadyQueued, now });
  rollout.status = status;
  if (effects.endTime !== null) rollout.end_time = effects.endTime;
  ctx.backend.putRollout(rollout);
  if (effects.enqueue) ctx.backend.enqueue(id);
  if (effects.releaseWaiters) ctx.waiters.notify(id);
}

/**
 * Creates the worker when needed, writes the patch and stores it.
 *
 * @param ctx - the engine context
 * @param workerId - the worker
 * @param patch - the fields to write
 */
export function upsertWorker(ctx: EngineContext, workerId: string, patch: WorkerPatch): Worker {
  const worker = applyWorkerPatch(ctx.backend.getWorker(workerId) ?? newWorker(workerId), patch);
  ctx.backend.putWorker(worker);
  return worker;
}

/**
 * Syncs the attempt's worker; nothing when it names no worker.
 *
 * @param ctx - the engine context
 * @param attempt - the attempt after its change
 * @param now - the current time
 * @param dequeue - also stamp `last_dequeue_time`
 */
export function syncWorker(ctx: EngineContext, attempt: Attempt, now: number, dequeue = false) {
  const sync = attemptWorkerPatch(attempt, now, { dequeue });
  if (sync) upsertWorker(ctx, sync.workerId, sync.patch);
}

/**
 * Creates the next attempt of a rollout (`sequence_id` = count + 1) and makes
 * the rollout `preparing`. The worker is not synced here.
 *
 * @param ctx - the engine context
 * @param rollout - the rollout
 * @param workerId - the worker running it, or `null`
 * @param now - the current time
 */
export function startNextAttempt(
  ctx: EngineContext,
  rollout: Rollout,
  workerId: string | null,
  now: number,
): Attempt {
  const attempts = ctx.backend.attemptsOf(rollout.rollout_id);
  const attempt = buildAttempt({
    rolloutId: rollout.rollout_id,
    attemptId: generateUniqueId(
      () => generateAttemptId(ctx.randomHex),
      (id) => attempts.some((a) => a.attempt_id === id),
    ),
    sequenceId: attempts.length + 1,
    now,
    workerId,
  });
  ctx.backend.insertAttempt(attempt);
  // Setting `preparing` on a `preparing` rollout has no effect at all: skip the write.
  if (rollout.status !== 'preparing') setRolloutStatus(ctx, rollout, 'preparing', now);
  return attempt;
}

/**
 * Applies an attempt update: the fields, propagation
 * to the rollout when it is the latest attempt (sticky `cancelled`
 * respected), then the worker sync.
 *
 * @param ctx - the engine context
 * @param rollout - the attempt's rollout
 * @param attempt - the attempt (changed and written back)
 * @param update - the validated update
 * @param now - the current time
 */
export function applyAttemptChange(
  ctx: EngineContext,
  rollout: Rollout,
  attempt: Attempt,
  update: AttemptUpdate,
  now: number,
): void {
  applyAttemptUpdate(attempt, update, now, cloneJson);
  ctx.backend.putAttempt(attempt);
  if (latestAttemptOf(ctx.backend, rollout.rollout_id)?.attempt_id === attempt.attempt_id) {
    const next = propagatedRolloutStatus(rollout.status, attempt, rollout.config);
    if (next !== null) setRolloutStatus(ctx, rollout, next, now);
  }
  if (updateSyncsWorker(update, attempt)) syncWorker(ctx, attempt, now);
}

/**
 * Applies a span heartbeat to an attempt and, for the latest attempt,
 * promotes a `preparing`/`requeuing`/`queuing` rollout to `running`.
 *
 * @param ctx - the engine context
 * @param rollout - the attempt's rollout
 * @param attempt - the span's attempt (changed and written back)
 * @param now - the current time
 */
export function heartbeatAttempt(
  ctx: EngineContext,
  rollout: Rollout,
  attempt: Attempt,
  now: number,
): void {
  applySpanHeartbeat(attempt, now);
  ctx.backend.putAttempt(attempt);
  const isLatest =
    latestAttemptOf(ctx.backend, rollout.rollout_id)?.attempt_id === attempt.attempt_id;
  if (isLatest && spanPromotesRollout(rollout.status)) {
    setRolloutStatus(ctx, rollout, 'running', now);
  }
}
