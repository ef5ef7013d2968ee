import { describe, expect, it } from 'vitest';
import { makeSpan, makeStore } from './helpers';

describe('atomicity under concurrent callers', () => {
  it('never hands one rollout to two of 1,000 concurrent dequeues', async () => {
    const { store } = makeStore();
    await store.enqueueManyRollouts(Array.from({ length: 600 }, (_, i) => ({ input: i })));
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => store.dequeueRollout({ workerId: `w${i % 7}` })),
    );
    const claimed = results.filter((r) => r !== null);
    expect(claimed).toHaveLength(600);
    expect(new Set(claimed.map((r) => r.rollout_id)).size).toBe(600);
    expect(claimed.every((r) => r.attempt.sequence_id === 1)).toBe(true);
    const stats = await store.statistics();
    expect(stats.total_attempts).toBe(600);
  });

  it('mixes concurrent dequeue_many and dequeue without duplicates, in FIFO order overall', async () => {
    const { store } = makeStore();
    const enqueued = await store.enqueueManyRollouts(
      Array.from({ length: 100 }, (_, i) => ({ input: i })),
    );
    const batches = await Promise.all([
      store.dequeueManyRollouts({ limit: 30 }),
      store.dequeueRollout().then((r) => (r ? [r] : [])),
      store.dequeueManyRollouts({ limit: 80 }),
    ]);
    const order = batches.flat().map((r) => r.rollout_id);
    expect(order).toEqual(enqueued.map((r) => r.rollout_id));
  });

  it('creates distinct ids and sequence ids under concurrent calls', async () => {
    const { store } = makeStore();
    const rollouts = await Promise.all(
      Array.from({ length: 200 }, () => store.enqueueRollout('t')),
    );
    expect(new Set(rollouts.map((r) => r.rollout_id)).size).toBe(200);
    const ids = await Promise.all(
      Array.from({ length: 100 }, () => store.getNextSpanSequenceId('ro-x', 'at')),
    );
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('keeps a concurrent metadata update against span ingestion', async () => {
    const { store } = makeStore();
    const started = await store.startRollout('t');
    const { rollout_id: id, attempt } = started;
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        store.addSpan(makeSpan(id, attempt.attempt_id, `s${i}`)),
      ),
      store.updateAttempt(id, attempt.attempt_id, { metadata: { keep: true } }),
    ]);
    expect((await store.getLatestAttempt(id))?.metadata).toEqual({ keep: true });
    expect((await store.querySpans(id)).total).toBe(20);
  });
});
