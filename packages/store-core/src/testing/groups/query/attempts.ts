import { expect } from 'vitest';
import { present } from '../../assertions';
import { defineContractGroup } from '../../registry';
import { rolloutWithAttempts } from '../../scenarios';

const seqs = (page: { items: { sequence_id: number }[] }): number[] =>
  page.items.map((a) => a.sequence_id);

/** `queryAttempts` and `getLatestAttempt`. */
export const queryAttemptsGroup = defineContractGroup('query attempts', (test) => {
  test('lists attempts by ascending sequence id by default', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 3);
    const page = await store.queryAttempts(rollout.rollout_id);
    expect(page.items).toEqual(attempts);
    expect(page).toMatchObject({ total: 3, limit: -1, offset: 0 });
  });

  test('sortOrder desc gives 3, 2, 1', async ({ store }) => {
    const { rollout } = await rolloutWithAttempts(store, 3);
    expect(seqs(await store.queryAttempts(rollout.rollout_id, { sortOrder: 'desc' }))).toEqual([
      3, 2, 1,
    ]);
  });

  test('limit 1 offset 1 gives the second attempt', async ({ store }) => {
    const { rollout } = await rolloutWithAttempts(store, 3);
    const page = await store.queryAttempts(rollout.rollout_id, { limit: 1, offset: 1 });
    expect(seqs(page)).toEqual([2]);
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
  });

  test('limit 0 gives no items and the true total', async ({ store }) => {
    const { rollout } = await rolloutWithAttempts(store, 3);
    expect(await store.queryAttempts(rollout.rollout_id, { limit: 0 })).toEqual({
      items: [],
      total: 3,
      limit: 0,
      offset: 0,
    });
  });

  test('an offset past the end gives no items and the true total', async ({ store }) => {
    const { rollout } = await rolloutWithAttempts(store, 2);
    expect(await store.queryAttempts(rollout.rollout_id, { offset: 2 })).toMatchObject({
      items: [],
      total: 2,
    });
  });

  test('an unknown rollout gives an empty page', async ({ store }) => {
    await rolloutWithAttempts(store, 2);
    expect(await store.queryAttempts('ro-000000000000')).toMatchObject({ items: [], total: 0 });
  });

  test('a rollout that was never dequeued has no attempts', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    expect(await store.queryAttempts(queued.rollout_id)).toMatchObject({ items: [], total: 0 });
  });

  test('only the attempts of the given rollout are listed', async ({ store }) => {
    const { rollout } = await rolloutWithAttempts(store, 2);
    await rolloutWithAttempts(store, 3);
    const page = await store.queryAttempts(rollout.rollout_id);
    expect(page.total).toBe(2);
    expect(page.items.every((a) => a.rollout_id === rollout.rollout_id)).toBe(true);
  });

  test('sortBy null lists attempts in creation order', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 3);
    const page = await store.queryAttempts(rollout.rollout_id, { sortBy: null });
    expect(page.items.map((a) => a.attempt_id)).toEqual(attempts.map((a) => a.attempt_id));
  });

  test('sorting by start_time desc lists the newest attempt first', async ({ store, clock }) => {
    const started = await store.startRollout({});
    clock.advance(1);
    await store.startAttempt(started.rollout_id);
    clock.advance(1);
    await store.startAttempt(started.rollout_id);
    const page = await store.queryAttempts(started.rollout_id, {
      sortBy: 'start_time',
      sortOrder: 'desc',
    });
    expect(seqs(page)).toEqual([3, 2, 1]);
  });

  test('sorting by end_time puts attempts without an end time last', async ({ store, clock }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 3);
    await store.updateAttempt(rollout.rollout_id, present(attempts[2]).attempt_id, {
      status: 'failed',
    });
    clock.advance(1);
    await store.updateAttempt(rollout.rollout_id, present(attempts[0]).attempt_id, {
      status: 'failed',
    });
    expect(seqs(await store.queryAttempts(rollout.rollout_id, { sortBy: 'end_time' }))).toEqual([
      3, 1, 2,
    ]);
  });

  test('getLatestAttempt returns the attempt with the highest sequence id', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 3);
    expect(await store.getLatestAttempt(rollout.rollout_id)).toEqual(attempts[2]);
  });

  test('getLatestAttempt returns null for a rollout without attempts or an unknown rollout', async ({
    store,
  }) => {
    const queued = await store.enqueueRollout({});
    expect(await store.getLatestAttempt(queued.rollout_id)).toBeNull();
    expect(await store.getLatestAttempt('ro-000000000000')).toBeNull();
  });
});
