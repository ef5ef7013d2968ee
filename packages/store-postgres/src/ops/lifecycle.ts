import type { AttemptUpdate } from '@agl/store-core';
import {
  applyAttemptUpdate,
  attemptWorkerPatch,
  propagatedRolloutStatus,
  updateSyncsWorker,
} from '@agl/store-core/backend';
import type { Attempt } from '@agl/types';
import type { TxContext } from '../context';
import type { RolloutRecord } from '../rows';
import { setRolloutStatus } from './rollout-rows';

/**
 * Syncs the attempt's worker with the shared
 * `attemptWorkerPatch`; nothing when the attempt names no worker. Written
 * with the transaction's other writes.
 *
 * @param ctx - the transaction
 * @param attempt - the attempt after its change
 * @param dequeue - also stamp `last_dequeue_time`
 */
export function syncWorker(ctx: TxContext, attempt: Attempt, dequeue = false): void {
  const sync = attemptWorkerPatch(attempt, ctx.now, { dequeue });
  if (sync) ctx.writes.patchWorker(sync.workerId, sync.patch);
}

/**
 * Applies an attempt update: the fields (shared
 * `applyAttemptUpdate`), propagation to the rollout when it is the latest
 * attempt (shared `propagatedRolloutStatus`, sticky `cancelled` respected),
 * then the worker sync; all written with the transaction's other writes.
 * The rollout must be locked.
 *
 * @param ctx - the transaction
 * @param record - the locked rollout
 * @param attempt - the stored attempt, changed in place
 * @param update - the validated update
 */
export function applyAttemptChange(
  ctx: TxContext,
  record: RolloutRecord,
  attempt: Attempt,
  update: AttemptUpdate,
): void {
  applyAttemptUpdate(attempt, update, ctx.now);
  ctx.writes.saveAttempts([attempt]);
  if (attempt.sequence_id === record.attemptCount) {
    const next = propagatedRolloutStatus(record.rollout.status, attempt, record.rollout.config);
    if (next !== null) {
      setRolloutStatus(ctx, record, next);
      ctx.writes.saveRollouts([record]);
    }
  }
  if (updateSyncsWorker(update, attempt)) syncWorker(ctx, attempt);
}
