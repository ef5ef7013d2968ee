import { expect } from 'vitest';
import { expectTime } from '../assertions';
import { defineContractGroup } from '../registry';

/** `startRollout` and `startAttempt`. */
export const startGroup = defineContractGroup('start rollout and attempt', (test) => {
  test('startRollout returns a preparing rollout with attempt #1 and does not queue it', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({ q: 1 }, { workerId: 'Worker-1' });
    expect(started.status).toBe('preparing');
    expect(started.attempt).toMatchObject({
      sequence_id: 1,
      status: 'preparing',
      worker_id: 'Worker-1',
    });
    expect(started.attempt.start_time).toBe(started.start_time);
    expectTime(started.start_time, clock.now());
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('startAttempt creates attempts 2 and 3 regardless of max_attempts', async ({ store }) => {
    const started = await store.startRollout({}, { config: { max_attempts: 1 } });
    const second = await store.startAttempt(started.rollout_id);
    const third = await store.startAttempt(started.rollout_id, { workerId: 'Worker-3' });
    expect(second.attempt.sequence_id).toBe(2);
    expect(third.attempt).toMatchObject({
      sequence_id: 3,
      status: 'preparing',
      worker_id: 'Worker-3',
    });
    expect(third.status).toBe('preparing');
    expect((await store.queryAttempts(started.rollout_id)).total).toBe(3);
  });

  test('startAttempt on a queued rollout makes it preparing and a later dequeue skips it', async ({
    store,
  }) => {
    const queued = await store.enqueueRollout({});
    const started = await store.startAttempt(queued.rollout_id);
    expect(started.status).toBe('preparing');
    expect(started.attempt.sequence_id).toBe(1);
    expect(await store.dequeueRollout()).toBeNull();
    expect((await store.queryAttempts(queued.rollout_id)).total).toBe(1);
  });

  test('startAttempt on a succeeded rollout makes it preparing and keeps its end time', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    clock.advance(1);
    const done = await store.updateRollout(started.rollout_id, { status: 'succeeded' });
    clock.advance(1);
    const retried = await store.startAttempt(started.rollout_id);
    expect(retried.status).toBe('preparing');
    expect(retried.attempt.sequence_id).toBe(2);
    expect(retried.end_time).toBe(done.end_time);
  });
});
