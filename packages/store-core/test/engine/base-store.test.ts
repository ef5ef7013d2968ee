import type { Rollout, Span } from '@agl/types';
import { describe, expect, it, vi } from 'vitest';
import { BaseLightningStore, createEngineStore, type RolloutEntry } from '../../src/backend';
import {
  type Clock,
  InvalidArgumentError,
  NotImplementedStoreError,
  SpansEvictedError,
} from '../../src/index';
import { makeSpan } from '../../src/testing/index';
import { engineStore, recordingBackend } from './helpers';
import { NaiveBackend } from './naive-backend';

describe('BaseLightningStore: writes reach the backend', () => {
  it('writes each step of a lifecycle through the backend, in order', async () => {
    const { backend, writes } = recordingBackend();
    const { store } = engineStore(backend);
    const rollout = await store.enqueueRollout({ task: 1 });
    expect(writes.splice(0)).toEqual(['insertRollout', 'enqueue']);
    const claimed = await store.dequeueRollout({ workerId: 'w1' });
    expect(writes.splice(0)).toEqual(['dequeue', 'insertAttempt', 'putRollout', 'putWorker']);
    const attemptId = claimed?.attempt.attempt_id as string;
    await store.addSpan(makeSpan(rollout.rollout_id, attemptId, { sequence_id: 3 }));
    expect(writes.splice(0)).toEqual(['setSequence', 'insertSpans', 'putAttempt', 'putRollout']);
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'succeeded' });
    expect(writes.splice(0)).toEqual(['putAttempt', 'putRollout', 'putWorker']);
  });

  it('writes nothing for reads and for an update that changes nothing', async () => {
    const { backend, writes } = recordingBackend();
    const { store } = engineStore(backend);
    const rollout = await store.enqueueRollout(null);
    writes.length = 0;
    await store.updateRollout(rollout.rollout_id, {});
    await store.getRolloutById(rollout.rollout_id);
    await store.queryRollouts({ statusIn: ['queuing'] });
    await store.statistics();
    expect(writes).toEqual([]);
  });

  it('hands one group per (rollout, attempt) to insertSpans, duplicates removed', async () => {
    const backend = new NaiveBackend();
    const groups: string[][] = [];
    const insert = backend.insertSpans.bind(backend);
    backend.insertSpans = (spans: readonly Span[]) => {
      groups.push(spans.map((s) => `${s.attempt_id}/${s.span_id}`));
      insert(spans);
    };
    const { store } = engineStore(backend);
    const first = await store.startRollout('a');
    const second = await store.startAttempt(first.rollout_id);
    const [a1, a2] = [first.attempt.attempt_id, second.attempt.attempt_id];
    const id = first.rollout_id;
    const stored = await store.addManySpans([
      makeSpan(id, a1, { span_id: 's1' }),
      makeSpan(id, a2, { span_id: 's1' }),
      makeSpan(id, a1, { span_id: 's1' }),
      makeSpan(id, a1, { span_id: 's2' }),
    ]);
    expect(stored.map((s) => `${s.attempt_id}/${s.span_id}`)).toEqual(groups.flat());
    expect(groups).toEqual([[`${a1}/s1`, `${a1}/s2`], [`${a2}/s1`]]);
    await store.addSpan(makeSpan(id, a2, { span_id: 's1' }));
    expect(groups).toHaveLength(2);
  });

  it('stores nothing and heartbeats nothing when the backend rejects a span group', async () => {
    const backend = new NaiveBackend();
    backend.insertSpans = () => {
      throw new InvalidArgumentError('cannot store this span');
    };
    const { store } = engineStore(backend);
    const started = await store.startRollout('t');
    const span = makeSpan(started.rollout_id, started.attempt.attempt_id);
    await expect(store.addSpan(span)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await store.getRolloutById(started.rollout_id)).toMatchObject({
      status: 'preparing',
      attempt: { status: 'preparing', last_heartbeat_time: null },
    });
  });
});

describe('BaseLightningStore: optional hooks', () => {
  it('answers rollout queries from the queryRollouts hook, attaching latest attempts', async () => {
    const queryRollouts = vi.fn();
    const { backend, inner } = recordingBackend({ queryRollouts });
    const { store } = engineStore(backend);
    const started = await store.startRollout('a');
    await store.enqueueRollout('b');
    const id = started.rollout_id;
    queryRollouts.mockImplementation(() => ({
      items: [{ rollout: inner.getRollout(id) as Rollout, attempts: inner.attemptsOf(id) }],
      limit: 7,
      offset: 0,
      total: 42,
    }));
    const page = await store.queryRollouts({ limit: 7 });
    expect(page).toMatchObject({ limit: 7, offset: 0, total: 42 });
    expect(page.items).toEqual([{ ...started, attempt: started.attempt }]);
    expect(queryRollouts).toHaveBeenCalledWith(expect.objectContaining({ entity: 'rollouts' }));
  });

  it('scans when a query hook declines with undefined', async () => {
    const { backend } = recordingBackend({
      queryRollouts: () => undefined,
      queryWorkers: () => undefined,
      querySpans: () => undefined,
    });
    const { store } = engineStore(backend);
    const started = await store.startRollout('a', { workerId: 'w' });
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    expect((await store.queryRollouts({ statusIn: ['running'] })).total).toBe(1);
    expect((await store.queryWorkers({ statusIn: ['busy'] })).total).toBe(1);
    expect((await store.querySpans(started.rollout_id)).total).toBe(1);
  });

  it('looks only at the rollouts watchedRollouts names', async () => {
    const watched: RolloutEntry[] = [];
    const { backend } = recordingBackend({ watchedRollouts: () => watched });
    const { store, clock } = engineStore(backend);
    const config = { timeout_seconds: 1 };
    const ignored = await store.startRollout('ignored', { config });
    const seen = await store.startRollout('seen', { config });
    const id = seen.rollout_id;
    watched.push({ rollout: backend.getRollout(id) as Rollout, attempts: backend.attemptsOf(id) });
    clock.advance(2);
    expect((await store.getRolloutById(seen.rollout_id))?.status).toBe('failed');
    expect((await store.getRolloutById(ignored.rollout_id))?.status).toBe('preparing');
  });

  it('reports evicted spans before running the watchdog', async () => {
    const { backend } = recordingBackend({ spansEvicted: (id) => id === 'ro-gone' });
    const { store, clock } = engineStore(backend);
    const late = await store.startRollout('late', { config: { timeout_seconds: 1 } });
    clock.advance(2);
    await expect(store.querySpans('ro-gone')).rejects.toBeInstanceOf(SpansEvictedError);
    expect(backend.rollouts.get(late.rollout_id)?.status).toBe('preparing');
    expect((await store.querySpans(late.rollout_id)).total).toBe(0);
    expect(backend.rollouts.get(late.rollout_id)?.status).toBe('failed');
  });

  it('reports the counters and statistics hooks, else counts by scanning', async () => {
    const counted = engineStore(new NaiveBackend(), { name: 'Counted' }).store;
    const started = await counted.startRollout('a', { workerId: 'w' });
    await counted.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    await counted.addResources({});
    expect(await counted.statistics()).toEqual({
      name: 'Counted',
      total_rollouts: 1,
      total_attempts: 1,
      total_spans: 1,
      total_resources: 1,
      total_workers: 1,
      uptime: 0,
    });
    const counters = () => ({
      total_rollouts: 5,
      total_attempts: 4,
      total_spans: 3,
      total_resources: 2,
      total_workers: 1,
    });
    const hooked = recordingBackend({ counters, statistics: () => ({ total_span_bytes: 9 }) });
    const { store, clock } = engineStore(hooked.backend);
    clock.advance(1.5);
    const stats = await store.statistics();
    expect(stats).toEqual({
      name: 'LightningStore',
      ...counters(),
      uptime: 1.5,
      total_span_bytes: 9,
    });
    expect(Object.keys(stats)[0]).toBe('name');
  });

  it('closes the backend once, and waiters resolve with what finished', async () => {
    const close = vi.fn();
    const { backend } = recordingBackend({ close });
    const { store } = engineStore(backend);
    const rollout = await store.enqueueRollout('t');
    const waiting = store.waitForRollouts([rollout.rollout_id]);
    await store.close();
    await store.close();
    expect(close).toHaveBeenCalledTimes(1);
    expect(await waiting).toEqual([]);
  });
});

describe('BaseLightningStore: defaults and input checks', () => {
  it('has a default name and capabilities, and no OTLP endpoint', () => {
    const store = new BaseLightningStore(new NaiveBackend(), { watchdogIntervalSeconds: null });
    expect(store.name).toBe('LightningStore');
    expect(store.capabilities).toEqual({
      thread_safe: true,
      async_safe: true,
      zero_copy: false,
      otlp_traces: false,
    });
    expect(() => store.otlpTracesEndpoint()).toThrow(NotImplementedStoreError);
  });

  it('keeps createEngineStore as a deprecated alias of the constructor', () => {
    const store = createEngineStore(new NaiveBackend(), { name: 'Alias' });
    expect(store).toBeInstanceOf(BaseLightningStore);
    expect(store.name).toBe('Alias');
  });

  it('stamps each rollout of a batch with its own clock reading', async () => {
    let now = 100;
    const ticking: Clock = { now: () => (now += 0.001) };
    const { store } = engineStore(new NaiveBackend(), { clock: ticking });
    const batch = await store.enqueueManyRollouts([{ input: 1 }, { input: 2 }, { input: 3 }]);
    const times = batch.map((r) => r.start_time);
    expect(new Set(times).size).toBe(3);
    expect([...times].sort()).toEqual(times);
  });

  it('rejects a bad batch item or worker id before storing anything', async () => {
    const backend = new NaiveBackend();
    const { store } = engineStore(backend);
    const items = [{ input: 1 }, null] as unknown as { input: unknown }[];
    await expect(store.enqueueManyRollouts(items)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.enqueueManyRollouts('x' as never)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(store.startRollout('a', { workerId: 7 as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(store.dequeueRollout({ workerId: {} as never })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(backend.rollouts.size).toBe(0);
  });
});
