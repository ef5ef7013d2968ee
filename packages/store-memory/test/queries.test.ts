import type { QueryRolloutsOptions } from '@agl/store-core';
import { InvalidArgumentError } from '@agl/store-core';
import type { Rollout, RolloutStatus } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { makeStore } from './helpers';

/** A store whose rollouts are spread over every status, in a scrambled pattern. */
async function populated() {
  const { store, clock } = makeStore();
  const statuses: RolloutStatus[] = [
    'queuing',
    'preparing',
    'running',
    'failed',
    'succeeded',
    'cancelled',
    'requeuing',
  ];
  const rollouts = await store.enqueueManyRollouts(
    Array.from({ length: 3000 }, (_, i) => ({ input: i })),
  );
  for (const [i, r] of rollouts.entries()) {
    clock.advance(0.01);
    const status = statuses[(i * 7919) % statuses.length] as RolloutStatus;
    if (status !== 'queuing') await store.updateRollout(r.rollout_id, { status });
  }
  return { store, ids: rollouts.map((r) => r.rollout_id) };
}

/** The expected page, computed naively from the full natural-order list. */
function naive(all: Rollout[], options: QueryRolloutsOptions) {
  const conditions: ((r: Rollout) => boolean)[] = [];
  if (options.statusIn) conditions.push((r) => (options.statusIn ?? []).includes(r.status));
  if (options.rolloutIdIn)
    conditions.push((r) => (options.rolloutIdIn ?? []).includes(r.rollout_id));
  if (options.rolloutIdContains)
    conditions.push((r) => r.rollout_id.includes(options.rolloutIdContains ?? ''));
  const matches = all.filter((r) =>
    conditions.length === 0
      ? true
      : options.filterLogic === 'or'
        ? conditions.some((c) => c(r))
        : conditions.every((c) => c(r)),
  );
  const offset = options.offset ?? 0;
  const limit = options.limit ?? -1;
  const items = matches.slice(offset, limit < 0 ? undefined : offset + limit);
  return { ids: items.map((r) => r.rollout_id), total: matches.length };
}

describe('queryRollouts through the indexes', () => {
  it('agrees with a naive scan for status, id and mixed filters', async () => {
    const { store, ids } = await populated();
    const all = (await store.queryRollouts()).items;
    expect(all.map((r) => r.rollout_id)).toEqual(ids);
    const someIds = [ids[2999], ids[5], 'ro-missing', ids[5], ids[1500]] as string[];
    const cases: QueryRolloutsOptions[] = [
      { statusIn: ['failed'] },
      { statusIn: ['running', 'requeuing'], limit: 100, offset: 50 },
      { statusIn: ['succeeded'], limit: 100, offset: 10_000 },
      { statusIn: [] },
      { statusIn: ['queuing'], limit: 0 },
      { limit: 25, offset: 2990 },
      { rolloutIdIn: someIds },
      { rolloutIdIn: someIds, statusIn: ['failed', 'queuing'] },
      { rolloutIdIn: someIds, statusIn: ['failed'], filterLogic: 'or', limit: 40 },
      { statusIn: ['cancelled'], rolloutIdContains: 'a', limit: 30, offset: 3 },
      { statusIn: ['cancelled'], rolloutIdContains: 'a', filterLogic: 'or' },
      { rolloutIdContains: 'ab' },
      { statusIn: [], filterLogic: 'or', rolloutIdContains: 'f' },
    ];
    for (const options of cases) {
      const page = await store.queryRollouts(options);
      const expected = naive(all, options);
      expect(
        { ids: page.items.map((r) => r.rollout_id), total: page.total },
        JSON.stringify(options),
      ).toEqual(expected);
      expect(page.limit).toBe(options.limit ?? -1);
      expect(page.offset).toBe(options.offset ?? 0);
    }
  });

  it('sorts stably and keeps ties in creation order for desc', async () => {
    const { store } = await populated();
    const page = await store.queryRollouts({ sortBy: 'status', sortOrder: 'desc', limit: -1 });
    const statuses = page.items.map((r) => r.status);
    expect([...statuses]).toEqual([...statuses].sort().reverse());
    const firstRun = page.items
      .filter((r) => r.status === statuses[0])
      .map((r) => r.input as number);
    expect(firstRun).toEqual([...firstRun].sort((a, b) => a - b));
  });

  it('carries the latest attempt only on rollouts that have one', async () => {
    const { store } = makeStore();
    await store.enqueueRollout('a');
    await store.enqueueRollout('b');
    await store.dequeueRollout();
    const items = (await store.queryRollouts()).items;
    expect('attempt' in (items[0] as object)).toBe(true);
    expect('attempt' in (items[1] as object)).toBe(false);
  });

  it('validates sort fields, limits and offsets with the reference messages', async () => {
    const { store } = makeStore();
    await expect(store.queryRollouts({ sortBy: 'attempt' })).rejects.toThrow(
      /^Invalid sort_by: attempt/,
    );
    await expect(store.queryRollouts({ limit: -2 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.queryRollouts({ offset: -1 })).rejects.toThrow(
      'Offset must be greater than or equal to 0',
    );
    await expect(store.queryAttempts('ro-x', { limit: 0 })).resolves.toMatchObject({
      items: [],
      total: 0,
    });
  });

  it('filters workers through the status index', async () => {
    const { store } = makeStore();
    await store.enqueueManyRollouts([{ input: 1 }, { input: 2 }]);
    await store.dequeueRollout({ workerId: 'busy-1' });
    await store.dequeueRollout({ workerId: 'busy-2' });
    await store.dequeueRollout({ workerId: 'idle-1' });
    await store.updateWorker('unknown-1');
    const busy = await store.queryWorkers({ statusIn: ['busy'] });
    expect(busy.items.map((w) => w.worker_id)).toEqual(['busy-1', 'busy-2']);
    const mixed = await store.queryWorkers({
      statusIn: ['idle'],
      workerIdContains: 'unknown',
      filterLogic: 'or',
    });
    expect(mixed.items.map((w) => w.worker_id)).toEqual(['idle-1', 'unknown-1']);
  });
});
