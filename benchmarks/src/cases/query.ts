import { InMemoryLightningStore } from '@agl/store-memory';
import type { RolloutStatus } from '@agl/types';
import { NaiveStore } from '../baseline';
import { collect, heapUsed, latency } from '../measure';
import { latencyText, megabytes, type Row, times } from '../table';

/** Status of the i-th rollout: 10 % failed, 10 % running, 10 % queuing, 70 % succeeded. */
function statusOf(i: number): RolloutStatus {
  const bucket = i % 10;
  return bucket === 0
    ? 'failed'
    : bucket === 1
      ? 'running'
      : bucket === 2
        ? 'queuing'
        : 'succeeded';
}

/** A deterministic pseudo-random sequence, so every run queries the same pages. */
function offsets(count: number, max: number): number[] {
  let seed = 12345;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % Math.max(1, max);
  });
}

/**
 * queryRollouts(statusIn: ['failed'], limit 100, natural order) at a random
 * offset, over `size` rollouts of mixed statuses.
 *
 * @param size - number of rollouts
 */
export async function queryRow(size: number): Promise<Row> {
  collect();
  const before = heapUsed();
  const store = new InMemoryLightningStore();
  for (let start = 0; start < size; start += 10_000) {
    const count = Math.min(10_000, size - start);
    const batch = await store.enqueueManyRollouts(
      Array.from({ length: count }, (_, i) => ({ input: { task: start + i } })),
    );
    for (const [i, r] of batch.entries()) {
      const status = statusOf(start + i);
      if (status !== 'queuing') await store.updateRollout(r.rollout_id, { status });
    }
  }
  collect();
  const heap = heapUsed() - before;
  const matches = Math.ceil(size / 10);
  const samples = offsets(500, matches - 100);
  const measured = await latency(samples.length, (i) =>
    store.queryRollouts({ statusIn: ['failed'], limit: 100, offset: samples[i] as number }),
  );
  await store.close();

  const naive = new NaiveStore();
  for (let i = 0; i < size; i++) {
    const r = naive.enqueue({ task: i });
    naive.setStatus(r.rollout_id, statusOf(i));
  }
  const baseSamples = size >= 1_000_000 ? 50 : 200;
  const base = await latency(baseSamples, (i) =>
    naive.queryByStatus('failed', samples[i] as number, 100),
  );
  return {
    operation: 'queryRollouts(status, page of 100)',
    n: size.toLocaleString('en-US'),
    store: latencyText(measured),
    baseline: latencyText(base),
    ratio: times(base.p99 / measured.p99),
    heap: `${megabytes(heap)} (${Math.round(heap / size)} B/rollout)`,
    target: size >= 1_000_000 ? 'p99 < 5 ms' : '',
  };
}
