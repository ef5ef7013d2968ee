import { expect } from 'vitest';
import { present } from '../assertions';
import { defineContractGroup } from '../registry';
import { rolloutIdsOf, withStatuses } from '../scenarios';

/** `queryRollouts` sorting: null rules and stability. */
export const sortRolloutsGroup = defineContractGroup('sort rollouts', (test) => {
  test('sorting by rollout_id desc with limit 1 offset 1 returns the second largest id', async ({
    store,
  }) => {
    const created = await withStatuses(store, ['queuing', 'queuing', 'queuing', 'queuing']);
    const page = await store.queryRollouts({
      sortBy: 'rollout_id',
      sortOrder: 'desc',
      limit: 1,
      offset: 1,
    });
    expect(rolloutIdsOf(page)).toEqual([[...created].sort().reverse()[1]]);
    expect(page).toMatchObject({ total: 4, limit: 1, offset: 1 });
  });

  test('sorting by rollout_id asc orders ids by code point', async ({ store }) => {
    const created = await withStatuses(store, ['queuing', 'queuing', 'queuing', 'queuing']);
    expect(rolloutIdsOf(await store.queryRollouts({ sortBy: 'rollout_id' }))).toEqual(
      [...created].sort(),
    );
  });

  test('sorting by mode puts null first ascending and last descending', async ({ store }) => {
    const train = await store.enqueueRollout({}, { mode: 'train' });
    const none = await store.enqueueRollout({});
    const val = await store.enqueueRollout({}, { mode: 'val' });
    expect(rolloutIdsOf(await store.queryRollouts({ sortBy: 'mode' }))).toEqual(
      [none, train, val].map((r) => r.rollout_id),
    );
    expect(rolloutIdsOf(await store.queryRollouts({ sortBy: 'mode', sortOrder: 'desc' }))).toEqual(
      [val, train, none].map((r) => r.rollout_id),
    );
  });

  test('sorting by end_time puts null last ascending and first descending', async ({
    store,
    clock,
  }) => {
    const [endsLast, open, endsFirst] = await withStatuses(store, [
      'queuing',
      'queuing',
      'queuing',
    ]);
    await store.updateRollout(present(endsFirst), { status: 'succeeded' });
    clock.advance(5);
    await store.updateRollout(present(endsLast), { status: 'succeeded' });
    expect(rolloutIdsOf(await store.queryRollouts({ sortBy: 'end_time' }))).toEqual([
      endsFirst,
      endsLast,
      open,
    ]);
    expect(
      rolloutIdsOf(await store.queryRollouts({ sortBy: 'end_time', sortOrder: 'desc' })),
    ).toEqual([open, endsLast, endsFirst]);
  });

  test('descending sorts keep ties in creation order', async ({ store }) => {
    const [q1, s1, q2, s2] = await withStatuses(store, [
      'queuing',
      'succeeded',
      'queuing',
      'succeeded',
    ]);
    const page = await store.queryRollouts({ sortBy: 'status', sortOrder: 'desc' });
    expect(rolloutIdsOf(page)).toEqual([s1, s2, q1, q2]);
  });

  test('ascending sorts keep ties in creation order', async ({ store }) => {
    const [q1, s1, q2, s2] = await withStatuses(store, [
      'queuing',
      'succeeded',
      'queuing',
      'succeeded',
    ]);
    expect(rolloutIdsOf(await store.queryRollouts({ sortBy: 'status' }))).toEqual([q1, q2, s1, s2]);
  });

  test('sorting by start_time desc lists the newest first', async ({ store, clock }) => {
    const first = await store.enqueueRollout({});
    clock.advance(1);
    const second = await store.startRollout({});
    clock.advance(1);
    const third = await store.enqueueRollout({});
    const page = await store.queryRollouts({ sortBy: 'start_time', sortOrder: 'desc' });
    expect(rolloutIdsOf(page)).toEqual([third, second, first].map((r) => r.rollout_id));
  });
});
