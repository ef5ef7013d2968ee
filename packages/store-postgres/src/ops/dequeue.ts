import { NotFoundError } from '@agl/store-core';
import { markIdlePatch } from '@agl/store-core/backend';
import { type AttemptedRollout, isQueuingStatus } from '@agl/types';
import type { TxContext } from '../context';
import { decodeRollout, ROLLOUT_COLUMNS, type RolloutRecord } from '../rows';
import { startNextAttempts } from './attempt-rows';
import { syncWorker } from './lifecycle';
import { lockRollout } from './rollout-rows';
import { lockWorker } from './worker-rows';

/**
 * Pops up to `count` queue entries, oldest first: the entries' rollouts are
 * locked with `FOR UPDATE SKIP LOCKED` (an entry another transaction is
 * claiming right now is skipped instead of waited for, so concurrent
 * dequeuers in any process never get the same rollout and never block each
 * other) and their queue position is cleared in the same statement.
 */
async function popQueue(ctx: TxContext, count: number): Promise<RolloutRecord[]> {
  const rows = await ctx.sql.query(
    `WITH head AS (
        SELECT rollout_id, queue_seq FROM agl_rollouts
         WHERE partition = $1 AND queue_seq IS NOT NULL
         ORDER BY queue_seq LIMIT $2 FOR UPDATE SKIP LOCKED)
      UPDATE agl_rollouts r SET queue_seq = NULL FROM head
       WHERE r.partition = $1 AND r.rollout_id = head.rollout_id
      RETURNING ${ROLLOUT_COLUMNS}, head.queue_seq AS position`,
    [ctx.partition, count],
  );
  rows.sort((a, b) => Number(a.position) - Number(b.position));
  return rows.map(decodeRollout);
}

/**
 * Claims up to `limit` queued rollouts in FIFO order in one transaction:
 * each popped entry leaves the queue; a rollout no longer
 * in the queuing class is dropped, the others get their next attempt and
 * become `preparing` (written, with the worker, in one statement at commit). Every new attempt carries the worker id; the worker is
 * synced with the last one, or marked idle when nothing was claimed.
 *
 * @param ctx - the transaction
 * @param limit - how many to claim at most
 * @param workerId - the claiming worker, or `null`
 */
export async function dequeueMany(
  ctx: TxContext,
  limit: number,
  workerId: string | null,
): Promise<AttemptedRollout[]> {
  const claimed: RolloutRecord[] = [];
  while (claimed.length < limit) {
    const popped = await popQueue(ctx, limit - claimed.length);
    if (popped.length === 0) break;
    claimed.push(...popped.filter((record) => isQueuingStatus(record.rollout.status)));
  }
  const attempts = startNextAttempts(ctx, claimed, workerId);
  ctx.writes.saveRollouts(claimed);
  const last = attempts[attempts.length - 1];
  if (workerId !== null) {
    if (last) syncWorker(ctx, last, true);
    else {
      const existing = await lockWorker(ctx, workerId);
      ctx.writes.patchWorker(workerId, markIdlePatch(existing, ctx.now));
    }
  }
  return claimed.map((record, i) => ({
    ...record.rollout,
    attempt: attempts[i] as NonNullable<(typeof attempts)[number]>,
  }));
}

/**
 * Starts a new attempt of any rollout, whatever its status and `max_attempts`.
 * A queue entry, if any, stays (a later dequeue drops it).
 *
 * @param ctx - the transaction
 * @param rolloutId - the rollout
 * @param workerId - the running worker, or `null`
 * @throws NotFoundError for an unknown rollout
 */
export async function startAttempt(
  ctx: TxContext,
  rolloutId: string,
  workerId: string | null,
): Promise<AttemptedRollout> {
  const record = await lockRollout(ctx, rolloutId);
  if (!record) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  const [attempt] = startNextAttempts(ctx, [record], workerId);
  const created = attempt as NonNullable<typeof attempt>;
  ctx.writes.saveRollouts([record]);
  if (workerId !== null) syncWorker(ctx, created);
  return { ...record.rollout, attempt: created };
}
