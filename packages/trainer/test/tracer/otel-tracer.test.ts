import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import { context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { emitMessage, emitReward } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { getRewardValue } from '../../src/reward';
import { DUMMY_ATTEMPT_ID, DUMMY_ROLLOUT_ID, getActiveTracer, OtelTracer } from '../../src/tracer';
import { RecordingStore } from './fake-store';

const tracers: OtelTracer[] = [];
async function makeTracer(store?: RecordingStore, timeout?: number): Promise<OtelTracer> {
  const tracer = new OtelTracer(timeout === undefined ? {} : { writeTimeoutSeconds: timeout });
  await tracer.initWorker(0, store?.asStore());
  tracers.push(tracer);
  return tracer;
}
afterEach(async () => {
  await Promise.all(tracers.splice(0).map((t) => t.teardown()));
});

describe('OtelTracer.traceContext argument checks', () => {
  it('throws InvalidStateError before initWorker', async () => {
    await expect(new OtelTracer().traceContext({}, () => 1)).rejects.toThrow(InvalidStateError);
    await expect(new OtelTracer().traceContext({}, () => 1)).rejects.toThrow(
      /Call init_worker\(\) first/,
    );
  });

  it('throws InvalidArgumentError when only one id is given', async () => {
    const tracer = await makeTracer(new RecordingStore());
    await expect(tracer.traceContext({ rolloutId: 'ro-1' }, () => 1)).rejects.toThrow(
      /rollout_id and attempt_id must be either all provided or all None/,
    );
    await expect(tracer.traceContext({ attemptId: 'at-1' }, () => 1)).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('throws InvalidArgumentError when ids are given without a store', async () => {
    const tracer = await makeTracer();
    await expect(tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => 1)).rejects.toThrow(
      /store is required/,
    );
  });
});

describe('OtelTracer direct mode', () => {
  it('writes every span with addOtelSpan and returns the stored spans as the last trace', async () => {
    const store = new RecordingStore();
    const tracer = await makeTracer(store);
    const result = await tracer.traceContext(
      { rolloutId: 'ro-1', attemptId: 'at-1' },
      async (otel) => {
        otel.startSpan('user-span').end();
        await Promise.resolve();
        emitReward(0.5);
        return 'done';
      },
    );
    expect(result).toBe('done');
    expect(store.received).toEqual([
      { rolloutId: 'ro-1', attemptId: 'at-1', name: 'user-span' },
      { rolloutId: 'ro-1', attemptId: 'at-1', name: 'agentlightning.annotation' },
    ]);
    const last = tracer.getLastTrace();
    expect(last).toEqual(store.stored);
    expect(last.map((s) => s.sequence_id)).toEqual([1, 2]);
    expect(last[1] && getRewardValue(last[1])).toBe(0.5);
  });

  it('resolves only after every write completed, in end order, even when writes are slow', async () => {
    // The first write is the slowest; serialised writes must still land in end order.
    const store = new RecordingStore((call) => ({ delayMs: call === 0 ? 30 : 1 }));
    const tracer = await makeTracer(store);
    await tracer.traceContext({ rolloutId: 'ro-1', attemptId: 'at-1' }, () => {
      for (const name of ['a', 'b', 'c']) emitMessage(name);
    });
    expect(store.stored.map((s) => s.attributes['agentlightning.message.body'])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(store.stored.map((s) => s.sequence_id)).toEqual([1, 2, 3]);
    expect(tracer.getLastTrace().map((s) => s.sequence_id)).toEqual([1, 2, 3]);
  });

  it('also flushes when the body throws', async () => {
    const store = new RecordingStore(() => ({ delayMs: 5 }));
    const tracer = await makeTracer(store);
    await expect(
      tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => {
        emitMessage('before failure');
        throw new Error('agent failed');
      }),
    ).rejects.toThrow('agent failed');
    expect(store.stored).toHaveLength(1);
  });

  it('keeps a locally converted span when a write fails, without throwing', async () => {
    const logs = captureLogs();
    try {
      const store = new RecordingStore((call) => (call === 0 ? 'fail' : {}));
      const tracer = await makeTracer(store);
      await tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => {
        emitMessage('lost write');
        emitMessage('good write');
      });
      const last = tracer.getLastTrace();
      expect(last.map((s) => s.attributes['agentlightning.message.body'])).toEqual([
        'lost write',
        'good write',
      ]);
      expect(last[0]).toMatchObject({ rollout_id: 'r', attempt_id: 'a', sequence_id: 0 });
      expect(store.stored).toHaveLength(1);
      expect(
        logs.records.some((r) => r.level === 'error' && /Failed to write span/.test(r.message)),
      ).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('falls back locally when a write exceeds the timeout', async () => {
    const logs = captureLogs();
    try {
      const store = new RecordingStore(() => 'hang');
      const tracer = await makeTracer(store, 0.02);
      await tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => emitMessage('slow'));
      expect(tracer.getLastTrace()).toHaveLength(1);
      expect(tracer.getLastTrace()[0]?.name).toBe('agentlightning.message');
      expect(
        logs.records.some((r) => r.error instanceof Error && /timed out/.test(r.error.message)),
      ).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('neither writes nor buffers spans that are not sampled', async () => {
    const store = new RecordingStore();
    const tracer = await makeTracer(store);
    await tracer.traceContext({ rolloutId: 'r', attemptId: 'a' }, (otel) => {
      const unsampled = trace.setSpanContext(context.active(), {
        traceId: '1'.repeat(32),
        spanId: '2'.repeat(16),
        traceFlags: TraceFlags.NONE,
      });
      otel.startSpan('dropped', {}, unsampled).end();
      otel.startSpan('kept').end();
    });
    expect(store.received.map((c) => c.name)).toEqual(['kept']);
    expect(tracer.getLastTrace().map((s) => s.name)).toEqual(['kept']);
  });
});

describe('OtelTracer local mode', () => {
  it('buffers spans with dummy ids and local sequence ids from 0; a new context clears the buffer', async () => {
    const tracer = await makeTracer();
    await tracer.traceContext({}, () => {
      emitMessage('one');
      emitMessage('two');
    });
    const first = tracer.getLastTrace();
    expect(first.map((s) => [s.rollout_id, s.attempt_id, s.sequence_id])).toEqual([
      [DUMMY_ROLLOUT_ID, DUMMY_ATTEMPT_ID, 0],
      [DUMMY_ROLLOUT_ID, DUMMY_ATTEMPT_ID, 1],
    ]);
    await tracer.traceContext({}, () => emitMessage('three'));
    expect(tracer.getLastTrace().map((s) => s.attributes['agentlightning.message.body'])).toEqual([
      'three',
    ]);
  });
});

describe('OtelTracer spans', () => {
  it('createSpan uses the timestamp for start and end and sets the given status', async () => {
    const tracer = await makeTracer();
    const core = tracer.createSpan('x', { k: 'v' }, 2000.123, {
      status_code: 'ERROR',
      description: 'boom',
    });
    expect(core.start_time).toBeCloseTo(2000.123, 6);
    expect(core.end_time).toBe(core.start_time);
    expect(core.status).toEqual({ status_code: 'ERROR', description: 'boom' });
    expect(core.attributes).toEqual({ k: 'v' });
    expect(tracer.createSpan('y').status.status_code).toBe('UNSET');
  });

  it('operationContext makes spans created inside (across awaits) its children', async () => {
    const tracer = await makeTracer();
    await tracer.traceContext({}, async () => {
      await tracer.operationContext('outer', async (recording) => {
        recording.recordAttributes({ step: 1 });
        await new Promise((r) => setTimeout(r, 1));
        emitReward(1);
      });
    });
    const [reward, outer] = tracer.getLastTrace();
    expect(outer?.name).toBe('outer');
    expect(outer?.attributes).toEqual({ step: 1 });
    expect(reward?.parent_id).toBe(outer?.span_id);
    expect(reward?.trace_id).toBe(outer?.trace_id);
  });

  it('operationContext records an exception, sets ERROR and re-throws', async () => {
    const tracer = await makeTracer();
    const logs = captureLogs();
    await tracer.traceContext({}, () => {
      expect(() =>
        tracer.operationContext(
          'op',
          () => {
            throw new TypeError('bad input');
          },
          { endTime: 5 },
        ),
      ).toThrow('bad input');
    });
    logs.restore();
    const [op] = tracer.getLastTrace();
    expect(op?.status).toEqual({ status_code: 'ERROR', description: 'bad input' });
    expect(op?.events[0]?.name).toBe('exception');
    expect(op?.events[0]?.attributes['exception.type']).toBe('TypeError');
    expect(logs.records.some((r) => /ignores endTime/.test(r.message))).toBe(true);
  });

  it('operationContext records a reference TypeError under that name, others as the SDK does', async () => {
    const tracer = await makeTracer();
    await tracer.traceContext({}, () => {
      expect(() =>
        tracer.operationContext('typed', () => emitMessage(1 as never, { propagate: false })),
      ).toThrow(InvalidArgumentError);
      expect(() =>
        tracer.operationContext('state', () => {
          throw new InvalidStateError('not now');
        }),
      ).toThrow(InvalidStateError);
    });
    const trace = tracer.getLastTrace();
    const typed = trace.find((s) => s.name === 'typed');
    const state = trace.find((s) => s.name === 'state');
    expect(typed?.events[0]?.attributes['exception.type']).toBe('TypeError');
    expect(typed?.events[0]?.attributes['exception.message']).toMatch(/Message must be a string/);
    expect(state?.events[0]?.attributes['exception.type']).toBe('INVALID_STATE');
  });
});

describe('active tracer and concurrency', () => {
  it('is the active tracer inside traceContext only', async () => {
    const tracer = await makeTracer();
    expect(getActiveTracer()).toBeNull();
    await tracer.traceContext({}, async () => {
      await Promise.resolve();
      expect(getActiveTracer()).toBe(tracer);
    });
    expect(getActiveTracer()).toBeNull();
  });

  it('rejects a nested traceContext in the same async context', async () => {
    const tracer = await makeTracer();
    const other = await makeTracer();
    await tracer.traceContext({}, async () => {
      await expect(other.traceContext({}, () => 1)).rejects.toThrow(InvalidArgumentError);
    });
  });

  it('keeps the spans of two concurrent contexts (two runners) in their own attempts', async () => {
    const store = new RecordingStore(() => ({ delayMs: 1 }));
    const [a, b] = [await makeTracer(store), await makeTracer(store)];
    const agent = async (tag: string) => {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 1));
        emitMessage(`${tag}-${i}`);
      }
      emitReward(tag === 'A' ? 1 : 0);
      expect(getActiveTracer()).toBe(tag === 'A' ? a : b);
    };
    await Promise.all([
      a.traceContext({ rolloutId: 'ro-A', attemptId: 'at-A' }, () => agent('A')),
      b.traceContext({ rolloutId: 'ro-B', attemptId: 'at-B' }, () => agent('B')),
    ]);
    for (const [tracer, tag] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      const mine = store.stored.filter((s) => s.rollout_id === `ro-${tag}`);
      expect(mine.every((s) => s.attempt_id === `at-${tag}`)).toBe(true);
      expect(mine.slice(0, 5).map((s) => s.attributes['agentlightning.message.body'])).toEqual(
        [0, 1, 2, 3, 4].map((i) => `${tag}-${i}`),
      );
      expect(mine.map((s) => s.sequence_id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(tracer.getLastTrace()).toEqual(mine);
    }
  });

  it('routes spans of two concurrent contexts on one tracer by their context', async () => {
    const store = new RecordingStore(() => ({ delayMs: 1 }));
    const tracer = await makeTracer(store);
    const run = (tag: string) =>
      tracer.traceContext({ rolloutId: `ro-${tag}`, attemptId: `at-${tag}` }, async () => {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 1));
          emitMessage(tag);
        }
      });
    // Two contexts of one tracer cannot nest in one async flow, but can run side by side.
    await Promise.all([
      context.with(ROOT_CONTEXT, () => run('X')),
      context.with(ROOT_CONTEXT, () => run('Y')),
    ]);
    for (const tag of ['X', 'Y']) {
      const mine = store.stored.filter((s) => s.rollout_id === `ro-${tag}`);
      expect(mine.map((s) => s.attributes['agentlightning.message.body'])).toEqual([tag, tag, tag]);
    }
  });
});

describe('Tracer.lifespan', () => {
  it('initialises the worker around the body and tears down afterwards', async () => {
    const store = new RecordingStore();
    const tracer = new OtelTracer();
    const out = await tracer.lifespan(
      (t) =>
        t.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => {
          emitMessage('m');
          return 7;
        }),
      store.asStore(),
    );
    expect(out).toBe(7);
    expect(store.stored).toHaveLength(1);
    await expect(tracer.traceContext({}, () => 1)).rejects.toThrow(InvalidStateError);
  });
});
