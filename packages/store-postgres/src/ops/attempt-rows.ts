import { buildAttempt, generateAttemptId } from '@agl/store-core/backend';
import type { Attempt } from '@agl/types';
import type { TxContext } from '../context';
import { ATTEMPT_COLUMNS, decodeAttempt, type RolloutRecord } from '../rows';
import { setRolloutStatus } from './rollout-rows';

/**
 * Loads the latest attempt of each rollout that has one (call it after
 * locking the rollouts, so the attempts cannot change meanwhile).
 *
 * @param ctx - the transaction
 * @param records - the locked rollouts
 * @returns latest attempt by rollout id
 */
export async function loadLatestAttempts(
  ctx: TxContext,
  records: readonly RolloutRecord[],
): Promise<Map<string, Attempt>> {
  const withAttempts = records.filter((r) => r.attemptCount > 0);
  const rows = await ctx.sql.query(
    `SELECT ${ATTEMPT_COLUMNS} FROM agl_attempts a
      JOIN unnest($2::text[], $3::int[]) AS k(rollout_id, sequence_id)
        ON a.rollout_id = k.rollout_id AND a.sequence_id = k.sequence_id
      WHERE a.partition = $1`,
    [
      ctx.partition,
      withAttempts.map((r) => r.rollout.rollout_id),
      withAttempts.map((r) => r.attemptCount),
    ],
  );
  const latest = new Map<string, Attempt>();
  for (const row of rows) {
    const attempt = decodeAttempt(row);
    if (attempt) latest.set(attempt.rollout_id, attempt);
  }
  return latest;
}

/**
 * Creates the next attempt of each locked rollout (`sequence_id` = count + 1,
 * `preparing`, the given worker, a random id) and makes each rollout
 * `preparing`; both are written with the transaction's other writes. An id
 * already used in the same rollout (a 1 in 2^32 event) makes that statement
 * fail with a unique violation, and the runner runs the whole transaction
 * again with fresh ids (`isRetryableSqlError`). The caller saves the
 * rollouts and syncs the worker.
 *
 * @param ctx - the transaction
 * @param records - the locked rollouts
 * @param workerId - the worker running the attempts, or `null`
 * @returns the new attempts, in the order of `records`
 */
export function startNextAttempts(
  ctx: TxContext,
  records: readonly RolloutRecord[],
  workerId: string | null,
): Attempt[] {
  const attempts = records.map((record) =>
    buildAttempt({
      rolloutId: record.rollout.rollout_id,
      attemptId: generateAttemptId(),
      sequenceId: record.attemptCount + 1,
      now: ctx.now,
      workerId,
    }),
  );
  ctx.writes.insertAttempts(attempts);
  for (const record of records) {
    record.attemptCount += 1;
    setRolloutStatus(ctx, record, 'preparing');
  }
  return attempts;
}
