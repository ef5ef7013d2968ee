import { TraceFlags, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { emitMessage } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { LightningSpanProcessor, OtelTracer, TraceCapture } from '../../src/tracer';
import { RecordingStore } from './fake-store';

/** A minimal finished span, as the SDK hands it to `onEnd`. */
function fakeSpan(name: string, traceFlags: number): ReadableSpan {
  return {
    name,
    kind: 0,
    spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags }),
    startTime: [10, 0],
    endTime: [11, 0],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [1, 0],
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: { name: 't' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as unknown as ReadableSpan;
}

describe('LightningSpanProcessor', () => {
  it('ignores spans whose trace flags are not sampled', async () => {
    const store = new RecordingStore();
    const processor = new LightningSpanProcessor();
    const capture = processor.openCapture({
      mode: 'direct',
      store: store.asStore(),
      rolloutId: 'r',
      attemptId: 'a',
    });
    processor.onEnd(fakeSpan('unsampled', TraceFlags.NONE));
    processor.onEnd(fakeSpan('sampled', TraceFlags.SAMPLED));
    await processor.closeCapture(capture);
    expect(store.received.map((c) => c.name)).toEqual(['sampled']);
    expect(processor.lastSpans().map((s) => s.name)).toEqual(['sampled']);
  });

  it('buffers spans ended outside any context locally in the last capture, quietly', async () => {
    const logs = captureLogs();
    const processor = new LightningSpanProcessor();
    processor.onEnd(fakeSpan('ambient', TraceFlags.SAMPLED));
    expect(processor.lastSpans()).toMatchObject([
      { name: 'ambient', rollout_id: 'rollout-dummy', sequence_id: 0 },
    ]);
    const store = new RecordingStore();
    const capture = processor.openCapture({
      mode: 'direct',
      store: store.asStore(),
      rolloutId: 'r',
      attemptId: 'a',
    });
    await processor.closeCapture(capture);
    processor.onEnd(fakeSpan('after', TraceFlags.SAMPLED));
    await processor.forceFlush();
    logs.restore();
    expect(processor.lastSpans().map((s) => [s.name, s.rollout_id])).toEqual([['after', 'r']]);
    expect(store.received).toEqual([]);
    expect(logs.records.filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('keeps spans that end after their context closed locally, never writing them', async () => {
    const logs = captureLogs();
    const store = new RecordingStore();
    const capture = new TraceCapture({
      mode: 'direct',
      store: store.asStore(),
      rolloutId: 'r',
      attemptId: 'a',
    });
    capture.close();
    capture.record(fakeSpan('late', TraceFlags.SAMPLED));
    await capture.flush();
    logs.restore();
    expect(store.received).toEqual([]);
    expect(capture.spans().map((s) => s.name)).toEqual(['late']);
    expect(logs.records.some((r) => /after its trace context closed/.test(r.message))).toBe(true);
  });
});

describe('OtelTracer extras', () => {
  it('warns when a store is passed to traceContext and still uses it', async () => {
    const logs = captureLogs();
    const store = new RecordingStore();
    const tracer = new OtelTracer();
    await tracer.initWorker(0);
    try {
      await tracer.traceContext({ rolloutId: 'r', attemptId: 'a', store: store.asStore() }, () =>
        emitMessage('m'),
      );
    } finally {
      logs.restore();
      await tracer.teardown();
    }
    expect(store.stored).toHaveLength(1);
    expect(logs.records.some((r) => r.level === 'warn' && /deprecated/.test(r.message))).toBe(true);
  });

  it('traceRunAsync runs a function inside a trace context', async () => {
    const tracer = new OtelTracer();
    await tracer.initWorker(0);
    try {
      const out = await tracer.traceRunAsync(async (x: number) => {
        emitMessage(`got ${x}`);
        return x * 2;
      }, 21);
      expect(out).toBe(42);
      expect(tracer.getLastTrace().map((s) => s.attributes['agentlightning.message.body'])).toEqual(
        ['got 21'],
      );
    } finally {
      await tracer.teardown();
    }
  });

  it('with registerGlobal, spans of the global OpenTelemetry API are captured too', async () => {
    const tracer = new OtelTracer({ registerGlobal: true });
    await tracer.initWorker(0);
    try {
      await tracer.traceContext({}, () =>
        trace.getTracer('third-party').startSpan('library-span').end(),
      );
      expect(tracer.getLastTrace().map((s) => s.name)).toEqual(['library-span']);
    } finally {
      await tracer.teardown();
      trace.disable();
    }
  });
});
