import { expect } from 'vitest';
import { DEFAULT_CONFIG, expectExactKeys, expectTime, present, ROLLOUT_KEYS } from '../assertions';
import { defineContractGroup } from '../registry';

/** `updateRollout`: replacement rules, status side effects. */
export const updateRolloutGroup = defineContractGroup('update rollout', (test) => {
  test('any status transition is accepted, terminal back to running included', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    for (const status of [
      'succeeded',
      'running',
      'failed',
      'queuing',
      'cancelled',
      'preparing',
    ] as const) {
      expect((await store.updateRollout(started.rollout_id, { status })).status).toBe(status);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe(status);
    }
  });

  test('a terminal status stamps an end time after the start time', async ({ store, clock }) => {
    const queued = await store.enqueueRollout({});
    clock.advance(3);
    const done = await store.updateRollout(queued.rollout_id, { status: 'failed' });
    expectTime(done.end_time, clock.now());
    expect(present(done.end_time)).toBeGreaterThan(done.start_time);
  });

  test('moving back to a non-terminal status keeps the old end time', async ({ store, clock }) => {
    const queued = await store.enqueueRollout({});
    const failed = await store.updateRollout(queued.rollout_id, { status: 'failed' });
    clock.advance(2);
    const requeued = await store.updateRollout(queued.rollout_id, { status: 'requeuing' });
    expect(requeued.end_time).toBe(failed.end_time);
  });

  test('setting a terminal status again re-stamps the end time', async ({ store, clock }) => {
    const queued = await store.enqueueRollout({});
    const first = await store.updateRollout(queued.rollout_id, { status: 'succeeded' });
    clock.advance(4);
    const second = await store.updateRollout(queued.rollout_id, { status: 'succeeded' });
    expectTime(second.end_time, clock.now());
    expect(present(second.end_time) - present(first.end_time)).toBeCloseTo(4, 2);
  });

  test('updateRollout returns the rollout without its attempt', async ({ store }) => {
    const started = await store.startRollout({});
    const updated = await store.updateRollout(started.rollout_id, { mode: 'train' });
    expect(updated).not.toHaveProperty('attempt');
    expectExactKeys(updated, ROLLOUT_KEYS);
    expect((await store.getRolloutById(started.rollout_id))?.mode).toBe('train');
  });

  test('every supplied field is replaced', async ({ store }) => {
    const queued = await store.enqueueRollout(
      { old: true },
      { mode: 'train', resourcesId: 'rs-old' },
    );
    const updated = await store.updateRollout(queued.rollout_id, {
      input: { new: true },
      mode: 'val',
      resourcesId: 'rs-new',
      config: { max_attempts: 2 },
      metadata: { fresh: 1 },
    });
    expect(updated).toMatchObject({
      input: { new: true },
      mode: 'val',
      resources_id: 'rs-new',
      config: { ...DEFAULT_CONFIG, max_attempts: 2 },
      metadata: { fresh: 1 },
      status: 'queuing',
    });
    expect(await store.getRolloutById(queued.rollout_id)).toEqual(updated);
  });

  test('metadata is replaced, not merged', async ({ store }) => {
    const queued = await store.enqueueRollout({}, { metadata: { a: 1, b: 2 } });
    expect((await store.updateRollout(queued.rollout_id, { metadata: { c: 3 } })).metadata).toEqual(
      { c: 3 },
    );
  });

  test('config is replaced wholesale and missing keys take defaults', async ({ store }) => {
    const config = { timeout_seconds: 9, max_attempts: 4, retry_condition: ['failed' as const] };
    const queued = await store.enqueueRollout({}, { config });
    const updated = await store.updateRollout(queued.rollout_id, {
      config: { unresponsive_seconds: 3 },
    });
    expect(updated.config).toEqual({ ...DEFAULT_CONFIG, unresponsive_seconds: 3 });
  });

  test('input, mode, resources id and metadata can be cleared with null', async ({ store }) => {
    const queued = await store.enqueueRollout(
      { x: 1 },
      { mode: 'test', resourcesId: 'rs-1', metadata: { m: 1 } },
    );
    const updated = await store.updateRollout(queued.rollout_id, {
      input: null,
      mode: null,
      resourcesId: null,
      metadata: null,
    });
    expect(updated).toMatchObject({ input: null, mode: null, resources_id: null, metadata: null });
    expect(await store.getRolloutById(queued.rollout_id)).toEqual(updated);
  });

  test('an update without fields returns the rollout unchanged', async ({ store, clock }) => {
    const queued = await store.enqueueRollout({ x: 1 }, { mode: 'val', metadata: { m: 1 } });
    clock.advance(1);
    expect(await store.updateRollout(queued.rollout_id, {})).toEqual(queued);
    expect(await store.getRolloutById(queued.rollout_id)).toEqual(queued);
  });

  test('fields that are not supplied are left untouched', async ({ store }) => {
    const queued = await store.enqueueRollout({ x: 1 }, { mode: 'val', metadata: { m: 1 } });
    const updated = await store.updateRollout(queued.rollout_id, { mode: 'train' });
    expect(updated).toEqual({ ...queued, mode: 'train' });
  });

  test('a status update leaves the attempts untouched', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'succeeded' });
    expect(await store.getLatestAttempt(started.rollout_id)).toEqual(started.attempt);
  });
});
