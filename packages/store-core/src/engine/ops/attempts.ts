import type { Attempt, PaginatedResult } from '@agl/types';
import { NotFoundError } from '../../errors';
import { attemptsQuery } from '../../query/build';
import { runListQuery } from '../../query/run';
import { validateAttemptUpdate } from '../../status/attempt-status';
import type { AttemptUpdate, QueryAttemptsOptions } from '../../store';
import { type EngineContext, findAttempt, latestAttemptOf } from '../context';
import { copyAttempt } from '../copies';
import { applyAttemptChange } from '../lifecycle';

/**
 * Updates an attempt (`latest` or an id) and re-derives the rollout status
 * when it is the latest attempt.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param attemptId - the attempt id or `latest`
 * @param update - the fields to change
 * @throws NotFoundError for an unknown rollout, a rollout without attempts, or an unknown attempt
 */
export function updateAttempt(
  ctx: EngineContext,
  rolloutId: string,
  attemptId: string,
  update: AttemptUpdate,
): Attempt {
  validateAttemptUpdate(update);
  const { backend } = ctx;
  const rollout = backend.getRollout(rolloutId);
  if (!rollout) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  const latest = latestAttemptOf(backend, rolloutId);
  if (!latest) throw new NotFoundError(`No attempts found for rollout ${rolloutId}`);
  const attempt = attemptId === 'latest' ? latest : findAttempt(backend, rolloutId, attemptId);
  if (!attempt) throw new NotFoundError(`Attempt ${attemptId} not found for rollout ${rolloutId}`);
  applyAttemptChange(ctx, rollout, attempt, update, ctx.clock.now());
  return copyAttempt(attempt);
}

/**
 * Lists a rollout's attempts (an unknown rollout gives an empty page).
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param options - sorting (default `sequence_id`) and pagination
 */
export function queryAttempts(
  ctx: EngineContext,
  rolloutId: string,
  options: QueryAttemptsOptions,
): PaginatedResult<Attempt> {
  const query = attemptsQuery(rolloutId, options);
  return runListQuery(query, ctx.backend.attemptsOf(rolloutId), { map: copyAttempt });
}

/**
 * The attempt with the highest `sequence_id`, or `null`.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 */
export function getLatestAttempt(ctx: EngineContext, rolloutId: string): Attempt | null {
  const latest = latestAttemptOf(ctx.backend, rolloutId);
  return latest ? copyAttempt(latest) : null;
}
