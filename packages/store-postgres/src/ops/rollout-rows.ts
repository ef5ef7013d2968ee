import { rolloutStatusEffects } from '@agl/store-core/backend';
import type { RolloutStatus } from '@agl/types';
import type { TxContext } from '../context';
import { decodeRollout, ROLLOUT_COLUMNS, type RolloutRecord } from '../rows';

/**
 * Locks rollouts (`SELECT ... FOR UPDATE`, in id order so that transactions
 * locking several rollouts never deadlock each other) and loads them. Under
 * READ COMMITTED the rows returned are the latest committed versions. Every
 * write to a rollout or to one of its attempts happens under this lock.
 *
 * @param ctx - the transaction
 * @param ids - the rollout ids (unknown ids are simply absent from the result)
 */
export async function lockRollouts(
  ctx: TxContext,
  ids: readonly string[],
): Promise<Map<string, RolloutRecord>> {
  const rows = await ctx.sql.query(
    `SELECT ${ROLLOUT_COLUMNS} FROM agl_rollouts r
      WHERE r.partition = $1 AND r.rollout_id = ANY($2::text[])
      ORDER BY r.rollout_id FOR UPDATE`,
    [ctx.partition, [...new Set(ids)]],
  );
  const records = new Map<string, RolloutRecord>();
  for (const row of rows) {
    const record = decodeRollout(row);
    records.set(record.rollout.rollout_id, record);
  }
  return records;
}

/**
 * Locks and loads one rollout.
 *
 * @param ctx - the transaction
 * @param rolloutId - the rollout
 * @returns the record, or `undefined` when the rollout does not exist
 */
export async function lockRollout(
  ctx: TxContext,
  rolloutId: string,
): Promise<RolloutRecord | undefined> {
  return (await lockRollouts(ctx, [rolloutId])).get(rolloutId);
}

/**
 * Sets a rollout's status with the side effects of a status change, computed by
 * the shared `rolloutStatusEffects`: `end_time` on terminal, a new queue
 * entry on entering the queuing class (once), and a waiter notification on
 * terminal. Changes the record only; `ctx.writes.saveRollouts` writes it.
 *
 * @param ctx - the transaction
 * @param record - the locked rollout
 * @param status - the new status
 */
export function setRolloutStatus(
  ctx: TxContext,
  record: RolloutRecord,
  status: RolloutStatus,
): void {
  record.rollout.status = status;
  const effects = rolloutStatusEffects(status, { alreadyQueued: record.queued, now: ctx.now });
  if (effects.endTime !== null) record.rollout.end_time = effects.endTime;
  if (effects.enqueue) {
    record.queued = true;
    record.enqueue = true;
  }
  if (effects.releaseWaiters) ctx.terminal.add(record.rollout.rollout_id);
}
