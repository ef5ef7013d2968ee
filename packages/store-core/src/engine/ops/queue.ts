import { type Attempt, type AttemptedRollout, isQueuingStatus, type Rollout } from '@agl/types';
import { NotFoundError } from '../../errors';
import { markIdlePatch } from '../../workers/telemetry';
import { type EngineContext, workerIdOption } from '../context';
import { copyWithAttempt } from '../copies';
import { startNextAttempt, syncWorker, upsertWorker } from '../lifecycle';

/**
 * Claims up to `limit` queued rollouts, FIFO. Popped
 * entries whose rollout left the queuing class (or vanished) are dropped.
 * Every new attempt carries the worker id; the worker is synced with the last
 * one only, or marked idle when nothing was claimed.
 *
 * @param ctx - the engine context
 * @param limit - how many to claim at most (an integer; checked by the caller)
 * @param workerIdInput - the claiming worker, or `null`/absent
 * @throws InvalidArgumentError for a worker id that is not a string
 */
export function dequeueMany(
  ctx: EngineContext,
  limit: number,
  workerIdInput: unknown,
): AttemptedRollout[] {
  const workerId = workerIdOption(workerIdInput);
  const { backend } = ctx;
  const now = ctx.clock.now();
  const claimed: { rollout: Rollout; attempt: Attempt }[] = [];
  while (claimed.length < limit) {
    const id = backend.dequeue();
    if (id === undefined) break;
    const rollout = backend.getRollout(id);
    if (!rollout || !isQueuingStatus(rollout.status)) continue;
    claimed.push({ rollout, attempt: startNextAttempt(ctx, rollout, workerId, now) });
  }
  const last = claimed[claimed.length - 1];
  if (workerId !== null) {
    if (last) syncWorker(ctx, last.attempt, now, true);
    else upsertWorker(ctx, workerId, markIdlePatch(backend.getWorker(workerId) ?? null, now));
  }
  return claimed.map(({ rollout, attempt }) => copyWithAttempt(rollout, attempt));
}

/**
 * Starts a new attempt of any rollout, whatever its status and `max_attempts`;
 * an existing queue entry stays and is skipped later.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param workerIdInput - the running worker, or `null`/absent
 * @throws NotFoundError for an unknown rollout
 */
export function startAttempt(
  ctx: EngineContext,
  rolloutId: string,
  workerIdInput: unknown,
): AttemptedRollout {
  const workerId = workerIdOption(workerIdInput);
  const rollout = ctx.backend.getRollout(rolloutId);
  if (!rollout) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  const now = ctx.clock.now();
  const attempt = startNextAttempt(ctx, rollout, workerId, now);
  if (workerId !== null) syncWorker(ctx, attempt, now);
  return copyWithAttempt(rollout, attempt);
}
