import { expect } from 'vitest';
import { attemptOf, expectTime, present } from '../../assertions';
import { makeSpan } from '../../builders';
import { defineContractGroup } from '../../registry';

/** The lazy health scan: timeouts and unresponsive attempts. */
export const watchdogGroup = defineContractGroup('watchdog', (test) => {
  test('an attempt past timeout_seconds times out and the rollout fails', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({}, { config: { timeout_seconds: 1 } });
    clock.advance(1.5);
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(attemptOf(read).status).toBe('timeout');
    expect(attemptOf(read).end_time).toBeNull();
    expect(read.status).toBe('failed');
    expectTime(read.end_time, clock.now());
  });

  test('nothing times out before the limit', async ({ store, clock }) => {
    const started = await store.startRollout(
      {},
      { config: { timeout_seconds: 1, unresponsive_seconds: 1 } },
    );
    clock.advance(0.9);
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('preparing');
    expect(attemptOf(read).status).toBe('preparing');
  });

  test('a timeout listed in retry_condition requeues the rollout', async ({ store, clock }) => {
    const config = { timeout_seconds: 1, max_attempts: 2, retry_condition: ['timeout' as const] };
    const started = await store.startRollout({}, { config });
    clock.advance(2);
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('requeuing');
    const claimed = present(await store.dequeueRollout());
    expect(claimed.rollout_id).toBe(started.rollout_id);
    expect(claimed.attempt.sequence_id).toBe(2);
  });

  test('an attempt silent for longer than unresponsive_seconds becomes unresponsive', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({}, { config: { unresponsive_seconds: 2 } });
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    clock.advance(1);
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('running');
    clock.advance(1.5);
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(attemptOf(read).status).toBe('unresponsive');
    expect(attemptOf(read).end_time).toBeNull();
    expect(read.status).toBe('failed');
  });

  test('a recent heartbeat keeps the attempt responsive', async ({ store, clock }) => {
    const started = await store.startRollout({}, { config: { unresponsive_seconds: 2 } });
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    clock.advance(1.5);
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    clock.advance(1.5);
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(attemptOf(read).status).toBe('running');
    expect(read.status).toBe('running');
  });

  test('an attempt without heartbeat becomes unresponsive once its age exceeds the limit', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({}, { config: { unresponsive_seconds: 2 } });
    clock.advance(1.5);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('preparing');
    clock.advance(1);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('unresponsive');
  });

  test('unresponsive listed in retry_condition requeues the rollout', async ({ store, clock }) => {
    const config = {
      unresponsive_seconds: 1,
      max_attempts: 3,
      retry_condition: ['unresponsive' as const],
    };
    const started = await store.startRollout({}, { config });
    clock.advance(2);
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('requeuing');
    expect((await store.dequeueRollout())?.attempt.sequence_id).toBe(2);
  });

  test('when both limits are exceeded the attempt times out', async ({ store, clock }) => {
    const started = await store.startRollout(
      {},
      { config: { timeout_seconds: 1, unresponsive_seconds: 1 } },
    );
    clock.advance(3);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('timeout');
  });

  test('the worker of a timed-out attempt becomes unknown with its current ids cleared', async ({
    store,
    clock,
  }) => {
    await store.startRollout({}, { workerId: 'Worker-1', config: { timeout_seconds: 1 } });
    clock.advance(2);
    await store.queryRollouts();
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker).toMatchObject({
      status: 'unknown',
      current_rollout_id: null,
      current_attempt_id: null,
    });
    expectTime(worker.last_idle_time, clock.now());
  });
});
