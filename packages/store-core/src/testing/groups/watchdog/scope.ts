import { expect } from 'vitest';
import { attemptOf, present } from '../../assertions';
import { defineContractGroup } from '../../registry';

/** What the health scan looks at and what it leaves alone. */
export const watchdogScopeGroup = defineContractGroup('watchdog scope', (test) => {
  test('queued and requeuing rollouts are not scanned', async ({ store, clock }) => {
    const queued = await store.enqueueRollout({}, { config: { timeout_seconds: 1 } });
    const requeued = await store.startRollout({}, { config: { timeout_seconds: 1 } });
    await store.updateRollout(requeued.rollout_id, { status: 'requeuing' });
    clock.advance(5);
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('queuing');
    const read = present(await store.getRolloutById(requeued.rollout_id));
    expect(read.status).toBe('requeuing');
    expect(attemptOf(read).status).toBe('preparing');
  });

  test('finished and cancelled rollouts are not scanned', async ({ store, clock }) => {
    const config = { timeout_seconds: 1 };
    const done = await store.startRollout({}, { config });
    await store.updateAttempt(done.rollout_id, 'latest', { status: 'succeeded' });
    const cancelled = await store.startRollout({}, { config });
    await store.updateRollout(cancelled.rollout_id, { status: 'cancelled' });
    clock.advance(5);
    expect(attemptOf(await store.getRolloutById(done.rollout_id)).status).toBe('succeeded');
    const read = present(await store.getRolloutById(cancelled.rollout_id));
    expect(read.status).toBe('cancelled');
    expect(attemptOf(read).status).toBe('preparing');
  });

  test('only the latest attempt is checked, against its own start time', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({}, { config: { timeout_seconds: 1 } });
    clock.advance(0.8);
    await store.startAttempt(started.rollout_id);
    clock.advance(0.5);
    const early = await store.queryAttempts(started.rollout_id);
    expect(early.items.map((a) => a.status)).toEqual(['preparing', 'preparing']);
    clock.advance(0.6);
    const late = await store.queryAttempts(started.rollout_id);
    expect(late.items.map((a) => a.status)).toEqual(['preparing', 'timeout']);
  });

  test('a dequeued attempt is timed from its own start, not the rollout creation', async ({
    store,
    clock,
  }) => {
    const queued = await store.enqueueRollout({}, { config: { timeout_seconds: 1 } });
    clock.advance(10);
    await store.dequeueRollout();
    clock.advance(0.5);
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('preparing');
    clock.advance(1);
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('failed');
  });

  test('the scan ignores the status of the attempt itself', async ({ store, clock }) => {
    const started = await store.startRollout({}, { config: { timeout_seconds: 1 } });
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    await store.updateRollout(started.rollout_id, { status: 'running' });
    clock.advance(2);
    const read = present(await store.getRolloutById(started.rollout_id));
    expect(attemptOf(read).status).toBe('timeout');
    expect(read.status).toBe('failed');
  });

  test('an explicit heartbeat time is what the scan compares', async ({ store, clock }) => {
    const started = await store.startRollout({}, { config: { unresponsive_seconds: 5 } });
    await store.updateAttempt(started.rollout_id, 'latest', {
      status: 'running',
      lastHeartbeatTime: clock.now() - 10,
    });
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('unresponsive');
  });

  test('a heartbeat time of exactly 0 never counts as silence', async ({ store, clock }) => {
    const started = await store.startRollout({}, { config: { unresponsive_seconds: 1 } });
    await store.updateAttempt(started.rollout_id, 'latest', {
      status: 'running',
      lastHeartbeatTime: 0,
    });
    clock.advance(5);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('running');
  });
});
