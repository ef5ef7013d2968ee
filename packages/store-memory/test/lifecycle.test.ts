import {
  InternalStoreError,
  InvalidArgumentError,
  NotFoundError,
  NotImplementedStoreError,
} from '@agl/store-core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore, InMemoryLightningStore } from '../src/index';
import { makeSpan, makeStore } from './helpers';

describe('InMemoryLightningStore lifecycle', () => {
  it('runs enqueue -> dequeue -> span -> succeed with propagation and worker telemetry', async () => {
    const { store, clock } = makeStore();
    const rollout = await store.enqueueRollout({ q: 1 });
    expect(rollout).toMatchObject({ status: 'queuing', end_time: null, metadata: {} });
    expect(rollout).not.toHaveProperty('attempt');
    clock.advance(1);
    const claimed = await store.dequeueRollout({ workerId: 'w1' });
    expect(claimed?.status).toBe('preparing');
    expect(claimed?.attempt).toMatchObject({
      sequence_id: 1,
      status: 'preparing',
      worker_id: 'w1',
    });
    expect(await store.getWorkerById('w1')).toMatchObject({
      status: 'busy',
      current_rollout_id: rollout.rollout_id,
      last_dequeue_time: clock.now(),
    });
    const attemptId = claimed?.attempt.attempt_id as string;
    clock.advance(1);
    await store.addSpan(makeSpan(rollout.rollout_id, attemptId, 's1'));
    const running = await store.getRolloutById(rollout.rollout_id);
    expect(running).toMatchObject({
      status: 'running',
      attempt: { status: 'running', last_heartbeat_time: clock.now() },
    });
    clock.advance(1);
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'succeeded' });
    const done = await store.getRolloutById(rollout.rollout_id);
    expect(done).toMatchObject({ status: 'succeeded', end_time: clock.now() });
    expect(await store.getWorkerById('w1')).toMatchObject({
      status: 'idle',
      current_rollout_id: null,
    });
  });

  it('requeues a retryable failure and creates attempt 2 on the next dequeue', async () => {
    const { store } = makeStore();
    const rollout = await store.enqueueRollout(null, {
      config: { max_attempts: 2, retry_condition: ['failed'] },
    });
    await store.dequeueRollout();
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'failed' });
    expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('requeuing');
    const again = await store.dequeueRollout();
    expect(again?.attempt.sequence_id).toBe(2);
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'failed' });
    expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('failed');
    expect(await store.dequeueRollout()).toBeNull();
  });

  it('keeps cancelled sticky against late attempt updates and spans (DECISIONS.md item 3)', async () => {
    const { store } = makeStore();
    const started = await store.startRollout('task');
    const id = started.rollout_id;
    await store.updateRollout(id, { status: 'cancelled' });
    await store.addSpan(makeSpan(id, started.attempt.attempt_id, 's1'));
    await store.updateAttempt(id, 'latest', { metadata: { late: true } });
    await store.updateAttempt(id, 'latest', { status: 'succeeded' });
    expect((await store.getRolloutById(id))?.status).toBe('cancelled');
    await store.startAttempt(id);
    expect((await store.getRolloutById(id))?.status).toBe('preparing');
    await store.updateRollout(id, { status: 'cancelled' });
    await store.updateRollout(id, { status: 'running' });
    expect((await store.getRolloutById(id))?.status).toBe('running');
  });

  it('promotes a queuing rollout to running on a span of its latest attempt (DECISIONS.md item 4)', async () => {
    const { store } = makeStore();
    const rollout = await store.enqueueRollout('x');
    const claimed = await store.dequeueRollout();
    await store.updateRollout(rollout.rollout_id, { status: 'queuing' });
    await store.addSpan(makeSpan(rollout.rollout_id, claimed?.attempt.attempt_id as string, 's'));
    expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('running');
    // Its queue entry is skipped: no second attempt.
    expect(await store.dequeueRollout()).toBeNull();
  });

  it('keeps one queue entry per rollout', async () => {
    const { store } = makeStore();
    const rollout = await store.enqueueRollout('x');
    await store.dequeueRollout();
    await store.updateRollout(rollout.rollout_id, { status: 'requeuing' });
    await store.updateRollout(rollout.rollout_id, { status: 'requeuing' });
    expect(await store.dequeueRollout()).not.toBeNull();
    expect(await store.dequeueRollout()).toBeNull();
  });

  it('returns copies: mutating results does not change the store', async () => {
    const { store } = makeStore();
    const input = { nested: { value: 1 } };
    const rollout = await store.enqueueRollout(input, { metadata: { tag: 'a' } });
    input.nested.value = 2;
    (rollout.input as typeof input).nested.value = 3;
    (rollout.metadata as Record<string, unknown>).tag = 'b';
    rollout.config.retry_condition.push('failed');
    const page = await store.queryRollouts();
    const stored = page.items[0];
    expect(stored?.input).toEqual({ nested: { value: 1 } });
    expect(stored?.metadata).toEqual({ tag: 'a' });
    expect(stored?.config.retry_condition).toEqual([]);
    const span = makeSpan(rollout.rollout_id, 'x', 's');
    const started = await store.startRollout('t');
    await store.addSpan({
      ...span,
      rollout_id: started.rollout_id,
      attempt_id: started.attempt.attempt_id,
    });
    const first = (await store.querySpans(started.rollout_id)).items[0];
    if (first) first.attributes.changed = true;
    expect((await store.querySpans(started.rollout_id)).items[0]?.attributes).toEqual({});
  });

  it('runs the watchdog on its timer without any store call (DECISIONS.md item 5)', async () => {
    vi.useFakeTimers();
    try {
      // A long debounce: after the first lazy scan, only the timer can scan.
      const { store, clock } = makeStore({ watchdogIntervalSeconds: 5, scanDebounceSeconds: 1000 });
      const started = await store.startRollout('t', { config: { timeout_seconds: 1 } });
      clock.advance(2);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('preparing');
      vi.advanceTimersByTime(5000);
      expect(await store.getRolloutById(started.rollout_id)).toMatchObject({
        status: 'failed',
        attempt: { status: 'timeout' },
      });
      await store.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports statistics with exactly the keys the reference in-memory store reports', async () => {
    const { store, clock } = makeStore();
    await store.startRollout('t', { workerId: 'w' });
    await store.addResources({});
    clock.advance(2.5);
    const stats = await store.statistics();
    expect(Object.keys(stats).sort()).toEqual(
      [
        'name',
        'total_rollouts',
        'total_attempts',
        'total_spans',
        'total_resources',
        'total_workers',
        'uptime',
        'total_span_bytes',
        'eviction_threshold_bytes',
        'safe_threshold_bytes',
        'memory_capacity_bytes',
      ].sort(),
    );
    expect(stats).toMatchObject({
      name: 'InMemoryLightningStore',
      total_rollouts: 1,
      total_attempts: 1,
      total_resources: 1,
      total_workers: 1,
      uptime: 2.5,
    });
  });

  it('declares its capabilities and has no OTLP endpoint', () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    expect(store.capabilities).toEqual({
      thread_safe: true,
      async_safe: true,
      zero_copy: false,
      otlp_traces: false,
    });
    expect(() => store.otlpTracesEndpoint()).toThrow(NotImplementedStoreError);
  });

  it('keeps createMemoryStore as a deprecated alias of the constructor', () => {
    const store = createMemoryStore({ watchdogIntervalSeconds: null });
    expect(store).toBeInstanceOf(InMemoryLightningStore);
    expect(store.name).toBe('InMemoryLightningStore');
  });

  it('releases pending waiters on close', async () => {
    const { store } = makeStore();
    const rollout = await store.enqueueRollout('t');
    const pending = store.waitForRollouts([rollout.rollout_id]);
    await store.close();
    expect(await pending).toEqual([]);
  });

  it('reports unknown rollouts and attempts as NotFoundError', async () => {
    const { store } = makeStore();
    await expect(store.startAttempt('ro-none')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.updateRollout('ro-none', {})).rejects.toThrow(/does not exist/);
    const rollout = await store.enqueueRollout('t');
    await expect(store.updateAttempt(rollout.rollout_id, 'latest', {})).rejects.toThrow(
      `No attempts found for rollout ${rollout.rollout_id}`,
    );
    await expect(store.addSpan(makeSpan(rollout.rollout_id, 'at-x', 's'))).rejects.toThrow(
      `Attempt at-x not found for rollout ${rollout.rollout_id}`,
    );
  });
});

describe('span ingestion edge cases', () => {
  it('stores nothing of a group when one span cannot be serialised', async () => {
    const { store } = makeStore();
    const started = await store.startRollout('t');
    const good = makeSpan(started.rollout_id, started.attempt.attempt_id, 'ok');
    const bad = makeSpan(started.rollout_id, started.attempt.attempt_id, 'bad', {
      attributes: { big: 1n as unknown as number },
    });
    await expect(store.addManySpans([good, bad])).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await store.querySpans(started.rollout_id)).total).toBe(0);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('preparing');
  });

  it('stores a span id repeated within one batch once', async () => {
    const { store } = makeStore();
    const started = await store.startRollout('t');
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id, 'same');
    expect(await store.addManySpans([span, { ...span, name: 'second' }])).toHaveLength(1);
    expect((await store.querySpans(started.rollout_id)).items.map((s) => s.name)).toEqual(['step']);
  });

  it('reports a failing size estimator as an internal error without storing the span', async () => {
    const { store } = makeStore({
      spanSizeEstimator: () => {
        throw new Error('broken');
      },
    });
    const started = await store.startRollout('t');
    await expect(
      store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id, 's')),
    ).rejects.toBeInstanceOf(InternalStoreError);
    expect((await store.statistics()).total_spans).toBe(0);
  });
});
