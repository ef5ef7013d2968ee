import type {
  CreateRolloutOptions,
  EnqueueRolloutItem,
  StartRolloutOptions,
} from '@agl/store-core';
import type { EnqueueRolloutRequest, RolloutRequest } from '@agl/types';
import { fullConfig } from './normalise';

/**
 * Body of `POST /rollouts/enqueue` for one item: all five keys, `null`s
 * included, `config` as a full object when given.
 *
 * @param input - the task payload
 * @param options - mode, resources, config and metadata
 */
function enqueueItemBody(
  input: unknown,
  options: CreateRolloutOptions = {},
): EnqueueRolloutRequest {
  return {
    input: input === undefined ? null : input,
    mode: options.mode ?? null,
    resources_id: options.resourcesId ?? null,
    config: options.config == null ? null : fullConfig(options.config),
    metadata: options.metadata ?? null,
  };
}

/**
 * Body of `POST /queues/rollouts/enqueue` for many items.
 *
 * @param items - the rollouts to enqueue
 */
export function enqueueBody(items: readonly EnqueueRolloutItem[]): {
  rollouts: EnqueueRolloutRequest[];
} {
  return { rollouts: items.map((item) => enqueueItemBody(item.input, item)) };
}

/**
 * Body of `POST /rollouts`: all six keys, `null`s included.
 *
 * @param input - the task payload
 * @param options - mode, resources, config, metadata and worker
 */
export function startRolloutBody(
  input: unknown,
  options: StartRolloutOptions = {},
): RolloutRequest {
  return { ...enqueueItemBody(input, options), worker_id: options.workerId ?? null };
}

/**
 * Body of `POST /queues/rollouts/dequeue`: `limit`, plus `worker_id` only when not null.
 *
 * @param limit - how many rollouts to claim
 * @param workerId - the claiming worker
 */
export function dequeueBody(
  limit: number,
  workerId: string | null | undefined,
): { limit: number; worker_id?: string } {
  return workerId == null ? { limit } : { limit, worker_id: workerId };
}

/**
 * Body of `POST /rollouts/{id}/attempts`: `{worker_id}` when given, otherwise no body.
 *
 * @param workerId - the worker running the new attempt
 */
export function startAttemptBody(
  workerId: string | null | undefined,
): { worker_id: string } | undefined {
  return workerId == null ? undefined : { worker_id: workerId };
}
