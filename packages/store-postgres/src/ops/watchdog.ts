import {
  applyAttemptUpdate,
  isStrandedClaim,
  type WatchdogEvent,
  watchdogChange,
  watchdogVerdict,
  watchdogWatches,
} from '@agl/store-core/backend';
import type { TxContext } from '../context';
import { loadLatestAttempts } from './attempt-rows';
import { applyAttemptChange, syncWorker } from './lifecycle';
import { lockRollouts, setRolloutStatus } from './rollout-rows';

/** Advisory lock class of the watchdog ("AGL" + 1); the object id is a hash of the partition. */
const WATCHDOG_LOCK_CLASS = 0x41474c01;

/**
 * One health scan of the partition, in one transaction:
 *
 * 1. `pg_advisory_xact_lock(class, hashtext(partition))` serialises scans of
 *    one partition across processes (a second scanner waits, then finds
 *    nothing left to do);
 * 2. an indexed pre-filter finds the `preparing`/`running` rollouts with a
 *    limit whose latest attempt may be overdue (a superset of the rule);
 * 3. those rollouts are locked in id order and re-read; a stranded claim
 *    (`isStrandedClaim`) goes back to the queue, otherwise the shared
 *    `watchdogVerdict` decides on the fresh rows; each verdict is applied like
 *    `updateAttempt(status)` (propagation, re-queue, worker sync).
 *
 * Running it concurrently is also safe without the advisory lock, because
 * every decision is taken on locked, freshly read rows; the lock only avoids
 * duplicated work.
 *
 * @param ctx - the transaction
 * @param claimTimeoutSeconds - the store's claim timeout, or `null`
 * @returns one event per attempt marked, to report once the transaction commits
 */
export async function watchdogScan(
  ctx: TxContext,
  claimTimeoutSeconds: number | null = null,
): Promise<WatchdogEvent[]> {
  await ctx.sql.query('SELECT pg_advisory_xact_lock($1::int4, hashtext($2))', [
    WATCHDOG_LOCK_CLASS | 0,
    ctx.partition,
  ]);
  const due = await ctx.sql.query<{ rollout_id: string }>(
    `SELECT r.rollout_id FROM agl_rollouts r JOIN agl_attempts a
        ON a.partition = r.partition AND a.rollout_id = r.rollout_id
       AND a.sequence_id = r.attempt_count
      WHERE r.partition = $1 AND r.status IN ('preparing', 'running')
        AND (($2::float8 - a.start_time > r.timeout_seconds
          OR $2::float8 - COALESCE(a.last_heartbeat_time, a.start_time) > r.unresponsive_seconds)
         OR (r.status = 'preparing' AND a.status = 'preparing'
          AND a.last_heartbeat_time IS NULL AND $2::float8 - a.start_time > $3::float8))`,
    [ctx.partition, ctx.now, claimTimeoutSeconds ?? 'Infinity'],
  );
  if (due.length === 0) return [];
  const records = await lockRollouts(
    ctx,
    due.map((row) => row.rollout_id),
  );
  const latest = await loadLatestAttempts(ctx, [...records.values()]);
  const marked: WatchdogEvent[] = [];
  for (const record of records.values()) {
    const attempt = latest.get(record.rollout.rollout_id);
    if (!attempt) continue;
    if (isStrandedClaim(record.rollout.status, attempt, claimTimeoutSeconds, ctx.now)) {
      // A claim whose answer was most likely lost: back to the queue without the
      // usual propagation, which would fail a rollout whose config allows no retry.
      applyAttemptUpdate(attempt, { status: 'unresponsive' }, ctx.now);
      ctx.writes.saveAttempts([attempt]);
      syncWorker(ctx, attempt);
      setRolloutStatus(ctx, record, 'requeuing');
      ctx.writes.saveRollouts([record]);
      marked.push({
        reason: 'stranded_claim',
        requeued: true,
        change: watchdogChange(record.rollout, attempt),
      });
      continue;
    }
    if (!watchdogWatches(record.rollout.status, record.rollout.config)) continue;
    const verdict = watchdogVerdict(attempt, record.rollout.config, ctx.now);
    if (verdict === null) continue;
    applyAttemptChange(ctx, record, attempt, { status: verdict });
    marked.push({
      reason: verdict,
      requeued: record.rollout.status === 'requeuing',
      change: watchdogChange(record.rollout, attempt),
    });
  }
  return marked;
}
