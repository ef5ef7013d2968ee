import { expect } from 'vitest';
import { sampleResources } from '../builders';
import { defineContractGroup } from '../registry';

/** Enqueueing and resources resolution. */
export const enqueueGroup = defineContractGroup('enqueue', (test) => {
  test('enqueueRollout returns a queuing rollout without end time or attempt', async ({
    store,
  }) => {
    const rollout = await store.enqueueRollout({ q: 1 });
    expect(rollout.status).toBe('queuing');
    expect(rollout.end_time).toBeNull();
    expect(rollout).not.toHaveProperty('attempt');
  });

  test('an omitted resources id resolves to the latest snapshot at enqueue time', async ({
    store,
  }) => {
    const first = await store.addResources(sampleResources('a'));
    const early = await store.enqueueRollout({});
    const second = await store.addResources(sampleResources('b'));
    const late = await store.enqueueRollout({}, { resourcesId: null });
    expect(early.resources_id).toBe(first.resources_id);
    expect(late.resources_id).toBe(second.resources_id);
    expect((await store.getRolloutById(early.rollout_id))?.resources_id).toBe(first.resources_id);
  });

  test('the resources id is null when no snapshot exists', async ({ store }) => {
    expect((await store.enqueueRollout({})).resources_id).toBeNull();
    expect((await store.startRollout({})).resources_id).toBeNull();
  });

  test('an explicit resources id is stored as given, even if unknown', async ({ store }) => {
    await store.addResources(sampleResources());
    const rollout = await store.enqueueRollout({}, { resourcesId: 'rs-does-not-exist' });
    expect(rollout.resources_id).toBe('rs-does-not-exist');
  });

  test('startRollout also resolves the latest resources snapshot', async ({ store }) => {
    const snapshot = await store.updateResources('manual', sampleResources());
    expect((await store.startRollout({})).resources_id).toBe(snapshot.resources_id);
  });

  test('enqueueManyRollouts returns the rollouts in input order with their options', async ({
    store,
  }) => {
    const rollouts = await store.enqueueManyRollouts([
      { input: 'a', mode: 'train' },
      { input: 'b', metadata: { k: 1 } },
      { input: 'c', config: { max_attempts: 2 } },
    ]);
    expect(rollouts.map((r) => r.input)).toEqual(['a', 'b', 'c']);
    expect(rollouts.map((r) => r.status)).toEqual(['queuing', 'queuing', 'queuing']);
    expect(rollouts[0]?.mode).toBe('train');
    expect(rollouts[1]?.metadata).toEqual({ k: 1 });
    expect(rollouts[2]?.config.max_attempts).toBe(2);
    expect(new Set(rollouts.map((r) => r.rollout_id)).size).toBe(3);
  });

  test('enqueueManyRollouts queues in input order', async ({ store }) => {
    const rollouts = await store.enqueueManyRollouts([{ input: 1 }, { input: 2 }, { input: 3 }]);
    const claimed = [
      await store.dequeueRollout(),
      await store.dequeueRollout(),
      await store.dequeueRollout(),
    ];
    expect(claimed.map((r) => r?.rollout_id)).toEqual(rollouts.map((r) => r.rollout_id));
  });

  test('enqueueManyRollouts of an empty list returns an empty list', async ({ store }) => {
    expect(await store.enqueueManyRollouts([])).toEqual([]);
    expect((await store.queryRollouts()).total).toBe(0);
  });

  test('enqueueManyRollouts resolves omitted resources ids and keeps explicit ones', async ({
    store,
  }) => {
    const snapshot = await store.addResources(sampleResources());
    const rollouts = await store.enqueueManyRollouts([
      { input: 1 },
      { input: 2, resourcesId: 'rs-own' },
    ]);
    expect(rollouts.map((r) => r.resources_id)).toEqual([snapshot.resources_id, 'rs-own']);
  });
});
