import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeedClock, seededIdDigits, seedStore } from '../e2e/seed';

// The browser suite's seed must give the same store twice: its screenshots and
// value assertions depend on it.

const NOW = 1_800_000_000;

/** Everything a seeded store holds, read back through the store API. */
async function seedAndDump(seed: number, realNow: number, mathRandom: number) {
  // A different real clock and `Math.random` per run: if the seed leaked either
  // into what it writes, the two dumps would differ.
  vi.setSystemTime(realNow * 1000);
  vi.spyOn(Math, 'random').mockReturnValue(mathRandom);
  const clock = new SeedClock();
  const store = new InMemoryLightningStore({
    clock,
    watchdogIntervalSeconds: null,
    randomHex: seededIdDigits(seed),
  });
  const result = await seedStore(store, { seed, now: NOW, clock, rollouts: 30 });
  // Reads at the seed's "now", so any watchdog pass sees the same time in both runs.
  clock.t = NOW;
  const rollouts = (await store.queryRollouts({ sortBy: 'start_time' })).items;
  const attempts = [];
  const spans = [];
  for (const rollout of rollouts) {
    attempts.push(...(await store.queryAttempts(rollout.rollout_id)).items);
    spans.push(...(await store.querySpans(rollout.rollout_id)).items);
  }
  const dump = {
    result: { ...result, rewards: [...result.rewards] },
    rollouts,
    attempts,
    spans,
    resources: (await store.queryResources({ sortBy: 'resources_id' })).items,
    workers: (await store.queryWorkers({ sortBy: 'worker_id' })).items,
  };
  return { dump, storeIds: new Set(rollouts.map((r) => r.rollout_id)) };
}

describe('seedStore', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('writes the same timestamps, span ids and contents for the same seed and now', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await seedAndDump(7, 1_900_000_000, 0.1);
    const second = await seedAndDump(7, 1_950_000_000, 0.9);
    // Everything is equal, the ids the store drew from the seeded digits included.
    expect(second.dump).toEqual(first.dump);
    expect([...second.storeIds].sort()).toEqual([...first.storeIds].sort());

    const { spans, rollouts, attempts, workers, resources } = first.dump;
    expect(rollouts).toHaveLength(31);
    expect(attempts.length).toBeGreaterThan(rollouts.length / 2);
    expect(spans.length).toBeGreaterThan(100);
    expect(workers).toHaveLength(13);
    expect(resources.map((r) => r.resources_id)).toContain('default');
    // Timestamps come from the seed's clock: within the day before `now`.
    for (const t of [
      ...rollouts.map((r) => r.start_time),
      ...attempts.map((a) => a.start_time),
      ...spans.flatMap((s) => (s.start_time === null ? [] : [s.start_time])),
    ]) {
      expect(t).toBeGreaterThanOrEqual(NOW - 86_400);
      expect(t).toBeLessThanOrEqual(NOW);
    }
  });

  it('writes other span ids and contents for another seed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = await seedAndDump(1, 1_900_000_000, 0.5);
    const b = await seedAndDump(2, 1_900_000_000, 0.5);
    expect(b.dump.spans.map((s) => s.span_id)).not.toEqual(a.dump.spans.map((s) => s.span_id));
    expect([...b.storeIds].some((id) => a.storeIds.has(id))).toBe(false);
    expect(b.dump.rollouts).toHaveLength(a.dump.rollouts.length);
  });
});
