import { InvalidStateError } from '@agl/store-core';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { emitMessage } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { OtelTracer, SharedSpanProcessor, sharedSpanProcessor } from '../../src/tracer';
import { cloneTracer } from '../../src/trainer';
import { RecordingStore } from './fake-store';

/** A user span processor that records what it sees. */
class RecordingProcessor implements SpanProcessor {
  readonly ended: string[] = [];
  flushes = 0;
  shutdowns = 0;
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push(span.name);
  }
  async forceFlush(): Promise<void> {
    this.flushes += 1;
  }
  async shutdown(): Promise<void> {
    this.shutdowns += 1;
  }
}

const live: OtelTracer[] = [];
async function started(tracer: OtelTracer, store?: RecordingStore): Promise<OtelTracer> {
  await tracer.initWorker(0, store?.asStore());
  live.push(tracer);
  return tracer;
}
afterEach(async () => {
  await Promise.all(live.splice(0).map((t) => t.teardown()));
});

/** Runs one local trace context that emits a message named `text`. */
async function emitIn(tracer: OtelTracer, text: string) {
  await tracer.traceContext({ name: text }, () => emitMessage(text));
  return tracer.getLastTrace();
}

describe('OtelTracer.clone', () => {
  it('returns a separate, uninitialised OtelTracer', async () => {
    const original = await started(new OtelTracer());
    const copy = original.clone();
    expect(copy).toBeInstanceOf(OtelTracer);
    expect(copy).not.toBe(original);
    expect(copy.processor).not.toBe(original.processor);
    await expect(copy.traceContext({}, () => 1)).rejects.toThrow(InvalidStateError);
  });

  it('keeps the resource attributes', async () => {
    const original = new OtelTracer({ resourceAttributes: { 'service.name': 'my-agent' } });
    const copy = await started(original.clone());
    const [span] = await emitIn(copy, 'hello');
    expect(span?.resource.attributes['service.name']).toBe('my-agent');
    expect(span?.resource.attributes['agentlightning.tracer.name']).toBe('otel');
  });

  it('keeps the write timeout', async () => {
    const logs = captureLogs();
    try {
      const copy = await started(
        new OtelTracer({ writeTimeoutSeconds: 0.02 }).clone(),
        new RecordingStore(() => 'hang'),
      );
      await copy.traceContext({ rolloutId: 'r', attemptId: 'a' }, () => emitMessage('slow'));
      expect(copy.getLastTrace().map((s) => s.name)).toEqual(['agentlightning.message']);
      const timeouts = logs.records.filter(
        (r) => r.error instanceof Error && /timed out after 0.02 seconds/.test(r.error.message),
      );
      expect(timeouts).toHaveLength(1);
    } finally {
      logs.restore();
    }
  });

  it('applies overrides over the copied options', async () => {
    const original = new OtelTracer({ resourceAttributes: { team: 'a' } });
    const copy = await started(original.clone({ resourceAttributes: { team: 'b' } }));
    const [span] = await emitIn(copy, 'x');
    expect(span?.resource.attributes.team).toBe('b');
  });

  it('shares the extra span processors and shuts them down after the last tracer', async () => {
    const user = new RecordingProcessor();
    const original = await started(new OtelTracer({ spanProcessors: [user] }));
    const copy = await started(original.clone());
    await emitIn(original, 'from-original');
    await emitIn(copy, 'from-copy');
    expect(user.ended).toEqual(['agentlightning.message', 'agentlightning.message']);

    await original.teardown();
    expect(user.shutdowns).toBe(0);
    expect(user.flushes).toBeGreaterThan(0);
    await emitIn(copy, 'after-original-ended');
    expect(user.ended).toHaveLength(3);

    await copy.teardown();
    expect(user.shutdowns).toBe(1);
  });

  it('does not register the copy globally', async () => {
    const original = await started(new OtelTracer({ registerGlobal: true }));
    const logs = captureLogs();
    try {
      await started(original.clone());
      expect(logs.records.filter((r) => /global OpenTelemetry/.test(r.message))).toEqual([]);
    } finally {
      logs.restore();
      trace.disable();
    }
  });

  it('is what the trainer uses for the tracers of further workers', async () => {
    const original = new OtelTracer({ resourceAttributes: { 'service.name': 'worker-app' } });
    const fresh = cloneTracer(original);
    expect(fresh).toBeInstanceOf(OtelTracer);
    const [span] = await emitIn(await started(fresh as OtelTracer), 'w1');
    expect(span?.resource.attributes['service.name']).toBe('worker-app');
  });
});

describe('SharedSpanProcessor', () => {
  it('gives one shared wrapper per processor object', () => {
    const user = new RecordingProcessor();
    expect(sharedSpanProcessor(user)).toBe(sharedSpanProcessor(user));
    expect(sharedSpanProcessor(user)).not.toBe(sharedSpanProcessor(new RecordingProcessor()));
  });

  it('counts leases and releases each handle once', async () => {
    const user = new RecordingProcessor();
    const shared = new SharedSpanProcessor(user);
    const a = shared.lease();
    const b = shared.lease();
    expect(shared.leases).toBe(2);
    await a.shutdown();
    await a.shutdown();
    expect(shared.leases).toBe(1);
    expect(user.shutdowns).toBe(0);
    await b.shutdown();
    expect(shared.leases).toBe(0);
    expect(user.shutdowns).toBe(1);
  });
});
