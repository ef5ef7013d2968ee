import type {
  Attempt,
  AttemptedRollout,
  Rollout,
  RolloutConfigInput,
  RolloutStatus,
} from '@agl/types';
import type { LightningStore } from '../store';
import { present } from './assertions';

/**
 * Enqueues `count` rollouts one by one with inputs `{ index: 0 }`, `{ index: 1 }`, ...
 *
 * @param store - the store
 * @param count - how many
 * @returns the rollouts, in enqueue order
 */
export async function enqueueSeveral(store: LightningStore, count: number): Promise<Rollout[]> {
  const rollouts: Rollout[] = [];
  for (let index = 0; index < count; index += 1) {
    rollouts.push(await store.enqueueRollout({ index }));
  }
  return rollouts;
}

/** A rollout started with `startRollout` plus further manual attempts. */
export interface RolloutWithAttempts {
  /** The rollout as last returned (carrying its latest attempt). */
  readonly rollout: AttemptedRollout;
  /** Its attempts in sequence order. */
  readonly attempts: Attempt[];
}

/**
 * Starts a rollout and adds manual attempts until it has `count`.
 *
 * @param store - the store
 * @param count - number of attempts (at least 1)
 * @param options - config and worker of the rollout
 */
export async function rolloutWithAttempts(
  store: LightningStore,
  count: number,
  options: { config?: RolloutConfigInput; workerId?: string } = {},
): Promise<RolloutWithAttempts> {
  let rollout = await store.startRollout({ task: 'attempts' }, options);
  const attempts = [rollout.attempt];
  for (let index = 1; index < count; index += 1) {
    rollout = await store.startAttempt(rollout.rollout_id, options);
    attempts.push(rollout.attempt);
  }
  return { rollout, attempts };
}

/**
 * Enqueues one rollout per entry and sets each to its status (`queuing` ones
 * are left as enqueued).
 *
 * @returns the rollout ids, in creation order
 */
export async function withStatuses(
  store: LightningStore,
  statuses: readonly RolloutStatus[],
): Promise<string[]> {
  const rollouts = await enqueueSeveral(store, statuses.length);
  for (const [index, status] of statuses.entries()) {
    if (status !== 'queuing')
      await store.updateRollout(present(rollouts[index]).rollout_id, { status });
  }
  return rollouts.map((r) => r.rollout_id);
}

/** The rollout ids of a page, in order. */
export const rolloutIdsOf = (page: { items: { rollout_id: string }[] }): string[] =>
  page.items.map((r) => r.rollout_id);
