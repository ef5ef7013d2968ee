import { expect } from 'vitest';
import type { LightningStore } from '../../../store';
import { defineContractGroup } from '../../registry';

/** Creates, in this order: W-unknown (heartbeat), W-busy (running), W-idle (empty dequeue), other-1 (heartbeat). */
async function seed(store: LightningStore): Promise<void> {
  await store.updateWorker('W-unknown', { heartbeatStats: { cpu: 1 } });
  await store.startRollout({}, { workerId: 'W-busy' });
  await store.dequeueRollout({ workerId: 'W-idle' });
  await store.updateWorker('other-1');
}

const ids = (page: { items: { worker_id: string }[] }): string[] =>
  page.items.map((w) => w.worker_id);

/** `queryWorkers`. */
export const queryWorkersGroup = defineContractGroup('query workers', (test) => {
  test('lists workers in creation order', async ({ store }) => {
    await seed(store);
    const page = await store.queryWorkers();
    expect(ids(page)).toEqual(['W-unknown', 'W-busy', 'W-idle', 'other-1']);
    expect(page).toMatchObject({ total: 4, limit: -1, offset: 0 });
  });

  test('an empty store has no workers', async ({ store }) => {
    expect(await store.queryWorkers()).toEqual({ items: [], total: 0, limit: -1, offset: 0 });
  });

  test('statusIn keeps the listed statuses', async ({ store }) => {
    await seed(store);
    expect(ids(await store.queryWorkers({ statusIn: ['unknown'] }))).toEqual([
      'W-unknown',
      'other-1',
    ]);
    expect(ids(await store.queryWorkers({ statusIn: ['busy', 'idle'] }))).toEqual([
      'W-busy',
      'W-idle',
    ]);
    expect((await store.queryWorkers({ statusIn: [] })).total).toBe(0);
  });

  test('workerIdContains matches substrings of the id', async ({ store }) => {
    await seed(store);
    expect(ids(await store.queryWorkers({ workerIdContains: 'W-' }))).toEqual([
      'W-unknown',
      'W-busy',
      'W-idle',
    ]);
    expect((await store.queryWorkers({ workerIdContains: 'w-' })).total).toBe(0);
  });

  test('filters are intersected with and and united with or', async ({ store }) => {
    await seed(store);
    const both = { statusIn: ['unknown' as const], workerIdContains: 'W-' };
    expect(ids(await store.queryWorkers(both))).toEqual(['W-unknown']);
    expect(ids(await store.queryWorkers({ ...both, filterLogic: 'or' }))).toEqual([
      'W-unknown',
      'W-busy',
      'W-idle',
      'other-1',
    ]);
    expect(
      ids(
        await store.queryWorkers({
          statusIn: ['idle'],
          workerIdContains: 'other',
          filterLogic: 'or',
        }),
      ),
    ).toEqual(['W-idle', 'other-1']);
  });

  test('sorting by worker_id orders by code point in both directions', async ({ store }) => {
    await seed(store);
    const ascending = ['W-busy', 'W-idle', 'W-unknown', 'other-1'];
    expect(ids(await store.queryWorkers({ sortBy: 'worker_id' }))).toEqual(ascending);
    expect(ids(await store.queryWorkers({ sortBy: 'worker_id', sortOrder: 'desc' }))).toEqual(
      [...ascending].reverse(),
    );
  });

  test('limit and offset select a window with the true total', async ({ store }) => {
    await seed(store);
    const page = await store.queryWorkers({ sortBy: 'worker_id', limit: 2, offset: 1 });
    expect(ids(page)).toEqual(['W-idle', 'W-unknown']);
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });

  test('limit 0 gives no items and the true total', async ({ store }) => {
    await seed(store);
    expect(await store.queryWorkers({ limit: 0 })).toEqual({
      items: [],
      total: 4,
      limit: 0,
      offset: 0,
    });
  });

  test('sorting by last_heartbeat_time puts workers without one last', async ({ store, clock }) => {
    await store.dequeueRollout({ workerId: 'never' });
    await store.updateWorker('twice');
    clock.advance(1);
    await store.updateWorker('once');
    clock.advance(1);
    await store.updateWorker('twice');
    expect(ids(await store.queryWorkers({ sortBy: 'last_heartbeat_time' }))).toEqual([
      'once',
      'twice',
      'never',
    ]);
    expect(
      ids(await store.queryWorkers({ sortBy: 'last_heartbeat_time', sortOrder: 'desc' })),
    ).toEqual(['never', 'twice', 'once']);
  });
});
