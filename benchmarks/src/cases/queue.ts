import { InMemoryLightningStore } from '@agl/store-memory';
import { NaiveStore } from '../baseline';
import { throughput } from '../measure';
import { megabytes, opsPerSecond, type Row, times } from '../table';

/**
 * enqueueRollout and dequeueRollout throughput, each call awaited in turn.
 *
 * @param n - number of rollouts
 */
export async function queueRows(n: number): Promise<Row[]> {
  const store = new InMemoryLightningStore();
  const naive = new NaiveStore();
  const enqueue = await throughput(n, (i) => store.enqueueRollout({ task: i }));
  const enqueueBase = await throughput(n, (i) => naive.enqueue({ task: i }));
  const dequeue = await throughput(n, () => store.dequeueRollout({ workerId: 'worker-0' }));
  const dequeueBase = await throughput(n, () => naive.dequeue());
  await store.close();
  const label = n.toLocaleString('en-US');
  return [
    {
      operation: 'enqueueRollout',
      n: label,
      store: opsPerSecond(enqueue.opsPerSecond),
      baseline: opsPerSecond(enqueueBase.opsPerSecond),
      ratio: times(enqueue.opsPerSecond / enqueueBase.opsPerSecond),
      heap: megabytes(enqueue.heapDelta),
      target: '',
    },
    {
      operation: 'dequeueRollout (with worker)',
      n: label,
      store: opsPerSecond(dequeue.opsPerSecond),
      baseline: opsPerSecond(dequeueBase.opsPerSecond),
      ratio: times(dequeue.opsPerSecond / dequeueBase.opsPerSecond),
      heap: megabytes(dequeue.heapDelta),
      target: '',
    },
  ];
}
