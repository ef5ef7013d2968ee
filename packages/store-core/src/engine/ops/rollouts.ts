import type { AttemptedRollout, PaginatedResult, Rollout } from '@agl/types';
import { cloneJson } from '../../clone';
import { NotFoundError } from '../../errors';
import { rolloutsQuery } from '../../query/build';
import { runListQuery } from '../../query/run';
import { resolveRolloutConfig } from '../../status/config';
import { validateRolloutUpdate } from '../../status/validate';
import type { QueryRolloutsOptions, RolloutUpdate } from '../../store';
import type { EngineContext } from '../context';
import { copyRollout, copyWithLatest } from '../copies';
import { setRolloutStatus } from '../lifecycle';

/**
 * Reads a rollout with its latest attempt, or `null`.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 */
export function getRolloutById(
  ctx: EngineContext,
  rolloutId: string,
): Rollout | AttemptedRollout | null {
  const rollout = ctx.backend.getRollout(rolloutId);
  return rollout ? copyWithLatest(rollout, ctx.backend.attemptsOf(rolloutId)) : null;
}

/**
 * Replaces the supplied fields of a rollout. A supplied status
 * is set with its side effects even when unchanged (a terminal one re-stamps
 * `end_time`); attempts and workers are not touched.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param update - the fields to change
 * @throws NotFoundError for an unknown rollout
 */
export function updateRollout(
  ctx: EngineContext,
  rolloutId: string,
  update: RolloutUpdate,
): Rollout {
  validateRolloutUpdate(update);
  const rollout = ctx.backend.getRollout(rolloutId);
  if (!rollout) {
    throw new NotFoundError(`Item does not exist with primary key(s): rollout_id='${rolloutId}'`);
  }
  const config = update.config === undefined ? undefined : resolveRolloutConfig(update.config);
  let changed = false;
  if (update.input !== undefined) {
    rollout.input = cloneJson(update.input);
    changed = true;
  }
  if (update.mode !== undefined) {
    rollout.mode = update.mode;
    changed = true;
  }
  if (update.resourcesId !== undefined) {
    rollout.resources_id = update.resourcesId;
    changed = true;
  }
  if (config !== undefined) {
    rollout.config = config;
    changed = true;
  }
  if (update.metadata !== undefined) {
    rollout.metadata = cloneJson(update.metadata);
    changed = true;
  }
  if (update.status !== undefined) {
    setRolloutStatus(ctx, rollout, update.status, ctx.clock.now());
  } else if (changed) {
    ctx.backend.putRollout(rollout);
  }
  return copyRollout(rollout);
}

/**
 * Lists rollouts, each with its latest attempt: the
 * backend's `queryRollouts` hook answers when it can, else a scan of every
 * rollout through the shared query engine.
 *
 * @param ctx - the engine context
 * @param options - filters, sorting and pagination
 */
export function queryRollouts(
  ctx: EngineContext,
  options: QueryRolloutsOptions,
): PaginatedResult<Rollout | AttemptedRollout> {
  const { backend } = ctx;
  const query = rolloutsQuery(options);
  const page = backend.queryRollouts?.(query);
  if (page === undefined) {
    return runListQuery(query, backend.listRollouts(), {
      map: (rollout) => copyWithLatest(rollout, backend.attemptsOf(rollout.rollout_id)),
    });
  }
  const items = page.items.map((entry) => copyWithLatest(entry.rollout, entry.attempts));
  return { items, limit: page.limit, offset: page.offset, total: page.total };
}
