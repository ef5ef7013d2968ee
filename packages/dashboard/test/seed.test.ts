import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeedClock, seedStore } from '../e2e/seed';

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
  const store = new InMemoryLightningStore({ clock, watchdogIntervalSeconds: null });
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

// Rollout and attempt ids are drawn by the store from a secure random source,
// not by the seed: they are replaced by their order of first appearance.
const STORE_ID = /\b(?:ro-[0-9a-f]{12}|at-[0-9a-f]{8})\b/g;
function canonical(dump: unknown): unknown {
  const names = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(dump).replace(STORE_ID, (id) => {
      let name = names.get(id);
      if (name === undefined) {
        name = `${id.slice(0, 3)}#${names.size}`;
        names.set(id, name);
      }
      return name;
    }),
  );
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
    expect(canonical(second.dump)).toEqual(canonical(first.dump));
    // The store's own ids differ between the runs; everything else is equal.
    expect([...second.storeIds].some((id) => first.storeIds.has(id))).toBe(false);

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
    expect(b.dump.rollouts).toHaveLength(a.dump.rollouts.length);
  });
});
