import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { RolloutCache } from '../src/rollouts.js';

/** A memory store that counts the lookups the cache sends it. */
async function countingStore() {
  const store = new InMemoryLightningStore();
  const rollout = await store.startRollout({ q: 1 }, { mode: 'train' });
  const calls = { rollouts: 0, attempts: 0 };
  const rollouts = store.queryRollouts.bind(store);
  store.queryRollouts = (options) => {
    calls.rollouts += 1;
    return rollouts(options);
  };
  const attempts = store.queryAttempts.bind(store);
  store.queryAttempts = (rolloutId, options) => {
    calls.attempts += 1;
    return attempts(rolloutId, options);
  };
  return { store, calls, rid: rollout.rollout_id, aid: rollout.attempt.attempt_id };
}

describe('RolloutCache', () => {
  it('asks the store once for a rollout and attempt, then answers from memory', async () => {
    const { store, calls, rid, aid } = await countingStore();
    const cache = new RolloutCache();
    expect(cache.known(rid, aid)).toBeNull();
    expect(await cache.lookup(store, rid, aid)).toEqual({ kind: 'ok', mode: 'train' });
    expect(cache.known(rid, aid)).toEqual({ kind: 'ok', mode: 'train' });
    expect(await cache.lookup(store, rid, aid)).toEqual({ kind: 'ok', mode: 'train' });
    expect(calls).toEqual({ rollouts: 1, attempts: 0 });
  });

  it('answers unknown rollouts without remembering them', async () => {
    const { store, calls } = await countingStore();
    const cache = new RolloutCache();
    expect(await cache.lookup(store, 'ro-missing', 'at-1')).toEqual({ kind: 'unknown-rollout' });
    expect(await cache.lookup(store, 'ro-missing', 'at-1')).toEqual({ kind: 'unknown-rollout' });
    expect(calls.rollouts).toBe(2);
  });

  it('finds a later attempt of a cached rollout, and asks at most once a second for unknown ones', async () => {
    const { store, calls, rid, aid } = await countingStore();
    const cache = new RolloutCache();
    await cache.lookup(store, rid, aid);
    const second = await store.startAttempt(rid);
    expect(cache.known(rid, second.attempt.attempt_id)).toBeNull();
    expect(await cache.lookup(store, rid, second.attempt.attempt_id)).toEqual({
      kind: 'ok',
      mode: 'train',
    });
    expect(calls.attempts).toBe(1);
    expect(await cache.lookup(store, rid, 'at-missing')).toEqual({ kind: 'unknown-attempt' });
    expect(await cache.lookup(store, rid, 'at-missing')).toEqual({ kind: 'unknown-attempt' });
    expect(calls.attempts).toBe(1);
    expect(cache.known(rid, second.attempt.attempt_id)).toEqual({ kind: 'ok', mode: 'train' });
  });
});
