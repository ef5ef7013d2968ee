import { expect } from 'vitest';
import { attemptOf, expectTime, present } from '../assertions';
import { defineContractGroup } from '../registry';
import { enqueueSeveral } from '../scenarios';

/** Dequeue and the FIFO queue. */
export const dequeueGroup = defineContractGroup('dequeue', (test) => {
  test('dequeueRollout on an empty queue returns null', async ({ store }) => {
    expect(await store.dequeueRollout()).toBeNull();
    expect(await store.dequeueRollout({ workerId: 'Worker-0' })).toBeNull();
  });

  test('dequeue is FIFO across five enqueued rollouts', async ({ store }) => {
    const rollouts = await enqueueSeveral(store, 5);
    const claimed: (string | undefined)[] = [];
    for (let i = 0; i < 5; i += 1) claimed.push((await store.dequeueRollout())?.rollout_id);
    expect(claimed).toEqual(rollouts.map((r) => r.rollout_id));
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('enqueueRollout and enqueueManyRollouts share one FIFO queue', async ({ store }) => {
    const first = await store.enqueueRollout('first');
    const [second, third] = await store.enqueueManyRollouts([
      { input: 'second' },
      { input: 'third' },
    ]);
    const fourth = await store.enqueueRollout('fourth');
    const claimed = await store.dequeueManyRollouts({ limit: 4 });
    expect(claimed.map((r) => r.rollout_id)).toEqual(
      [first, second, third, fourth].map((r) => r?.rollout_id),
    );
  });

  test('dequeue makes the rollout preparing with attempt #1 for the given worker', async ({
    store,
    clock,
  }) => {
    const queued = await store.enqueueRollout({ q: 1 });
    clock.advance(3);
    const claimed = present(await store.dequeueRollout({ workerId: 'Worker-7' }));
    expect(claimed.rollout_id).toBe(queued.rollout_id);
    expect(claimed.status).toBe('preparing');
    expect(claimed.attempt).toMatchObject({
      sequence_id: 1,
      status: 'preparing',
      worker_id: 'Worker-7',
    });
    expect(claimed.attempt.rollout_id).toBe(queued.rollout_id);
    expectTime(claimed.attempt.start_time, clock.now());
    expect(claimed.start_time).toBe(queued.start_time);
  });

  test('dequeue without a worker leaves the attempt worker id null', async ({ store }) => {
    await store.enqueueRollout({});
    expect(present(await store.dequeueRollout()).attempt.worker_id).toBeNull();
  });

  test('a dequeued rollout reads back as preparing with its new attempt', async ({ store }) => {
    const queued = await store.enqueueRollout({}, { mode: 'test', metadata: { m: 1 } });
    const claimed = present(await store.dequeueRollout());
    const read = present(await store.getRolloutById(queued.rollout_id));
    expect(read.status).toBe('preparing');
    expect(attemptOf(read)).toEqual(claimed.attempt);
    expect(read).toMatchObject({ mode: 'test', metadata: { m: 1 } });
  });

  for (const status of ['succeeded', 'failed', 'cancelled'] as const) {
    test(`a rollout set to ${status} while queued is skipped and dropped from the queue`, async ({
      store,
    }) => {
      const [first, second] = await enqueueSeveral(store, 2);
      await store.updateRollout(present(first).rollout_id, { status });
      expect((await store.dequeueRollout())?.rollout_id).toBe(second?.rollout_id);
      expect(await store.dequeueRollout()).toBeNull();
      const read = present(await store.getRolloutById(present(first).rollout_id));
      expect(read.status).toBe(status);
      expect(read).not.toHaveProperty('attempt');
    });
  }

  test('requeuing a dequeued rollout makes it claimable again with attempt #2', async ({
    store,
  }) => {
    const queued = await store.enqueueRollout({});
    await store.dequeueRollout();
    expect((await store.updateRollout(queued.rollout_id, { status: 'requeuing' })).status).toBe(
      'requeuing',
    );
    const again = present(await store.dequeueRollout());
    expect(again.rollout_id).toBe(queued.rollout_id);
    expect(again.attempt.sequence_id).toBe(2);
    expect(again.status).toBe('preparing');
  });

  test('setting requeuing twice leaves a single queue entry', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    await store.dequeueRollout();
    await store.updateRollout(queued.rollout_id, { status: 'requeuing' });
    await store.updateRollout(queued.rollout_id, { status: 'requeuing' });
    expect((await store.dequeueRollout())?.rollout_id).toBe(queued.rollout_id);
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('setting queuing on a started rollout appends it to the queue', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'queuing' });
    const claimed = present(await store.dequeueRollout());
    expect(claimed.rollout_id).toBe(started.rollout_id);
    expect(claimed.attempt.sequence_id).toBe(2);
  });

  test('requeuing a rollout that is still queued does not duplicate it', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    await store.updateRollout(queued.rollout_id, { status: 'requeuing' });
    expect((await store.dequeueRollout())?.rollout_id).toBe(queued.rollout_id);
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('a requeued rollout goes to the back of the queue', async ({ store }) => {
    const [first, second] = await enqueueSeveral(store, 2);
    await store.dequeueRollout();
    await store.updateRollout(present(first).rollout_id, { status: 'requeuing' });
    expect((await store.dequeueRollout())?.rollout_id).toBe(second?.rollout_id);
    expect((await store.dequeueRollout())?.rollout_id).toBe(first?.rollout_id);
  });

  test('max_attempts is not consulted when dequeuing', async ({ store }) => {
    const queued = await store.enqueueRollout({}, { config: { max_attempts: 1 } });
    await store.dequeueRollout();
    await store.updateRollout(queued.rollout_id, { status: 'requeuing' });
    expect((await store.dequeueRollout())?.attempt.sequence_id).toBe(2);
  });
});
