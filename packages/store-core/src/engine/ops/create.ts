import type { AttemptedRollout, Rollout, RolloutConfig, RolloutStatus } from '@agl/types';
import { cloneJson } from '../../clone';
import { InvalidArgumentError } from '../../errors';
import { generateRolloutId, generateUniqueId } from '../../ids';
import { buildRollout } from '../../status/builders';
import { resolveRolloutConfig } from '../../status/config';
import { validateCreateRolloutOptions } from '../../status/validate';
import type { CreateRolloutOptions, EnqueueRolloutItem, StartRolloutOptions } from '../../store';
import { type EngineContext, workerIdOption } from '../context';
import { copyRollout, copyWithAttempt } from '../copies';
import { startNextAttempt, syncWorker } from '../lifecycle';

/**
 * Builds and inserts a rollout with the reference's defaults: input and
 * metadata copied (`{}` when none), resources id defaulting to the latest
 * snapshot's.
 */
function insertNewRollout(
  ctx: EngineContext,
  input: unknown,
  options: CreateRolloutOptions,
  config: RolloutConfig,
  status: RolloutStatus,
  latestResourcesId: string | null,
): Rollout {
  const { backend } = ctx;
  const rollout = buildRollout({
    rolloutId: generateUniqueId(
      () => generateRolloutId(ctx.randomHex),
      (id) => backend.getRollout(id) !== undefined,
    ),
    input: cloneJson(input === undefined ? null : input),
    now: ctx.clock.now(),
    status,
    mode: options.mode,
    resourcesId: options.resourcesId ?? latestResourcesId,
    config,
    metadata: cloneJson(options.metadata ?? {}),
  });
  backend.insertRollout(rollout);
  return rollout;
}

function latestResourcesId(ctx: EngineContext): string | null {
  return ctx.backend.latestResources()?.resources_id ?? null;
}

/**
 * Creates `queuing` rollouts and queues them, in order. Every item is
 * validated before any is stored, so a bad item leaves the store untouched.
 * The latest resources snapshot is resolved once; the clock is read per
 * rollout, so rollouts enqueued together still sort by creation time.
 *
 * @param ctx - the engine context
 * @param items - input and options of each rollout
 * @throws InvalidArgumentError for a list that is not one, or an invalid item
 */
export function enqueueMany(ctx: EngineContext, items: readonly EnqueueRolloutItem[]): Rollout[] {
  if (!Array.isArray(items)) throw new InvalidArgumentError('rollouts must be a list');
  const configs = items.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InvalidArgumentError('each rollout to enqueue must be an object with an input');
    }
    validateCreateRolloutOptions(item);
    return resolveRolloutConfig((item as EnqueueRolloutItem).config);
  });
  const resourcesId = latestResourcesId(ctx);
  return items.map((item, i) => {
    const config = configs[i] as RolloutConfig;
    const rollout = insertNewRollout(ctx, item.input, item, config, 'queuing', resourcesId);
    ctx.backend.enqueue(rollout.rollout_id);
    return copyRollout(rollout);
  });
}

/**
 * Creates a `preparing` rollout with attempt #1, outside the queue; the
 * worker, when given, becomes `busy`.
 *
 * @param ctx - the engine context
 * @param input - the task payload
 * @param options - creation options and the running worker
 */
export function startRollout(
  ctx: EngineContext,
  input: unknown,
  options: StartRolloutOptions,
): AttemptedRollout {
  validateCreateRolloutOptions(options);
  const workerId = workerIdOption(options.workerId);
  const config = resolveRolloutConfig(options.config);
  const rollout = insertNewRollout(
    ctx,
    input,
    options,
    config,
    'preparing',
    latestResourcesId(ctx),
  );
  const now = rollout.start_time;
  const attempt = startNextAttempt(ctx, rollout, workerId, now);
  if (workerId !== null) syncWorker(ctx, attempt, now);
  return copyWithAttempt(rollout, attempt);
}
