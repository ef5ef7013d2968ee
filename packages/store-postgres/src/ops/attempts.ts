import { type AttemptUpdate, NotFoundError, type QueryAttemptsOptions } from '@agl/store-core';
import { attemptsQuery, validateAttemptUpdate } from '@agl/store-core/backend';
import type { Attempt, PaginatedResult } from '@agl/types';
import type { TxContext } from '../context';
import { runSqlQuery } from '../query/run';
import { ATTEMPT_COLUMNS, decodeAttempt } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { allInOrder } from '../sql/in-order';
import { applyAttemptChange } from './lifecycle';
import { lockRollout } from './rollout-rows';

/**
 * Updates an attempt (`latest` or an id) under its rollout's row lock and
 * re-derives the rollout status when it is the latest attempt.
 *
 * @param ctx - the transaction
 * @param rolloutId - the rollout
 * @param attemptId - the attempt id or `latest`
 * @param update - the fields to change
 * @throws NotFoundError for an unknown rollout, a rollout without attempts, or an unknown attempt
 */
export async function updateAttempt(
  ctx: TxContext,
  rolloutId: string,
  attemptId: string,
  update: AttemptUpdate,
): Promise<Attempt> {
  validateAttemptUpdate(update);
  // Both statements go out together: the attempt is read by a statement of its
  // own that runs once the rollout's lock is held, so it is the latest version.
  const [record, attempt] = await allInOrder([
    lockRollout(ctx, rolloutId),
    loadAttemptOfLocked(ctx, rolloutId, attemptId),
  ]);
  if (!record) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  if (record.attemptCount === 0) {
    throw new NotFoundError(`No attempts found for rollout ${rolloutId}`);
  }
  if (!attempt) throw new NotFoundError(`Attempt ${attemptId} not found for rollout ${rolloutId}`);
  applyAttemptChange(ctx, record, attempt, update);
  return attempt;
}

/**
 * Reads one attempt (`latest`: the one numbered like the rollout's attempt
 * count) of a rollout locked by an earlier statement of the transaction.
 */
async function loadAttemptOfLocked(
  ctx: TxContext,
  rolloutId: string,
  attemptId: string,
): Promise<Attempt | null> {
  const [row] =
    attemptId === 'latest'
      ? await ctx.sql.query(
          `SELECT ${ATTEMPT_COLUMNS} FROM agl_rollouts r JOIN agl_attempts a
              ON a.partition = r.partition AND a.rollout_id = r.rollout_id
             AND a.sequence_id = r.attempt_count
            WHERE r.partition = $1 AND r.rollout_id = $2`,
          [ctx.partition, rolloutId],
        )
      : await ctx.sql.query(
          `SELECT ${ATTEMPT_COLUMNS} FROM agl_attempts a
            WHERE a.partition = $1 AND a.rollout_id = $2 AND a.attempt_id = $3`,
          [ctx.partition, rolloutId, attemptId],
        );
  return row ? decodeAttempt(row) : null;
}

/**
 * Lists a rollout's attempts (an unknown rollout gives an empty page).
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param rolloutId - the rollout
 * @param options - sorting (default `sequence_id`) and pagination
 */
export function queryAttempts(
  sql: SqlExecutor,
  partition: string,
  rolloutId: string,
  options: QueryAttemptsOptions,
): Promise<PaginatedResult<Attempt>> {
  return runSqlQuery(sql, attemptsQuery(rolloutId, options), {
    from: 'agl_attempts a',
    alias: 'a',
    partition,
    naturalOrder: 'a.sequence_id',
    columns: ATTEMPT_COLUMNS,
    decode: (row) => decodeAttempt(row) as Attempt,
  });
}

/**
 * The attempt with the highest `sequence_id`, or `null`.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param rolloutId - the rollout
 */
export async function getLatestAttempt(
  sql: SqlExecutor,
  partition: string,
  rolloutId: string,
): Promise<Attempt | null> {
  const [row] = await sql.query(
    `SELECT ${ATTEMPT_COLUMNS} FROM agl_rollouts r JOIN agl_attempts a
        ON a.partition = r.partition AND a.rollout_id = r.rollout_id
       AND a.sequence_id = r.attempt_count
      WHERE r.partition = $1 AND r.rollout_id = $2`,
    [partition, rolloutId],
  );
  return row ? decodeAttempt(row) : null;
}
