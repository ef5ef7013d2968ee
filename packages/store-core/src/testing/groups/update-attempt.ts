import { expect } from 'vitest';
import { expectTime, present } from '../assertions';
import { defineContractGroup } from '../registry';

/** `updateAttempt`: fields, end times and re-derivation. */
export const updateAttemptGroup = defineContractGroup('update attempt', (test) => {
  test('updateAttempt sets worker id, heartbeat time and metadata and returns the attempt', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const updated = await store.updateAttempt(started.rollout_id, started.attempt.attempt_id, {
      workerId: 'Worker-9',
      lastHeartbeatTime: 1_700_000_123.5,
      metadata: { note: 'hi' },
    });
    expect(updated).toMatchObject({
      attempt_id: started.attempt.attempt_id,
      rollout_id: started.rollout_id,
      worker_id: 'Worker-9',
      last_heartbeat_time: 1_700_000_123.5,
      metadata: { note: 'hi' },
      status: 'preparing',
    });
    expect(await store.getLatestAttempt(started.rollout_id)).toEqual(updated);
  });

  test('updateAttempt replaces metadata instead of merging it', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { metadata: { a: 1 } });
    const updated = await store.updateAttempt(started.rollout_id, 'latest', { metadata: { b: 2 } });
    expect(updated.metadata).toEqual({ b: 2 });
  });

  test('an attempt status may change from any status to any other', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    const back = await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    expect(back.status).toBe('running');
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('running');
  });

  test('each succeeded or failed update re-stamps the attempt end time', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    const first = await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    clock.advance(5);
    const second = await store.updateAttempt(started.rollout_id, 'latest', { status: 'failed' });
    expectTime(second.end_time, clock.now());
    expect(present(second.end_time) - present(first.end_time)).toBeCloseTo(5, 2);
  });

  test('a non-ending status keeps the attempt end time', async ({ store }) => {
    const started = await store.startRollout({});
    const failed = await store.updateAttempt(started.rollout_id, 'latest', { status: 'failed' });
    const running = await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    expect(running.end_time).toBe(failed.end_time);
    expect(running.end_time).not.toBeNull();
  });

  test('a metadata-only update re-derives the rollout status from the latest attempt', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    await store.updateRollout(started.rollout_id, { status: 'failed' });
    await store.updateAttempt(started.rollout_id, 'latest', { metadata: { progress: 1 } });
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('running');
  });

  test('an update that implies the current status leaves the rollout end time alone', async ({
    store,
    clock,
  }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    const before = present(await store.getRolloutById(started.rollout_id));
    clock.advance(10);
    await store.updateAttempt(started.rollout_id, 'latest', { metadata: { after: true } });
    const after = present(await store.getRolloutById(started.rollout_id));
    expect(after.status).toBe('succeeded');
    expect(after.end_time).toBe(before.end_time);
  });
});
