import { expect } from 'vitest';
import { attemptOf, present } from '../assertions';
import { makeSpan } from '../builders';
import { defineContractGroup } from '../registry';
import { rolloutWithAttempts } from '../scenarios';

/** Storing spans with `addSpan` and `addManySpans`. */
export const spansGroup = defineContractGroup('spans', (test) => {
  test('addSpan returns the span as stored and querySpans lists it', async ({ store }) => {
    const started = await store.startRollout({});
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id, {
      sequence_id: 7,
      name: 'reward',
      attributes: { 'agentlightning.reward.0.value': 1, tags: ['a', 'b'], ok: true },
      start_time: 1_600_000_000.25,
      end_time: null,
    });
    expect(await store.addSpan(span)).toEqual(span);
    expect((await store.querySpans(started.rollout_id)).items).toEqual([span]);
  });

  test('re-adding a span with the same ids returns null and keeps the original', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const original = makeSpan(started.rollout_id, started.attempt.attempt_id, { name: 'original' });
    await store.addSpan(original);
    expect(await store.addSpan({ ...original, name: 'copy' })).toBeNull();
    const page = await store.querySpans(started.rollout_id);
    expect(page.total).toBe(1);
    expect(page.items[0]?.name).toBe('original');
  });

  test('the same span id under two attempts is stored twice', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 2);
    for (const attempt of attempts) {
      expect(
        await store.addSpan(makeSpan(rollout.rollout_id, attempt.attempt_id, { span_id: 'same' })),
      ).not.toBeNull();
    }
    const page = await store.querySpans(rollout.rollout_id, { spanId: 'same' });
    expect(page.total).toBe(2);
    expect(new Set(page.items.map((s) => s.attempt_id)).size).toBe(2);
  });

  test('unknown keys on a span and its parts are stored and returned verbatim', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const base = makeSpan(started.rollout_id, started.attempt.attempt_id);
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id, {
      kind: 'SpanKind.INTERNAL',
      custom: { nested: [1, 2] },
      status: { status_code: 'ERROR', description: 'boom', origin: 'sdk' },
      context: { ...present(base.context), extra_ctx: 1 },
      events: [{ name: 'e', attributes: { a: 1 }, timestamp: 5, extra_event: 'x' }],
      links: [
        { context: { ...present(base.context), extra_link_ctx: true }, attributes: null, why: 'y' },
      ],
    });
    expect(await store.addSpan(span)).toEqual(span);
    expect((await store.querySpans(started.rollout_id)).items[0]).toEqual(span);
  });

  test('spans keep the sequence id and timestamps they were given', async ({ store }) => {
    const started = await store.startRollout({});
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id, {
      sequence_id: 42,
      start_time: 12.5,
      end_time: 13.75,
    });
    await store.addSpan(span);
    const stored = present((await store.querySpans(started.rollout_id)).items[0]);
    expect(stored).toMatchObject({ sequence_id: 42, start_time: 12.5, end_time: 13.75 });
  });

  test('addManySpans stores spans grouped by rollout and attempt in order of first appearance', async ({
    store,
  }) => {
    const a = await store.startRollout({});
    const b = await store.startRollout({});
    const a1 = makeSpan(a.rollout_id, a.attempt.attempt_id, { name: 'a1' });
    const b1 = makeSpan(b.rollout_id, b.attempt.attempt_id, { name: 'b1' });
    const a2 = makeSpan(a.rollout_id, a.attempt.attempt_id, { name: 'a2' });
    const stored = await store.addManySpans([a1, b1, a2]);
    expect(stored.map((s) => s.name)).toEqual(['a1', 'a2', 'b1']);
    expect((await store.querySpans(a.rollout_id)).total).toBe(2);
    expect((await store.querySpans(b.rollout_id)).total).toBe(1);
  });

  test('addManySpans returns only the spans it newly stored', async ({ store }) => {
    const started = await store.startRollout({});
    const old = makeSpan(started.rollout_id, started.attempt.attempt_id, { name: 'old' });
    await store.addSpan(old);
    const fresh = makeSpan(started.rollout_id, started.attempt.attempt_id, { name: 'fresh' });
    const stored = await store.addManySpans([old, fresh, fresh]);
    expect(stored.map((s) => s.name)).toEqual(['fresh']);
    expect((await store.querySpans(started.rollout_id)).total).toBe(2);
  });

  test('addManySpans heartbeats every attempt it stores spans for', async ({ store }) => {
    const a = await store.startRollout({});
    const b = await store.startRollout({});
    await store.addManySpans([
      makeSpan(a.rollout_id, a.attempt.attempt_id),
      makeSpan(b.rollout_id, b.attempt.attempt_id),
    ]);
    for (const rollout of [a, b]) {
      const read = present(await store.getRolloutById(rollout.rollout_id));
      expect(read.status).toBe('running');
      expect(attemptOf(read).last_heartbeat_time).not.toBeNull();
    }
  });

  test('addManySpans of an empty list stores nothing', async ({ store }) => {
    const started = await store.startRollout({});
    expect(await store.addManySpans([])).toEqual([]);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('preparing');
  });

  test('an attempt metadata update concurrent with spans is not overwritten by the heartbeat', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    await Promise.all([
      store.addSpan(makeSpan(rollout_id, attempt.attempt_id)),
      store.updateAttempt(rollout_id, attempt.attempt_id, { metadata: { step: 1 } }),
      store.addSpan(makeSpan(rollout_id, attempt.attempt_id)),
    ]);
    const read = present(await store.getLatestAttempt(rollout_id));
    expect(read.metadata).toEqual({ step: 1 });
    expect(read.status).toBe('running');
    expect(read.last_heartbeat_time).not.toBeNull();
  });
});
