import { InMemoryLightningStore } from '@agl/store-memory';
import { NaiveStore } from '../baseline';
import { throughput } from '../measure';
import { megabytes, opsPerSecond, type Row, times } from '../table';

/**
 * updateAttempt throughput and full enqueue -> dequeue -> succeed lifecycles.
 *
 * @param n - number of rollouts
 */
export async function attemptRows(n: number): Promise<Row[]> {
  const store = new InMemoryLightningStore();
  const naive = new NaiveStore();
  const started: string[] = [];
  for (let i = 0; i < n; i++) started.push((await store.startRollout({ task: i })).rollout_id);
  for (let i = 0; i < n; i++) naive.enqueue({ task: i });
  for (let i = 0; i < n; i++) naive.dequeue();
  const ids = naive.rollouts.map((r) => r.rollout_id);
  const update = await throughput(n, (i) =>
    store.updateAttempt(started[i] as string, 'latest', { status: 'running' }),
  );
  const updateBase = await throughput(n, (i) =>
    naive.updateLatestAttempt(ids[i] as string, 'running'),
  );
  await store.close();

  const lifecycleStore = new InMemoryLightningStore();
  const lifecycleNaive = new NaiveStore();
  const lifecycle = await throughput(n, async (i) => {
    await lifecycleStore.enqueueRollout({ task: i });
    const claimed = await lifecycleStore.dequeueRollout({ workerId: 'worker-0' });
    await lifecycleStore.updateAttempt(claimed?.rollout_id as string, 'latest', {
      status: 'succeeded',
    });
  });
  const lifecycleBase = await throughput(n, (i) => {
    lifecycleNaive.enqueue({ task: i });
    const claimed = lifecycleNaive.dequeue();
    lifecycleNaive.updateLatestAttempt(claimed?.rollout_id as string, 'succeeded');
  });
  await lifecycleStore.close();
  const label = n.toLocaleString('en-US');
  return [
    {
      operation: 'updateAttempt (status, propagated)',
      n: label,
      store: opsPerSecond(update.opsPerSecond),
      baseline: opsPerSecond(updateBase.opsPerSecond),
      ratio: times(update.opsPerSecond / updateBase.opsPerSecond),
      heap: megabytes(update.heapDelta),
      target: '',
    },
    {
      operation: 'lifecycle enqueue→dequeue→succeed',
      n: label,
      store: opsPerSecond(lifecycle.opsPerSecond),
      baseline: opsPerSecond(lifecycleBase.opsPerSecond),
      ratio: times(lifecycle.opsPerSecond / lifecycleBase.opsPerSecond),
      heap: megabytes(lifecycle.heapDelta),
      target: '≥ 100,000/s',
    },
  ];
}
