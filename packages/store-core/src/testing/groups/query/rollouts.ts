import { expect } from 'vitest';
import { attemptOf, present } from '../../assertions';
import { defineContractGroup } from '../../registry';
import { rolloutIdsOf, withStatuses } from '../../scenarios';

/** `queryRollouts`: filters and pagination. */
export const queryRolloutsGroup = defineContractGroup('query rollouts', (test) => {
  test('lists every rollout in creation order with limit -1 and offset 0', async ({ store }) => {
    const created = await withStatuses(store, ['queuing', 'failed', 'succeeded']);
    const page = await store.queryRollouts();
    expect(rolloutIdsOf(page)).toEqual(created);
    expect(page).toMatchObject({ total: 3, limit: -1, offset: 0 });
  });

  test('an empty store gives an empty page', async ({ store }) => {
    expect(await store.queryRollouts()).toEqual({ items: [], total: 0, limit: -1, offset: 0 });
  });

  test('statusIn keeps the listed statuses', async ({ store }) => {
    const [, failed, , failedToo] = await withStatuses(store, [
      'queuing',
      'failed',
      'succeeded',
      'failed',
    ]);
    const page = await store.queryRollouts({ statusIn: ['failed'] });
    expect(rolloutIdsOf(page)).toEqual([failed, failedToo]);
    expect(page.total).toBe(2);
  });

  test('statusIn with several statuses keeps any of them', async ({ store }) => {
    const [queued, , succeeded] = await withStatuses(store, ['queuing', 'failed', 'succeeded']);
    expect(rolloutIdsOf(await store.queryRollouts({ statusIn: ['succeeded', 'queuing'] }))).toEqual(
      [queued, succeeded],
    );
  });

  test('rolloutIdIn keeps the listed ids in creation order', async ({ store }) => {
    const [a, , c] = await withStatuses(store, ['queuing', 'queuing', 'queuing']);
    expect(
      rolloutIdsOf(await store.queryRollouts({ rolloutIdIn: [present(c), present(a)] })),
    ).toEqual([a, c]);
  });

  test('an empty statusIn or an unknown rolloutIdIn matches nothing', async ({ store }) => {
    await withStatuses(store, ['queuing', 'failed']);
    expect(await store.queryRollouts({ statusIn: [] })).toMatchObject({ items: [], total: 0 });
    expect(await store.queryRollouts({ rolloutIdIn: ['ro-nonexistent'] })).toMatchObject({
      items: [],
      total: 0,
    });
  });

  test('rolloutIdContains matches substrings of the id', async ({ store }) => {
    const [, target] = await withStatuses(store, ['queuing', 'queuing', 'queuing']);
    const fragment = present(target).slice(4, 12);
    expect(rolloutIdsOf(await store.queryRollouts({ rolloutIdContains: fragment }))).toEqual([
      target,
    ]);
    expect((await store.queryRollouts({ rolloutIdContains: 'ro-' })).total).toBe(3);
    expect((await store.queryRollouts({ rolloutIdContains: 'RO-' })).total).toBe(0);
  });

  test('filters are intersected with and', async ({ store }) => {
    const [queued] = await withStatuses(store, ['queuing', 'failed']);
    const fragment = present(queued).slice(3);
    expect(
      rolloutIdsOf(
        await store.queryRollouts({ statusIn: ['queuing'], rolloutIdContains: fragment }),
      ),
    ).toEqual([queued]);
    expect(
      (await store.queryRollouts({ statusIn: ['failed'], rolloutIdContains: fragment })).total,
    ).toBe(0);
  });

  test('filters are united with or', async ({ store }) => {
    const [, failed, succeeded] = await withStatuses(store, ['queuing', 'failed', 'succeeded']);
    const page = await store.queryRollouts({
      statusIn: ['failed'],
      rolloutIdContains: present(succeeded).slice(3),
      filterLogic: 'or',
    });
    expect(rolloutIdsOf(page)).toEqual([failed, succeeded]);
  });

  test('with or an empty statusIn adds a condition that never holds', async ({ store }) => {
    const [, failed] = await withStatuses(store, ['queuing', 'failed']);
    const page = await store.queryRollouts({
      statusIn: [],
      rolloutIdIn: [present(failed)],
      filterLogic: 'or',
    });
    expect(rolloutIdsOf(page)).toEqual([failed]);
  });

  test('an offset past the end gives no items and the true total', async ({ store }) => {
    await withStatuses(store, ['queuing', 'queuing']);
    expect(await store.queryRollouts({ offset: 5 })).toEqual({
      items: [],
      total: 2,
      limit: -1,
      offset: 5,
    });
    expect((await store.queryRollouts({ offset: 2, limit: 1 })).items).toEqual([]);
  });

  test('limit 0 gives no items and the true total', async ({ store }) => {
    await withStatuses(store, ['queuing', 'failed', 'queuing']);
    expect(await store.queryRollouts({ limit: 0 })).toEqual({
      items: [],
      total: 3,
      limit: 0,
      offset: 0,
    });
  });

  test('limit and offset select a window of the matches', async ({ store }) => {
    const created = await withStatuses(store, ['queuing', 'queuing', 'queuing', 'queuing']);
    const page = await store.queryRollouts({ limit: 2, offset: 1 });
    expect(rolloutIdsOf(page)).toEqual(created.slice(1, 3));
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });

  test('each result carries its latest attempt', async ({ store }) => {
    const started = await store.startRollout({});
    const retried = await store.startAttempt(started.rollout_id);
    const page = await store.queryRollouts({ rolloutIdIn: [started.rollout_id] });
    expect(attemptOf(page.items[0])).toEqual(retried.attempt);
  });

  test('an update does not move a rollout in the natural order', async ({ store }) => {
    const created = await withStatuses(store, ['queuing', 'queuing', 'queuing']);
    await store.updateRollout(present(created[0]), {
      metadata: { touched: true },
      status: 'running',
    });
    expect(rolloutIdsOf(await store.queryRollouts())).toEqual(created);
  });
});
