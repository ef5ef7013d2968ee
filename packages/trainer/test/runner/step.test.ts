import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LitAgent } from '../../src/agent';
import { emitReward } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { findFinalReward } from '../../src/reward';
import { LitAgentRunner } from '../../src/runner';
import { OtelTracer, spanFromAttributes } from '../../src/tracer';
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

async function withRunner<R>(
  agent: LitAgent<unknown>,
  body: (runner: LitAgentRunner) => Promise<R>,
  s: LightningStore = store,
): Promise<R> {
  const runner = new LitAgentRunner({ tracer: new OtelTracer(), heartbeatIntervalSeconds: 0 });
  return runner.runContext({ agent, store: s }, body);
}

const spansOf = async (rolloutId: string) => (await store.querySpans(rolloutId)).items;

describe('LitAgentRunner.step: return values', () => {
  it('a number becomes exactly one reward span and the attempt succeeds', async () => {
    const rollout = await withRunner(new FnAgent(() => 0.75), (r) => r.step({ q: 1 }));
    expect(rollout.status).toBe('succeeded');
    const spans = await spansOf(rollout.rollout_id);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.name).toBe('agentlightning.annotation');
    expect(spans[0]?.attributes['agentlightning.reward.0.name']).toBe('primary');
    expect(spans[0]?.attributes['agentlightning.reward.0.value']).toBe(0.75);
    expect(findFinalReward(spans)).toBe(0.75);
  });

  it('a boolean warns and is stored as 1.0', async () => {
    const rollout = await withRunner(new FnAgent(() => true), (r) => r.step(null));
    expect(
      capture.records.some(
        (l) => l.level === 'warn' && l.message.includes('Reward is not a number'),
      ),
    ).toBe(true);
    expect(findFinalReward(await spansOf(rollout.rollout_id))).toBe(1);
  });

  it('a plain object throws InvalidArgumentError and the attempt fails as a TypeError', async () => {
    await withRunner(new FnAgent(() => ({ reward: 1 }) as never), async (r) => {
      await expect(r.step(null)).rejects.toThrow(InvalidArgumentError);
    });
    const [rollout] = (await store.queryRollouts()).items;
    expect(rollout?.status).toBe('failed');
    const attempt = await store.getLatestAttempt(rollout?.rollout_id as string);
    expect(attempt?.metadata?.error).toMatchObject({ type: 'TypeError' });
    await withRunner(new FnAgent(() => ({ reward: 1 }) as never), (r) =>
      expect(r.step(null)).rejects.toThrow('Invalid raw result type'),
    );
  });

  it('a list mixing span kinds throws InvalidArgumentError', async () => {
    const core = emitReward(1, { propagate: false });
    const span = spanFromAttributes({}, { rolloutId: 'x', attemptId: 'y' });
    await withRunner(new FnAgent(() => [core, span] as never), (r) =>
      expect(r.step(null)).rejects.toThrow(InvalidArgumentError),
    );
    await withRunner(new FnAgent(() => [1, 2] as never), (r) =>
      expect(r.step(null)).rejects.toThrow('Invalid raw result type'),
    );
  });

  it('OpenTelemetry spans are stored in order, with a duplicate warning under OtelTracer', async () => {
    const otel = new TracerProvider().getTracer('test');
    const a = otel.startSpan('first');
    a.end();
    const b = otel.startSpan('second');
    b.end();
    const rollout = await withRunner(new FnAgent(() => [a, b] as never), (r) => r.step(null));
    expect(rollout.status).toBe('succeeded');
    expect((await spansOf(rollout.rollout_id)).map((s) => s.name)).toEqual(['first', 'second']);
    expect(
      capture.records.some((l) => l.message.includes('Tracer is already an OpenTelemetry tracer')),
    ).toBe(true);
  });

  it('store spans are stored unchanged and in order', async () => {
    let made: Span[] = [];
    const agent = new FnAgent(() => made);
    const rollout = await withRunner(agent, async (r) => {
      const original = store.startRollout.bind(store);
      const { store: spy } = recordingStore(store, {
        startRollout: async (...args: unknown[]) => {
          const started = await original(...(args as Parameters<typeof original>));
          made = [0, 1].map((i) =>
            spanFromAttributes(
              { i },
              {
                rolloutId: started.rollout_id,
                attemptId: started.attempt.attempt_id,
                sequenceId: 10 + i,
                name: `s${i}`,
              },
            ),
          );
          return started;
        },
      });
      await r.initWorker(0, spy);
      return r.step(null);
    });
    const stored = await spansOf(rollout.rollout_id);
    expect(stored.map((s) => [s.name, s.sequence_id, s.span_id])).toEqual(
      made.map((s) => [s.name, s.sequence_id, s.span_id]),
    );
  });

  it('span core fields get consecutive sequence ids', async () => {
    const agent = new FnAgent(() => [
      emitReward(0.2, { propagate: false }),
      emitReward(0.6, { propagate: false }),
    ]);
    const rollout = await withRunner(agent, (r) => r.step(null));
    const spans = await spansOf(rollout.rollout_id);
    expect(spans.map((s) => s.attributes['agentlightning.reward.0.value'])).toEqual([0.2, 0.6]);
    const [first, second] = spans.map((s) => s.sequence_id);
    expect(second).toBe((first as number) + 1);
  });

  it('an empty list warns, stores nothing and succeeds', async () => {
    const rollout = await withRunner(new FnAgent(() => []), (r) => r.step(null));
    expect(rollout.status).toBe('succeeded');
    expect(await spansOf(rollout.rollout_id)).toHaveLength(0);
    expect(capture.records.some((l) => l.message.includes('returns an empty list'))).toBe(true);
  });

  it('returning nothing keeps exactly what the tracer wrote', async () => {
    const agent = new FnAgent(() => {
      emitReward(0.4);
    });
    const rollout = await withRunner(agent, (r) => r.step(null));
    const spans = await spansOf(rollout.rollout_id);
    expect(spans).toHaveLength(1);
    expect(findFinalReward(spans)).toBe(0.4);
  });
});

describe('LitAgentRunner.step: errors and bookkeeping', () => {
  it('records a reference TypeError under that name, as the reference does', async () => {
    const agent = new FnAgent(() => {
      emitReward('0.5' as never);
      return 1;
    });
    await withRunner(agent, (r) => expect(r.step(null)).rejects.toThrow(InvalidArgumentError));
    const [rollout] = (await store.queryRollouts()).items;
    const attempt = await store.getLatestAttempt(rollout?.rollout_id as string);
    expect(attempt?.metadata?.error).toMatchObject({
      type: 'TypeError',
      message: 'Reward must be a number, got string',
    });
    const spans = await spansOf(rollout?.rollout_id as string);
    const exception = spans.find((s) => s.name === 'agentlightning.exception');
    expect(exception?.attributes['exception.type']).toBe('TypeError');
  });

  it('records other family errors under their class name', async () => {
    const agent = new FnAgent(() => {
      throw new InvalidStateError('not now');
    });
    await withRunner(agent, (r) => expect(r.step(null)).rejects.toThrow('not now'));
    const [rollout] = (await store.queryRollouts()).items;
    const attempt = await store.getLatestAttempt(rollout?.rollout_id as string);
    expect(attempt?.metadata?.error).toMatchObject({ type: 'InvalidStateError' });
  });

  it('re-throws agent errors after failing the attempt and records the error', async () => {
    const agent = new FnAgent(() => {
      throw new RangeError('bad input');
    });
    await withRunner(agent, (r) => expect(r.step(null)).rejects.toThrow('bad input'));
    const [rollout] = (await store.queryRollouts()).items;
    expect(rollout?.status).toBe('failed');
    const attempt = await store.getLatestAttempt(rollout?.rollout_id as string);
    expect(attempt?.status).toBe('failed');
    expect(attempt?.metadata?.error).toMatchObject({ type: 'RangeError', message: 'bad input' });
    const spans = await spansOf(rollout?.rollout_id as string);
    expect(spans.map((s) => s.name)).toContain('agentlightning.exception');
    expect(
      spans.find((s) => s.name === 'agentlightning.exception')?.attributes['exception.message'],
    ).toBe('bad input');
  });

  it('runs the validation method without a mode and the training method only for train', async () => {
    const seen: string[] = [];
    class Modes extends LitAgent<string> {
      override trainingRollout(task: string) {
        seen.push(`train:${task}`);
        return 1;
      }
      override validationRollout(task: string) {
        seen.push(`val:${task}`);
        return 1;
      }
    }
    await withRunner(new Modes() as LitAgent<unknown>, async (r) => {
      await r.step('a');
      await r.step('b', { mode: 'train' });
      await r.step('c', { mode: 'test' });
    });
    expect(seen).toEqual(['val:a', 'train:b', 'val:c']);
  });

  it('publishes given resources and passes Worker-0 to startRollout', async () => {
    const { store: spy, calls } = recordingStore(store);
    const rollout = await withRunner(
      new FnAgent(() => 1),
      (r) => r.step(null, { resources: {} }),
      spy,
    );
    expect(rollout.resources_id).toMatch(/^rs-/);
    const start = calls.find((c) => c.method === 'startRollout');
    expect(start?.args[1]).toMatchObject({ workerId: 'Worker-0' });
  });

  it('throws when the finished rollout cannot be read back', async () => {
    const { store: spy } = recordingStore(store, { getRolloutById: async () => null });
    await withRunner(
      new FnAgent(() => 1),
      (r) =>
        expect(r.step(null)).rejects.toThrow('Failed to fetch completed rollout by id after step'),
      spy,
    );
  });

  it('throws InvalidStateError when no resources exist', async () => {
    const empty = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    await withRunner(
      new FnAgent(() => 1),
      (r) => expect(r.step(null)).rejects.toThrow(InvalidStateError),
      empty,
    );
    await withRunner(
      new FnAgent(() => 1),
      (r) => expect(r.step(null)).rejects.toThrow('the store has no resources at all'),
      empty,
    );
    await empty.close();
  });

  it('getAgent/getStore throw before init; run() is refused', () => {
    const runner = new LitAgentRunner({ tracer: new OtelTracer() });
    expect(() => runner.getAgent()).toThrow('Agent not initialized. Call init() first.');
    expect(() => runner.getStore()).toThrow('Store not initialized. Call init_worker() first.');
    expect(runner.getWorkerId()).toBe('Worker-Unknown');
    expect(() => runner.run()).toThrow(/Use iter\(\) or step\(\) instead/);
    expect(
      () =>
        new LitAgentRunner({ tracer: new OtelTracer(), heartbeatLaunchMode: 'process' as never }),
    ).toThrow(InvalidArgumentError);
  });
});
