import { InvalidArgumentError, SpansEvictedError } from '@agl/store-core';
import { type EvictionEvent, estimateSpanSize } from '@agl/store-core/backend';
import { describe, expect, it } from 'vitest';
import { InMemoryLightningStore, resolveEvictionThresholds } from '../src/index';
import { makeSpan, makeStore } from './helpers';

describe('threshold resolution', () => {
  const capacity = () => 1000;

  it('resolves byte thresholds as given', () => {
    expect(
      resolveEvictionThresholds({ evictionThresholdBytes: 150, safeThresholdBytes: 20 }, capacity),
    ).toEqual({
      capacity: 1000,
      eviction: 150,
      safe: 20,
    });
  });

  it('resolves ratio thresholds against the capacity', () => {
    expect(
      resolveEvictionThresholds(
        { evictionThresholdRatio: 0.6, safeThresholdRatio: 0.0, memoryCapacityBytes: 1000 },
        capacity,
      ),
    ).toEqual({ capacity: 1000, eviction: 600, safe: 0 });
  });

  it('defaults to 70 % of capacity and 80 % of that', () => {
    expect(resolveEvictionThresholds({}, () => 10_000)).toEqual({
      capacity: 10_000,
      eviction: 7000,
      safe: 5600,
    });
  });

  it('rejects safe >= eviction and out-of-range values', () => {
    const bad = [
      { evictionThresholdBytes: 100, safeThresholdBytes: 100 },
      { evictionThresholdBytes: 100, safeThresholdBytes: 150 },
      { evictionThresholdRatio: 0.5, safeThresholdRatio: 0.6 },
      { evictionThresholdRatio: 0 },
      { evictionThresholdRatio: 1.5 },
      { evictionThresholdBytes: -1 },
      { evictionThresholdBytes: 0 },
      { safeThresholdRatio: -0.1 },
      { safeThresholdBytes: -5 },
      { memoryCapacityBytes: 0 },
      { evictionThresholdBytes: 10, evictionThresholdRatio: 0.5 },
    ];
    for (const options of bad) {
      expect(() => resolveEvictionThresholds(options, capacity), JSON.stringify(options)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(
      () => new InMemoryLightningStore({ evictionThresholdBytes: 10, safeThresholdBytes: 10 }),
    ).toThrow(/safe threshold/);
  });
});

describe('span eviction', () => {
  it('evicts the oldest rollouts down to the safe threshold', async () => {
    const { store, clock } = makeStore({
      memoryCapacityBytes: 100,
      evictionThresholdRatio: 0.5,
      safeThresholdRatio: 0.05,
      spanSizeEstimator: () => 20,
    });
    const rollouts = [];
    for (let i = 0; i < 4; i++) {
      rollouts.push(await store.startRollout(i));
      clock.advance(1);
    }
    const stats = await store.statistics();
    expect(stats).toMatchObject({ eviction_threshold_bytes: 50, safe_threshold_bytes: 5 });
    for (const [i, r] of rollouts.entries()) {
      await store.addSpan(makeSpan(r.rollout_id, r.attempt.attempt_id, `s${i}`));
    }
    expect((await store.statistics()).total_span_bytes).toBe(20);
    for (const r of rollouts.slice(0, 3)) {
      await expect(store.querySpans(r.rollout_id)).rejects.toBeInstanceOf(SpansEvictedError);
    }
    const last = rollouts[3];
    expect((await store.querySpans(last?.rollout_id as string)).items).toHaveLength(1);
    // Eviction does not decrease the span counter (reference quirk).
    expect((await store.statistics()).total_spans).toBe(4);
  });

  it('reports each eviction pass to the store observers: rollouts, spans and bytes dropped', async () => {
    const { store, clock } = makeStore({
      evictionThresholdBytes: 100,
      safeThresholdBytes: 40,
      spanSizeEstimator: () => 30,
    });
    const passes: EvictionEvent[] = [];
    store.addObserver({ spansEvicted: (event) => passes.push(event) });
    const a = await store.startRollout('a');
    clock.advance(1);
    const b = await store.startRollout('b');
    clock.advance(1);
    const c = await store.startRollout('c');
    await store.addManySpans([
      makeSpan(a.rollout_id, a.attempt.attempt_id, 's1'),
      makeSpan(a.rollout_id, a.attempt.attempt_id, 's2'),
      makeSpan(b.rollout_id, b.attempt.attempt_id, 's1'),
    ]);
    expect(passes).toEqual([]);
    // 120 bytes > 100: a (60) then b (30) go, leaving c's 30 <= 40.
    await store.addSpan(makeSpan(c.rollout_id, c.attempt.attempt_id, 's1'));
    expect(passes).toEqual([{ rollouts: 2, spans: 3, bytes: 90 }]);
    expect((await store.statistics()).total_span_bytes).toBe(30);
  });

  it('keeps failing for an evicted rollout after new spans, which are accounted again', async () => {
    const { store, clock } = makeStore({
      evictionThresholdBytes: 50,
      safeThresholdBytes: 0,
      spanSizeEstimator: () => 30,
    });
    const a = await store.startRollout('a');
    clock.advance(1);
    const b = await store.startRollout('b');
    await store.addSpan(makeSpan(a.rollout_id, a.attempt.attempt_id, 's1'));
    await store.addSpan(makeSpan(b.rollout_id, b.attempt.attempt_id, 's1'));
    expect((await store.statistics()).total_span_bytes).toBe(0);
    await store.addSpan(makeSpan(a.rollout_id, a.attempt.attempt_id, 's1'));
    expect((await store.statistics()).total_span_bytes).toBe(30);
    await expect(store.querySpans(a.rollout_id)).rejects.toThrow(
      `Spans for rollout ${a.rollout_id} have been evicted`,
    );
  });

  it('does not mark rollouts without accounted bytes as evicted', async () => {
    const { store, clock } = makeStore({
      evictionThresholdBytes: 10,
      safeThresholdBytes: 0,
      spanSizeEstimator: (s) => (s.name === 'free' ? 0 : 20),
    });
    const a = await store.startRollout('a');
    clock.advance(1);
    const b = await store.startRollout('b');
    await store.addSpan(makeSpan(a.rollout_id, a.attempt.attempt_id, 's', { name: 'free' }));
    await store.addSpan(makeSpan(b.rollout_id, b.attempt.attempt_id, 's'));
    // Rollout a was visited first: its spans were deleted, but it freed no bytes.
    expect((await store.querySpans(a.rollout_id)).total).toBe(0);
    await expect(store.querySpans(b.rollout_id)).rejects.toBeInstanceOf(SpansEvictedError);
  });

  it('under load, brings usage back under the safe threshold without touching unfinished rollouts', async () => {
    // Workload: at most four rollouts run at a time. Each round starts one rollout when fewer than
    // four run, gives every running rollout one span of about 1.2 kB, and finishes (succeeds) the
    // rollouts that reached 10 spans. Eviction visits rollouts oldest first (start_time) and stops at
    // the safe threshold. The unfinished rollouts are always the newest ones and hold at most
    // 4 x 10 x ~1.2 kB = ~50 kB, less than the safe threshold (100 kB), so the walk always stops
    // before reaching any of them: only finished rollouts lose spans.
    const eviction = 200_000;
    const safe = 100_000;
    const { store, clock } = makeStore({
      evictionThresholdBytes: eviction,
      safeThresholdBytes: safe,
    });
    const payload = 'x'.repeat(900);
    let window: { id: string; attempt: string; spans: number }[] = [];
    let peak = 0;
    let evictions = 0;
    let previous = 0;
    let pushed = 0;
    for (let started = 0; started < 400 || window.length > 0; ) {
      if (window.length < 4 && started < 400) {
        const r = await store.startRollout(started++);
        window.push({ id: r.rollout_id, attempt: r.attempt.attempt_id, spans: 0 });
      }
      clock.advance(0.001);
      for (const r of window) {
        const span = makeSpan(r.id, r.attempt, `s${r.spans++}`, { attributes: { payload } });
        pushed += estimateSpanSize(span);
        await store.addSpan(span);
        const bytes = (await store.statistics()).total_span_bytes as number;
        peak = Math.max(peak, bytes);
        if (bytes < previous) {
          evictions++;
          expect(bytes).toBeLessThanOrEqual(safe);
        }
        previous = bytes;
      }
      for (const r of window) {
        // Every unfinished rollout still has all its spans.
        expect((await store.querySpans(r.id)).total).toBe(r.spans);
        if (r.spans === 10) await store.updateAttempt(r.id, 'latest', { status: 'succeeded' });
      }
      window = window.filter((r) => r.spans < 10);
    }
    expect(evictions).toBeGreaterThan(5);
    // Far more than the threshold went in; usage seen after any insertion never exceeded it.
    expect(pushed).toBeGreaterThan(10 * eviction);
    expect(peak).toBeLessThanOrEqual(eviction);
    expect(peak).toBeGreaterThan(safe);
  });
});
