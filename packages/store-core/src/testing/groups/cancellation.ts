import { expect } from 'vitest';
import { attemptOf, expectTime, present } from '../assertions';
import { makeSpan } from '../builders';
import { defineContractGroup } from '../registry';

/** `cancelled` is sticky against late attempt updates and spans (DECISIONS.md item 3). */
export const cancellationGroup = defineContractGroup('cancellation', (test) => {
  test('cancelling stamps the end time and leaves the running attempt running', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    clock.advance(1);
    const cancelled = await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    expect(cancelled.status).toBe('cancelled');
    expectTime(cancelled.end_time, clock.now());
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('running');
  });

  test('a late succeeded attempt update leaves a cancelled rollout cancelled', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const cancelled = await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    const attempt = await store.updateAttempt(started.rollout_id, 'latest', {
      status: 'succeeded',
    });
    expect(attempt.status).toBe('succeeded');
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('cancelled');
    expect(read.end_time).toBe(cancelled.end_time);
  });

  test('a late retryable failure neither requeues nor fails a cancelled rollout', async ({
    store,
  }) => {
    const config = { max_attempts: 3, retry_condition: ['failed' as const] };
    const started = await store.startRollout({}, { config });
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'failed' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('cancelled');
    expect(await store.dequeueRollout()).toBeNull();
  });

  test('a metadata-only attempt update leaves a cancelled rollout cancelled', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    await store.updateAttempt(started.rollout_id, 'latest', { metadata: { late: true } });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('cancelled');
  });

  test('a late span leaves a cancelled rollout cancelled but heartbeats the attempt', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    clock.advance(2);
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(read.status).toBe('cancelled');
    expect(attemptOf(read).status).toBe('running');
    expectTime(attemptOf(read).last_heartbeat_time, clock.now());
  });

  test('an explicit status update moves a cancelled rollout on', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    expect((await store.updateRollout(started.rollout_id, { status: 'running' })).status).toBe(
      'running',
    );
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('succeeded');
  });

  test('startAttempt revives a cancelled rollout as preparing', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    const retried = await store.startAttempt(started.rollout_id);
    expect(retried.status).toBe('preparing');
    expect(retried.attempt.sequence_id).toBe(2);
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('succeeded');
  });

  test('cancelling does not change the worker running the attempt', async ({ store }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker.status).toBe('busy');
    expect(worker.current_rollout_id).toBe(started.rollout_id);
  });
});
