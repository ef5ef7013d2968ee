import type { Attempt, AttemptedRollout, Rollout, RolloutConfigInput } from '@agl/types';
import type { LightningStore } from '../store';

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
