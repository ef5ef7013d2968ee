import { type AttemptUpdate, NotFoundError, type QueryAttemptsOptions } from '@agl/store-core';
import { attemptsQuery, validateAttemptUpdate } from '@agl/store-core/backend';
import type { Attempt, PaginatedResult } from '@agl/types';
import type { TxContext } from '../context';
import { runSqlQuery } from '../query/run';
import { ATTEMPT_COLUMNS, attemptKey, decodeAttempt, type RolloutRecord } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { allInOrder } from '../sql/in-order';
import { applyAttemptChange } from './lifecycle';
import { lockRollout, lockRollouts } from './rollout-rows';

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
  // In a group transaction both were run once for the whole group.
  const prepared = ctx.shared.get(preparedKey(rolloutId, attemptId)) as
    | Promise<[RolloutRecord | undefined, Attempt | null]>
    | undefined;
  const [record, attempt] = await (prepared ??
    allInOrder([lockRollout(ctx, rolloutId), loadAttemptOfLocked(ctx, rolloutId, attemptId)]));
  if (!record) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  if (record.attemptCount === 0) {
    throw new NotFoundError(`No attempts found for rollout ${rolloutId}`);
  }
  if (!attempt) throw new NotFoundError(`Attempt ${attemptId} not found for rollout ${rolloutId}`);
  applyAttemptChange(ctx, record, attempt, update);
  return attempt;
}

const preparedKey = (rolloutId: string, attemptId: string): string =>
  `update\u0000${attemptKey(rolloutId, attemptId)}`;

/** What `prepareUpdates` needs of one `updateAttempt` call. */
export interface UpdateTarget {
  /** The rollout. */
  readonly rolloutId: string;
  /** The attempt id or `latest`. */
  readonly attemptId: string;
}

/**
 * For a group of `updateAttempt` calls on different rollouts: locks all their
 * rollouts in one statement (in id order) and then reads all their attempts in
 * one statement that runs once the locks are held, instead of two statements
 * per call; each call finds its rollout and attempt in `ctx.shared`.
 *
 * @param ctx - the group's transaction
 * @param targets - each call's rollout and attempt
 */
export function prepareUpdates(ctx: TxContext, targets: readonly UpdateTarget[]): void {
  const locked = lockRollouts(
    ctx,
    targets.map((t) => t.rolloutId),
  );
  const read = ctx.sql.query(
    `SELECT ${ATTEMPT_COLUMNS}, k.attempt_id AS k_attempt_id
       FROM unnest($2::text[], $3::text[]) AS k(rollout_id, attempt_id)
       JOIN agl_rollouts r ON r.partition = $1 AND r.rollout_id = k.rollout_id
       JOIN agl_attempts a ON a.partition = $1 AND a.rollout_id = k.rollout_id
        AND CASE WHEN k.attempt_id = 'latest' THEN a.sequence_id = r.attempt_count
                 ELSE a.attempt_id = k.attempt_id END`,
    [ctx.partition, targets.map((t) => t.rolloutId), targets.map((t) => t.attemptId)],
  );
  const both = allInOrder([locked, read]);
  // Nobody may be left with an unobserved rejection: the calls see it through `both`.
  both.catch(() => undefined);
  for (const { rolloutId, attemptId } of targets) {
    const mine = both.then(([records, rows]) => {
      const row = rows.find((r) => r.a_rollout_id === rolloutId && r.k_attempt_id === attemptId);
      return [records.get(rolloutId), row ? decodeAttempt(row) : null];
    });
    // A call that fails before reading its share must not leave it unobserved.
    mine.catch(() => undefined);
    ctx.shared.set(preparedKey(rolloutId, attemptId), mine);
  }
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
