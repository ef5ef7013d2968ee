import { expect } from 'vitest';
import { expectTime, present } from '../assertions';
import { defineContractGroup } from '../registry';

/** Worker heartbeats with `updateWorker`. */
export const workersGroup = defineContractGroup('worker heartbeats', (test) => {
  test('a heartbeat creates an unknown worker with its stats and heartbeat time', async ({
    store,
    clock,
  }) => {
    const worker = await store.updateWorker('Worker-0', { heartbeatStats: { cpu: 0.5 } });
    expect(worker).toMatchObject({
      worker_id: 'Worker-0',
      status: 'unknown',
      heartbeat_stats: { cpu: 0.5 },
      last_dequeue_time: null,
      last_busy_time: null,
      last_idle_time: null,
      current_rollout_id: null,
      current_attempt_id: null,
    });
    expectTime(worker.last_heartbeat_time, clock.now());
    expect(await store.getWorkerById('Worker-0')).toEqual(worker);
  });

  test('a heartbeat without stats keeps the previous stats and moves the heartbeat time', async ({
    store,
    clock,
  }) => {
    const first = await store.updateWorker('Worker-0', { heartbeatStats: { cpu: 1 } });
    clock.advance(3);
    const second = await store.updateWorker('Worker-0');
    expect(second.heartbeat_stats).toEqual({ cpu: 1 });
    expect(present(second.last_heartbeat_time) - present(first.last_heartbeat_time)).toBeCloseTo(
      3,
      2,
    );
  });

  test('a heartbeat replaces the stats instead of merging them', async ({ store }) => {
    await store.updateWorker('Worker-0', { heartbeatStats: { cpu: 1, mem: 2 } });
    expect(
      (await store.updateWorker('Worker-0', { heartbeatStats: { gpu: 3 } })).heartbeat_stats,
    ).toEqual({ gpu: 3 });
  });

  test('a heartbeat never changes status, timing fields or current ids', async ({ store }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-0' });
    const before = present(await store.getWorkerById('Worker-0'));
    const after = await store.updateWorker('Worker-0', { heartbeatStats: { ok: true } });
    expect(after).toMatchObject({
      status: 'busy',
      last_busy_time: before.last_busy_time,
      current_rollout_id: started.rollout_id,
      current_attempt_id: started.attempt.attempt_id,
    });
  });

  test('getWorkerById returns null for an unknown worker', async ({ store }) => {
    await store.updateWorker('Worker-0');
    expect(await store.getWorkerById('Worker-404')).toBeNull();
  });
});
