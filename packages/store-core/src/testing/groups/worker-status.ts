import { expect } from 'vitest';
import { expectTime, present } from '../assertions';
import { defineContractGroup } from '../registry';
import { enqueueSeveral } from '../scenarios';

/** Attempt-driven worker status. */
export const workerStatusGroup = defineContractGroup('worker status', (test) => {
  test('a dequeue makes the worker busy on the new attempt', async ({ store, clock }) => {
    await store.enqueueRollout({});
    clock.advance(1);
    const claimed = present(await store.dequeueRollout({ workerId: 'Worker-1' }));
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker).toMatchObject({
      status: 'busy',
      current_rollout_id: claimed.rollout_id,
      current_attempt_id: claimed.attempt.attempt_id,
      heartbeat_stats: null,
      last_heartbeat_time: null,
    });
    expectTime(worker.last_dequeue_time, clock.now());
    expectTime(worker.last_busy_time, clock.now());
  });

  for (const status of ['succeeded', 'failed'] as const) {
    test(`a ${status} attempt makes its worker idle and clears the current ids`, async ({
      store,
      clock,
    }) => {
      await store.enqueueRollout({});
      const claimed = present(await store.dequeueRollout({ workerId: 'Worker-1' }));
      clock.advance(4);
      await store.updateAttempt(claimed.rollout_id, claimed.attempt.attempt_id, { status });
      const worker = present(await store.getWorkerById('Worker-1'));
      expect(worker).toMatchObject({
        status: 'idle',
        current_rollout_id: null,
        current_attempt_id: null,
      });
      expectTime(worker.last_idle_time, clock.now());
      expect(present(worker.last_idle_time)).toBeGreaterThanOrEqual(present(worker.last_busy_time));
    });
  }

  test('a running attempt update keeps its worker busy', async ({ store, clock }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    clock.advance(2);
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'running' });
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker.status).toBe('busy');
    expectTime(worker.last_busy_time, clock.now());
  });

  test('startRollout and startAttempt with a worker make it busy on the new attempt', async ({
    store,
  }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    expect(await store.getWorkerById('Worker-1')).toMatchObject({
      status: 'busy',
      current_attempt_id: started.attempt.attempt_id,
      last_dequeue_time: null,
    });
    const retried = await store.startAttempt(started.rollout_id, { workerId: 'Worker-2' });
    expect(await store.getWorkerById('Worker-2')).toMatchObject({
      status: 'busy',
      current_rollout_id: started.rollout_id,
      current_attempt_id: retried.attempt.attempt_id,
    });
  });

  test('an empty dequeue creates an idle worker with dequeue and idle times', async ({
    store,
    clock,
  }) => {
    expect(await store.dequeueRollout({ workerId: 'Worker-3' })).toBeNull();
    const worker = present(await store.getWorkerById('Worker-3'));
    expect(worker).toMatchObject({
      status: 'idle',
      current_rollout_id: null,
      heartbeat_stats: null,
    });
    expectTime(worker.last_dequeue_time, clock.now());
    expectTime(worker.last_idle_time, clock.now());
  });

  test('an empty dequeue makes a busy worker idle but keeps its current ids', async ({ store }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    await store.dequeueRollout({ workerId: 'Worker-1' });
    expect(await store.getWorkerById('Worker-1')).toMatchObject({
      status: 'idle',
      current_rollout_id: started.rollout_id,
      current_attempt_id: started.attempt.attempt_id,
    });
  });

  test('an empty dequeue by an idle worker only moves its dequeue time', async ({
    store,
    clock,
  }) => {
    await store.dequeueRollout({ workerId: 'Worker-1' });
    const first = present(await store.getWorkerById('Worker-1'));
    clock.advance(5);
    await store.dequeueRollout({ workerId: 'Worker-1' });
    const second = present(await store.getWorkerById('Worker-1'));
    expect(second).toEqual({ ...first, last_dequeue_time: second.last_dequeue_time });
    expectTime(second.last_dequeue_time, clock.now());
  });

  test('attempt-driven updates never change heartbeat stats or heartbeat time', async ({
    store,
    clock,
  }) => {
    const beat = await store.updateWorker('Worker-1', { heartbeatStats: { cpu: 1 } });
    clock.advance(1);
    await store.enqueueRollout({});
    const claimed = present(await store.dequeueRollout({ workerId: 'Worker-1' }));
    await store.updateAttempt(claimed.rollout_id, 'latest', { status: 'succeeded' });
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker.status).toBe('idle');
    expect(worker.heartbeat_stats).toEqual({ cpu: 1 });
    expect(worker.last_heartbeat_time).toBe(beat.last_heartbeat_time);
  });

  test('dequeueManyRollouts makes the worker busy on the last claimed attempt', async ({
    store,
  }) => {
    await enqueueSeveral(store, 3);
    const claimed = await store.dequeueManyRollouts({ limit: 3, workerId: 'Worker-1' });
    expect(await store.getWorkerById('Worker-1')).toMatchObject({
      status: 'busy',
      current_rollout_id: claimed[2]?.rollout_id,
      current_attempt_id: claimed[2]?.attempt.attempt_id,
    });
  });

  test('reassigning an attempt makes the new worker busy and leaves the old one as it was', async ({
    store,
  }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-old' });
    const oldBefore = present(await store.getWorkerById('Worker-old'));
    const updated = await store.updateAttempt(started.rollout_id, 'latest', {
      workerId: 'Worker-new',
    });
    expect(updated.worker_id).toBe('Worker-new');
    expect(await store.getWorkerById('Worker-new')).toMatchObject({
      status: 'busy',
      current_attempt_id: started.attempt.attempt_id,
    });
    expect(await store.getWorkerById('Worker-old')).toEqual(oldBefore);
  });

  test('a metadata-only attempt update does not touch the worker', async ({ store, clock }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    const before = present(await store.getWorkerById('Worker-1'));
    clock.advance(3);
    await store.updateAttempt(started.rollout_id, 'latest', { metadata: { step: 2 } });
    expect(await store.getWorkerById('Worker-1')).toEqual(before);
  });
});
