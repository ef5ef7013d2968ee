import type { LightningStore } from '@agl/store-core';
import { sleep, until } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LitAgent } from '../../src/agent';
import { ExecutionEvent } from '../../src/execution';
import { captureLogs } from '../../src/logging';
import {
  Hook,
  jittered,
  LitAgentRunner,
  type RolloutEndArgs,
  startHeartbeat,
} from '../../src/runner';
import { OtelTracer } from '../../src/tracer';
import { FnAgent, recordingStore } from '../helpers';

let store: InMemoryLightningStore;
let capture = captureLogs();
beforeEach(async () => {
  store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  await store.addResources({});
});
afterEach(async () => {
  await store.close();
  capture.restore();
  capture = captureLogs();
});

function makeRunner(extra: Partial<ConstructorParameters<typeof LitAgentRunner>[0]> = {}) {
  return new LitAgentRunner({
    tracer: new OtelTracer(),
    heartbeatIntervalSeconds: 0,
    pollIntervalSeconds: 0.01,
    intervalJitterSeconds: 0,
    ...extra,
  });
}

describe('LitAgentRunner.iter', () => {
  it('processes maxRollouts rollouts in FIFO order, as Worker-<n>', async () => {
    const seen: unknown[] = [];
    for (const input of ['a', 'b', 'c']) await store.enqueueRollout(input);
    const { store: spy, calls } = recordingStore(store);
    const runner = makeRunner({ maxRollouts: 2 });
    await runner.init(new FnAgent((t) => void seen.push(t)));
    await runner.initWorker(3, spy);
    await runner.iter();
    expect(seen).toEqual(['a', 'b']);
    expect(
      calls
        .filter((c) => c.method === 'dequeueRollout')
        .every((c) => (c.args[0] as { workerId: string }).workerId === 'Worker-3'),
    ).toBe(true);
    const statuses = (await store.queryRollouts()).items.map((r) => r.status);
    expect(statuses).toEqual(['succeeded', 'succeeded', 'queuing']);
  });

  it('runs train rollouts with the training method and val with the validation method', async () => {
    const seen: string[] = [];
    class Modes extends LitAgent<string> {
      override trainingRollout(task: string) {
        seen.push(`train:${task}`);
      }
      override validationRollout(task: string) {
        seen.push(`val:${task}`);
      }
    }
    await store.enqueueRollout('x', { mode: 'train' });
    await store.enqueueRollout('y', { mode: 'val' });
    const runner = makeRunner({ maxRollouts: 2 });
    await runner.runContext({ agent: new Modes() as LitAgent<unknown>, store }, (r) => r.iter());
    expect(seen).toEqual(['train:x', 'val:y']);
  });

  it('returns after the rollout during which the event was set', async () => {
    const event = new ExecutionEvent();
    for (const input of [1, 2, 3]) await store.enqueueRollout(input);
    const seen: unknown[] = [];
    const agent = new FnAgent((t) => {
      seen.push(t);
      event.set();
    });
    await makeRunner().runContext({ agent, store }, (r) => r.iter({ event }));
    expect(seen).toEqual([1]);
    expect((await store.queryRollouts({ statusIn: ['queuing'] })).total).toBe(2);
  });

  it('polls an empty queue until the event is set', async () => {
    const event = new ExecutionEvent();
    const { store: spy, calls } = recordingStore(store);
    const done = makeRunner().runContext({ agent: new FnAgent(() => 1), store: spy }, (r) =>
      r.iter({ event }),
    );
    await until(() => calls.filter((c) => c.method === 'dequeueRollout').length >= 3);
    event.set();
    await done;
    const polls = calls.filter((c) => c.method === 'dequeueRollout').length;
    await sleep(0.05);
    expect(calls.filter((c) => c.method === 'dequeueRollout').length).toBe(polls);
  });

  it('fails the attempt of a rollout whose resources are missing, naming the rollout', async () => {
    const rollout = await store.enqueueRollout('x', { resourcesId: 'does-not-exist' });
    await makeRunner({ maxRollouts: 1 }).runContext({ agent: new FnAgent(() => 1), store }, (r) =>
      r.iter(),
    );
    expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('failed');
    const line = capture.records.find((l) => l.level === 'error')?.message ?? '';
    expect(line).toContain(
      `Rollout ${rollout.rollout_id}: the store has no resources 'does-not-exist'`,
    );
    expect(line).toContain('updateResources');
  });

  it('turns agent errors into failed attempts, applying the retry rules', async () => {
    const r1 = await store.enqueueRollout('boom', {
      config: { max_attempts: 2, retry_condition: ['failed'] },
    });
    let calls = 0;
    const agent = new FnAgent(() => {
      calls += 1;
      if (calls === 1) throw new Error('first try fails');
      return 1;
    });
    await makeRunner({ maxRollouts: 2 }).runContext({ agent, store }, (r) => r.iter());
    expect((await store.getRolloutById(r1.rollout_id))?.status).toBe('succeeded');
    const attempts = (await store.queryAttempts(r1.rollout_id)).items.map((a) => a.status);
    expect(attempts).toEqual(['failed', 'succeeded']);
  });
});

describe('hooks', () => {
  class Recorder extends Hook {
    events: string[] = [];
    ends: RolloutEndArgs[] = [];
    override async onRolloutStart() {
      this.events.push('rollout_start');
    }
    override async onTraceStart() {
      this.events.push('trace_start');
    }
    override async onTraceEnd() {
      this.events.push('trace_end');
    }
    override async onRolloutEnd(args: RolloutEndArgs) {
      this.events.push('rollout_end');
      this.ends.push(args);
    }
  }

  it('fire in order; a throwing hook is logged and the rollout still succeeds', async () => {
    const recorder = new Recorder();
    const thrower = {
      onTraceStart: () => {
        throw new Error('hook broke');
      },
    };
    const rollout = await makeRunner().runContext(
      { agent: new FnAgent(() => 1), store, hooks: [thrower, recorder] },
      (r) => r.step(null),
    );
    expect(recorder.events).toEqual(['rollout_start', 'trace_start', 'trace_end', 'rollout_end']);
    expect(rollout.status).toBe('succeeded');
    expect(
      capture.records.some((l) => l.level === 'error' && l.message.includes('onTraceStart')),
    ).toBe(true);
  });

  it('on agent failure onTraceEnd is skipped and onRolloutEnd gets []', async () => {
    const recorder = new Recorder();
    const agent = new FnAgent(() => {
      throw new Error('agent broke');
    });
    await makeRunner().runContext({ agent, store, hooks: [recorder] }, (r) =>
      expect(r.step(null)).rejects.toThrow('agent broke'),
    );
    expect(recorder.events).toEqual(['rollout_start', 'trace_start', 'rollout_end']);
    expect(recorder.ends[0]?.spans).toEqual([]);
  });
});

describe('runContext', () => {
  class Probe extends LitAgentRunner {
    log: string[] = [];
    failInit = false;
    failWorker = false;
    override async init(agent: LitAgent<unknown>) {
      this.log.push('init');
      if (this.failInit) throw new Error('init failed');
      await super.init(agent);
    }
    override async initWorker(id: number, s: LightningStore) {
      this.log.push(`initWorker:${id}`);
      if (this.failWorker) throw new Error('initWorker failed');
      await super.initWorker(id, s);
    }
    override async teardownWorker(id: number) {
      this.log.push(`teardownWorker:${id}`);
      throw new Error('teardown broke');
    }
    override async teardown() {
      this.log.push('teardown');
    }
  }

  it('always inits worker 0, tears down workerId, and swallows teardown errors', async () => {
    const probe = new Probe({ tracer: new OtelTracer() });
    await probe.runContext({ agent: new FnAgent(() => 1), store, workerId: 5 }, async () => {});
    expect(probe.log).toEqual(['init', 'initWorker:0', 'teardownWorker:5', 'teardown']);
    expect(capture.records.some((l) => l.message === 'Error during runner worker teardown')).toBe(
      true,
    );
  });

  it('skips teardownWorker when initWorker failed, and both when init failed', async () => {
    const a = new Probe({ tracer: new OtelTracer() });
    a.failWorker = true;
    await expect(
      a.runContext({ agent: new FnAgent(() => 1), store }, async () => {}),
    ).rejects.toThrow('initWorker failed');
    expect(a.log).toEqual(['init', 'initWorker:0', 'teardown']);
    const b = new Probe({ tracer: new OtelTracer() });
    b.failInit = true;
    await expect(
      b.runContext({ agent: new FnAgent(() => 1), store }, async () => {}),
    ).rejects.toThrow('init failed');
    expect(b.log).toEqual(['init']);
  });
});

describe('heartbeats', () => {
  it('iter sends update_worker("Worker-<n>", snapshot) periodically and stops with iter', async () => {
    const event = new ExecutionEvent();
    const { store: spy, calls } = recordingStore(store);
    const runner = makeRunner({
      heartbeatIntervalSeconds: 0.02,
      snapshot: async () => ({ host: 'test' }),
    });
    const done = runner.runContext({ agent: new FnAgent(() => 1), store: spy }, async (r) => {
      await r.initWorker(2, spy);
      await r.iter({ event });
    });
    const beats = () => calls.filter((c) => c.method === 'updateWorker');
    await until(() => beats().length >= 2);
    event.set();
    await done;
    expect(beats()[0]?.args).toEqual(['Worker-2', { heartbeatStats: { host: 'test' } }]);
    expect((await store.getWorkerById('Worker-2'))?.heartbeat_stats).toEqual({ host: 'test' });
    const count = beats().length;
    await sleep(0.06);
    expect(beats().length).toBe(count);
  });

  it('sends none when disabled or without a worker id (with a warning)', async () => {
    const { store: spy, calls } = recordingStore(store);
    const event = new ExecutionEvent();
    event.set();
    const disabled = makeRunner({ heartbeatIntervalSeconds: 0 });
    await disabled.runContext({ agent: new FnAgent(() => 1), store: spy }, (r) =>
      r.iter({ event }),
    );
    const noId = makeRunner({ heartbeatIntervalSeconds: 0.01 });
    await noId.runContext({ agent: new FnAgent(() => 1), store: spy }, async (r) => {
      await r.teardownWorker(0);
      await r.iter({ event });
    });
    expect(calls.filter((c) => c.method === 'updateWorker')).toHaveLength(0);
    expect(
      capture.records.some((l) =>
        l.message.includes('Cannot start heartbeat loop without worker_id'),
      ),
    ).toBe(true);
  });

  it('skips a tick whose snapshot times out and keeps going', async () => {
    let snapshots = 0;
    const updates: unknown[] = [];
    const fake = {
      updateWorker: async (...args: unknown[]) => void updates.push(args),
    } as unknown as LightningStore;
    const stop = startHeartbeat({
      store: fake,
      workerId: 'Worker-0',
      interval: 0.02,
      jitter: 0,
      snapshot: () => {
        snapshots += 1;
        return snapshots === 1 ? new Promise(() => {}) : Promise.resolve({ n: snapshots });
      },
    });
    await until(() => updates.length >= 1);
    await stop();
    expect(updates[0]).toEqual(['Worker-0', { heartbeatStats: { n: 2 } }]);
    expect(capture.records.some((l) => l.message.includes('Skipping heartbeat'))).toBe(true);
  });

  it('jitter stays within ±jitter and never below 0.01 s', () => {
    expect(jittered(5, 0.5, () => 0)).toBe(4.5);
    expect(jittered(5, 0.5, () => 0.5)).toBe(5);
    expect(jittered(5, 0.5, () => 0.999999)).toBeCloseTo(5.5, 4);
    expect(jittered(0.001, 0.5, () => 0)).toBe(0.01);
  });
});
