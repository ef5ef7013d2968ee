import { expect } from 'vitest';
import { attemptOf, expectTime, present } from '../assertions';
import { makeSpan } from '../builders';
import { defineContractGroup } from '../registry';
import { rolloutWithAttempts } from '../scenarios';

/** The heartbeat a span carries to its attempt and rollout. */
export const heartbeatsGroup = defineContractGroup('span heartbeats', (test) => {
  test('the first span makes the attempt and the rollout running and sets the heartbeat', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    clock.advance(1.5);
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('running');
    expect(attemptOf(read).status).toBe('running');
    expectTime(attemptOf(read).last_heartbeat_time, clock.now());
  });

  test('a span brings an unresponsive attempt back to running', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'unresponsive' });
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('running');
  });

  for (const status of ['timeout', 'succeeded', 'failed'] as const) {
    test(`a span keeps a ${status} attempt ${status} and the rollout as it was`, async ({
      store,
      clock,
    }) => {
      const started = await store.startRollout({});
      await store.updateAttempt(started.rollout_id, 'latest', { status });
      const before = present(await store.getRolloutById(started.rollout_id));
      clock.advance(1);
      await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
      const after = present(await store.getRolloutById(started.rollout_id));
      expect(attemptOf(after).status).toBe(status);
      expectTime(attemptOf(after).last_heartbeat_time, clock.now());
      expect(after.status).toBe(before.status);
    });
  }

  test('a span for an older attempt makes it running but leaves the rollout alone', async ({
    store,
  }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 2);
    await store.addSpan(makeSpan(rollout.rollout_id, present(attempts[0]).attempt_id));
    const listed = await store.queryAttempts(rollout.rollout_id);
    expect(listed.items.map((a) => a.status)).toEqual(['running', 'preparing']);
    expect(listed.items[0]?.last_heartbeat_time).not.toBeNull();
    expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('preparing');
  });

  test('a requeuing rollout revived by its unresponsive attempt runs and is not dequeued', async ({
    store,
  }) => {
    const config = { max_attempts: 2, retry_condition: ['unresponsive' as const] };
    const started = await store.startRollout({}, { config });
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'unresponsive' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('requeuing');
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('running');
    expect(attemptOf(read).status).toBe('running');
    expect(await store.dequeueRollout()).toBeNull();
    expect((await store.queryAttempts(started.rollout_id)).total).toBe(1);
  });

  test('a span for the latest attempt of a queuing rollout makes it running', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    const claimed = present(await store.dequeueRollout());
    await store.updateRollout(queued.rollout_id, { status: 'queuing' });
    await store.addSpan(makeSpan(queued.rollout_id, claimed.attempt.attempt_id));
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('running');
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('a span leaves a failed rollout failed until the attempt reports success', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'unresponsive' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('failed');
    expect(attemptOf(read).status).toBe('running');
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('succeeded');
  });

  test('later spans advance the heartbeat time', async ({ store, clock }) => {
    const started = await store.startRollout({});
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const first = present((await store.getLatestAttempt(started.rollout_id))?.last_heartbeat_time);
    clock.advance(7);
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const second = present((await store.getLatestAttempt(started.rollout_id))?.last_heartbeat_time);
    expect(second - first).toBeCloseTo(7, 2);
  });
});
