import { NotFoundError, type RolloutUpdate } from '@agl/store-core';
import { cloneJson, resolveRolloutConfig, validateRolloutUpdate } from '@agl/store-core/backend';
import type { Attempt, AttemptedRollout, Rollout } from '@agl/types';
import type { TxContext } from '../context';
import { ATTEMPT_COLUMNS, decodeAttempt, decodeRollout, ROLLOUT_COLUMNS } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { encodeJson } from '../sql/json';
import { lockRollout, setRolloutStatus } from './rollout-rows';

/** `FROM` clause joining each rollout (`r`) to its latest attempt (`a`), if any. */
export const ROLLOUT_WITH_LATEST = `agl_rollouts r LEFT JOIN agl_attempts a
  ON a.partition = r.partition AND a.rollout_id = r.rollout_id
 AND a.sequence_id = r.attempt_count`;

/**
 * A rollout with `attempt` attached, or without the key at all when it has
 * no attempt (the wire carries `attempt` only on attempted rollouts).
 *
 * @param rollout - the rollout
 * @param attempt - its latest attempt, or `null`
 */
export function withAttempt(rollout: Rollout, attempt: Attempt | null): Rollout | AttemptedRollout {
  return attempt ? { ...rollout, attempt } : rollout;
}

/**
 * Reads a rollout with its latest attempt in one statement, or `null`.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param rolloutId - the rollout
 */
export async function getRolloutById(
  sql: SqlExecutor,
  partition: string,
  rolloutId: string,
): Promise<Rollout | AttemptedRollout | null> {
  const [row] = await sql.query(
    `SELECT ${ROLLOUT_COLUMNS}, ${ATTEMPT_COLUMNS} FROM ${ROLLOUT_WITH_LATEST}
      WHERE r.partition = $1 AND r.rollout_id = $2`,
    [partition, rolloutId],
  );
  return row ? withAttempt(decodeRollout(row).rollout, decodeAttempt(row)) : null;
}

/**
 * Replaces the supplied fields of a rollout under its row
 * lock. A supplied status is set with its side effects even when unchanged
 * (a terminal one re-stamps `end_time`); attempts and workers are untouched.
 *
 * @param ctx - the transaction
 * @param rolloutId - the rollout
 * @param update - the fields to change
 * @throws NotFoundError for an unknown rollout
 */
export async function updateRollout(
  ctx: TxContext,
  rolloutId: string,
  update: RolloutUpdate,
): Promise<Rollout> {
  validateRolloutUpdate(update);
  const config = update.config === undefined ? undefined : resolveRolloutConfig(update.config);
  const record = await lockRollout(ctx, rolloutId);
  if (!record) {
    throw new NotFoundError(`Item does not exist with primary key(s): rollout_id='${rolloutId}'`);
  }
  const rollout = record.rollout;
  if (update.input !== undefined) rollout.input = cloneJson(update.input);
  if (update.mode !== undefined) rollout.mode = update.mode;
  if (update.resourcesId !== undefined) rollout.resources_id = update.resourcesId;
  if (config !== undefined) rollout.config = config;
  if (update.metadata !== undefined) rollout.metadata = cloneJson(update.metadata);
  const fieldsChanged = [update.input, update.mode, update.resourcesId, config, update.metadata];
  if (fieldsChanged.some((value) => value !== undefined)) {
    await ctx.sql.query(
      `UPDATE agl_rollouts SET input = $3, mode = $4, resources_id = $5, config = $6,
          timeout_seconds = $7, unresponsive_seconds = $8, metadata = $9
        WHERE partition = $1 AND rollout_id = $2`,
      [
        ctx.partition,
        rolloutId,
        encodeJson(rollout.input, 'input'),
        rollout.mode,
        rollout.resources_id,
        encodeJson(rollout.config, 'config'),
        rollout.config.timeout_seconds,
        rollout.config.unresponsive_seconds,
        encodeJson(rollout.metadata, 'metadata'),
      ],
    );
  }
  if (update.status !== undefined) {
    setRolloutStatus(ctx, record, update.status);
    ctx.writes.saveRollouts([record]);
  }
  return rollout;
}
