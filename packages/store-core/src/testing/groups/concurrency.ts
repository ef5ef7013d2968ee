import { expect } from 'vitest';
import { present } from '../assertions';
import { makeOtelSpan, makeSpan, sampleResources } from '../builders';
import { defineContractGroup } from '../registry';
import { enqueueSeveral } from '../scenarios';

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index + 1);

/** Atomicity under concurrent calls. */
export const concurrencyGroup = defineContractGroup('concurrency', (test) => {
  test('50 concurrent enqueues give 50 distinct ids', async ({ store }) => {
    const rollouts = await Promise.all(range(50).map((index) => store.enqueueRollout({ index })));
    expect(new Set(rollouts.map((r) => r.rollout_id)).size).toBe(50);
    expect((await store.queryRollouts()).total).toBe(50);
  });

  test('concurrent startRollout calls give distinct rollouts and attempts', async ({ store }) => {
    const rollouts = await Promise.all(range(20).map((index) => store.startRollout({ index })));
    expect(new Set(rollouts.map((r) => r.rollout_id)).size).toBe(20);
    expect(rollouts.every((r) => r.attempt.sequence_id === 1)).toBe(true);
    expect((await store.queryRollouts({ statusIn: ['preparing'] })).total).toBe(20);
  });

  test('30 concurrent dequeues over 20 queued rollouts claim each exactly once', async ({
    store,
  }) => {
    const queued = await enqueueSeveral(store, 20);
    const results = await Promise.all(
      range(30).map((n) => store.dequeueRollout({ workerId: `Worker-${n}` })),
    );
    const claimed = results.filter((r) => r !== null);
    expect(claimed).toHaveLength(20);
    expect(results.filter((r) => r === null)).toHaveLength(10);
    expect(new Set(claimed.map((r) => r.rollout_id))).toEqual(
      new Set(queued.map((r) => r.rollout_id)),
    );
    expect(claimed.every((r) => r.attempt.sequence_id === 1)).toBe(true);
  });

  test('concurrent dequeueManyRollouts calls never share a rollout', async ({ store }) => {
    await enqueueSeveral(store, 10);
    const batches = await Promise.all(range(3).map(() => store.dequeueManyRollouts({ limit: 5 })));
    const ids = batches.flat().map((r) => r.rollout_id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  test('concurrent startAttempt calls on one rollout get distinct sequence ids', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const attempts = await Promise.all(range(10).map(() => store.startAttempt(started.rollout_id)));
    const seqs = attempts.map((r) => r.attempt.sequence_id).sort((x, y) => x - y);
    expect(seqs).toEqual(range(11).slice(1));
    expect((await store.getLatestAttempt(started.rollout_id))?.sequence_id).toBe(11);
  });

  test('30 concurrent getNextSpanSequenceId calls on one rollout give 1 to 30', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    const ids = await Promise.all(
      range(30).map(() => store.getNextSpanSequenceId(rollout_id, attempt.attempt_id)),
    );
    expect([...ids].sort((x, y) => x - y)).toEqual(range(30));
  });

  test('30 concurrent addOtelSpan calls on one attempt get sequence ids 1 to 30', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    const spans = await Promise.all(
      range(30).map(() => store.addOtelSpan(rollout_id, attempt.attempt_id, makeOtelSpan())),
    );
    expect(spans.map((s) => present(s).sequence_id).sort((x, y) => x - y)).toEqual(range(30));
    expect((await store.querySpans(rollout_id)).total).toBe(30);
  });

  test('concurrent copies of one span are stored once', async ({ store }) => {
    const started = await store.startRollout({});
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id);
    const results = await Promise.all(range(5).map(() => store.addSpan(span)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await store.querySpans(started.rollout_id)).total).toBe(1);
  });

  test('concurrent updateResources calls on distinct ids all persist', async ({ store }) => {
    const ids = range(20).map((n) => `res-${n}`);
    await Promise.all(ids.map((id) => store.updateResources(id, sampleResources(id))));
    const page = await store.queryResources();
    expect(page.total).toBe(20);
    for (const id of ids) {
      expect((await store.getResourcesById(id))?.resources).toEqual(sampleResources(id));
    }
  });

  test('concurrent updateResources calls on one id count every version', async ({ store }) => {
    await Promise.all(
      range(10).map((n) => store.updateResources('shared', sampleResources(`v${n}`))),
    );
    expect((await store.getResourcesById('shared'))?.version).toBe(10);
  });

  test('concurrent attempt updates and spans on different rollouts do not interfere', async ({
    store,
  }) => {
    const rollouts = await Promise.all(range(10).map(() => store.startRollout({})));
    await Promise.all(
      rollouts.flatMap((r, index) => [
        store.addSpan(makeSpan(r.rollout_id, r.attempt.attempt_id)),
        store.updateAttempt(r.rollout_id, 'latest', { metadata: { index } }),
      ]),
    );
    for (const [index, r] of rollouts.entries()) {
      const attempt = present(await store.getLatestAttempt(r.rollout_id));
      expect(attempt.metadata).toEqual({ index });
      expect(attempt.status).toBe('running');
    }
    expect((await store.queryRollouts({ statusIn: ['running'] })).total).toBe(10);
  });
});
