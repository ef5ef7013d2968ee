import { expect } from 'vitest';
import { present } from '../assertions';
import { defineContractGroup } from '../registry';
import { enqueueSeveral } from '../scenarios';

/** `dequeueManyRollouts`. */
export const dequeueManyGroup = defineContractGroup('dequeue many', (test) => {
  test('dequeueManyRollouts claims in FIFO order and returns fewer when fewer are queued', async ({
    store,
  }) => {
    const rollouts = await enqueueSeveral(store, 4);
    const ids = rollouts.map((r) => r.rollout_id);
    expect((await store.dequeueManyRollouts({ limit: 2 })).map((r) => r.rollout_id)).toEqual(
      ids.slice(0, 2),
    );
    expect((await store.dequeueManyRollouts({ limit: 5 })).map((r) => r.rollout_id)).toEqual(
      ids.slice(2),
    );
    expect(await store.dequeueManyRollouts({ limit: 5 })).toEqual([]);
  });

  test('dequeueManyRollouts claims one rollout by default', async ({ store }) => {
    await enqueueSeveral(store, 2);
    const claimed = await store.dequeueManyRollouts();
    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.attempt.sequence_id).toBe(1);
    expect(claimed[0]?.status).toBe('preparing');
  });

  test('dequeueManyRollouts stamps the worker id on every new attempt', async ({ store }) => {
    await enqueueSeveral(store, 3);
    const claimed = await store.dequeueManyRollouts({ limit: 3, workerId: 'Worker-2' });
    expect(claimed.map((r) => r.attempt.worker_id)).toEqual(['Worker-2', 'Worker-2', 'Worker-2']);
  });

  test('dequeueManyRollouts with limit 0 claims nothing', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    expect(await store.dequeueManyRollouts({ limit: 0 })).toEqual([]);
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('queuing');
    expect((await store.dequeueRollout())?.rollout_id).toBe(queued.rollout_id);
  });

  test('an empty dequeueManyRollouts marks the worker idle', async ({ store }) => {
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    expect(await store.dequeueManyRollouts({ limit: 3, workerId: 'Worker-1' })).toEqual([]);
    const worker = present(await store.getWorkerById('Worker-1'));
    expect(worker.status).toBe('idle');
    expect(worker.current_rollout_id).toBe(started.rollout_id);
    expect(worker.last_dequeue_time).not.toBeNull();
  });
});
