import { expect } from 'vitest';
import { expectTime, present } from '../assertions';
import { defineContractGroup } from '../registry';
import { rolloutWithAttempts } from '../scenarios';

/** How attempt updates propagate to the rollout. */
export const statusGroup = defineContractGroup('status propagation', (test) => {
  test('a succeeded latest attempt ends the attempt and the rollout', async ({ store, clock }) => {
    const started = await store.startRollout({});
    clock.advance(2);
    const attempt = await store.updateAttempt(started.rollout_id, 'latest', {
      status: 'succeeded',
    });
    expect(attempt.status).toBe('succeeded');
    expectTime(attempt.end_time, clock.now());
    const rollout = present(await store.getRolloutById(started.rollout_id));
    expect(rollout.status).toBe('succeeded');
    expect(present(rollout.end_time)).toBeGreaterThanOrEqual(present(attempt.end_time));
  });

  test('a running attempt makes the rollout running without an end time', async ({ store }) => {
    const started = await store.startRollout({});
    const attempt = await store.updateAttempt(started.rollout_id, started.attempt.attempt_id, {
      status: 'running',
    });
    expect(attempt.end_time).toBeNull();
    const rollout = present(await store.getRolloutById(started.rollout_id));
    expect(rollout.status).toBe('running');
    expect(rollout.end_time).toBeNull();
  });

  test('a failed attempt listed in retry_condition below max_attempts requeues the rollout', async ({
    store,
  }) => {
    const config = { max_attempts: 3, retry_condition: ['failed' as const] };
    const { rollout } = await rolloutWithAttempts(store, 2, { config });
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'failed' });
    const read = present(await store.getRolloutById(rollout.rollout_id));
    expect(read.status).toBe('requeuing');
    expect(read.end_time).toBeNull();
    const claimed = present(await store.dequeueRollout());
    expect(claimed.rollout_id).toBe(rollout.rollout_id);
    expect(claimed.attempt.sequence_id).toBe(3);
  });

  test('a failed attempt at max_attempts fails the rollout with an end time', async ({
    store,
    clock,
  }) => {
    const config = { max_attempts: 3, retry_condition: ['failed' as const] };
    const { rollout } = await rolloutWithAttempts(store, 3, { config });
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'failed' });
    const read = present(await store.getRolloutById(rollout.rollout_id));
    expect(read.status).toBe('failed');
    expectTime(read.end_time, clock.now());
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('a failed attempt not listed in retry_condition fails the rollout', async ({ store }) => {
    const config = { max_attempts: 3, retry_condition: ['timeout' as const] };
    const started = await store.startRollout({}, { config });
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'failed' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
  });

  test('with the default config any failure is final', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'failed' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
  });

  for (const status of ['timeout', 'unresponsive'] as const) {
    test(`a ${status} attempt listed in retry_condition below max_attempts requeues the rollout`, async ({
      store,
    }) => {
      const started = await store.startRollout(
        {},
        { config: { max_attempts: 2, retry_condition: [status] } },
      );
      const attempt = await store.updateAttempt(started.rollout_id, 'latest', { status });
      expect(attempt.status).toBe(status);
      expect(attempt.end_time).toBeNull();
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('requeuing');
      expect((await store.dequeueRollout())?.attempt.sequence_id).toBe(2);
    });

    test(`a ${status} attempt at max_attempts fails the rollout`, async ({ store }) => {
      const config = { max_attempts: 2, retry_condition: [status] };
      const { rollout } = await rolloutWithAttempts(store, 2, { config });
      await store.updateAttempt(rollout.rollout_id, 'latest', { status });
      const read = present(await store.getRolloutById(rollout.rollout_id));
      expect(read.status).toBe('failed');
      expect(read.end_time).not.toBeNull();
    });

    test(`a ${status} attempt not listed in retry_condition fails the rollout`, async ({
      store,
    }) => {
      const started = await store.startRollout(
        {},
        { config: { max_attempts: 5, retry_condition: ['failed'] } },
      );
      await store.updateAttempt(started.rollout_id, 'latest', { status });
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
    });
  }

  test('updating a non-latest attempt never changes the rollout', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 2);
    const first = present(attempts[0]);
    const updated = await store.updateAttempt(rollout.rollout_id, first.attempt_id, {
      status: 'succeeded',
    });
    expect(updated.status).toBe('succeeded');
    expect(updated.end_time).not.toBeNull();
    const read = present(await store.getRolloutById(rollout.rollout_id));
    expect(read.status).toBe('preparing');
    expect(read.end_time).toBeNull();
    const listed = await store.queryAttempts(rollout.rollout_id);
    expect(listed.items.map((a) => a.status)).toEqual(['succeeded', 'preparing']);
  });

  test('attempt id latest targets the attempt with the highest sequence id', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 3);
    const updated = await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'running' });
    expect(updated.attempt_id).toBe(attempts[2]?.attempt_id);
    expect(updated.sequence_id).toBe(3);
    const listed = await store.queryAttempts(rollout.rollout_id);
    expect(listed.items.map((a) => a.status)).toEqual(['preparing', 'preparing', 'running']);
  });
});
