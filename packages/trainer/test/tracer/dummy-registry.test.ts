import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearActiveTracer,
  DummyTracer,
  getActiveTracer,
  runWithActiveTracer,
  type SpanRecordingContext,
  setActiveTracer,
} from '../../src/tracer';

afterEach(() => clearActiveTracer());

describe('active tracer registry', () => {
  it('setActiveTracer twice throws InvalidArgumentError; clearActiveTracer resets', () => {
    const tracer = new DummyTracer();
    setActiveTracer(tracer);
    expect(getActiveTracer()).toBe(tracer);
    expect(() => setActiveTracer(new DummyTracer())).toThrow(InvalidArgumentError);
    clearActiveTracer();
    expect(getActiveTracer()).toBeNull();
  });

  it('gives two concurrent async flows their own tracer', async () => {
    const [a, b] = [new DummyTracer(), new DummyTracer()];
    const seen: [string, unknown][] = [];
    const flow = (name: string, tracer: DummyTracer) =>
      runWithActiveTracer(tracer, async () => {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 1));
          seen.push([name, getActiveTracer()]);
        }
      });
    await Promise.all([flow('a', a), flow('b', b)]);
    expect(seen.filter(([n]) => n === 'a').every(([, t]) => t === a)).toBe(true);
    expect(seen.filter(([n]) => n === 'b').every(([, t]) => t === b)).toBe(true);
    expect(getActiveTracer()).toBeNull();
  });

  it('refuses to activate a tracer when one is already active in the async context', () => {
    runWithActiveTracer(new DummyTracer(), () => {
      expect(() => runWithActiveTracer(new DummyTracer(), () => 1)).toThrow(InvalidArgumentError);
      clearActiveTracer();
      expect(getActiveTracer()).toBeNull();
    });
  });
});

describe('DummyTracer', () => {
  it('createSpan returns equal start/end times and status OK', () => {
    const core = new DummyTracer().createSpan('x', { foo: 'bar' });
    expect(core.name).toBe('x');
    expect(core.attributes).toEqual({ foo: 'bar' });
    expect(core.start_time).toBe(core.end_time);
    expect(core.start_time).toBeGreaterThan(1e9);
    expect(core.status).toEqual({ status_code: 'OK', description: null });
    expect(new DummyTracer().createSpan('y', {}, 12.5).end_time).toBe(12.5);
  });

  it('operationContext merges attributes, replaces status and exposes the span after exit', () => {
    const tracer = new DummyTracer();
    let inside = undefined as SpanRecordingContext | undefined;
    const result = tracer.operationContext(
      'op',
      (rec) => {
        rec.recordAttributes({ a: 1 });
        rec.recordAttributes({ b: 'x' });
        rec.recordStatus('UNSET');
        inside = rec;
        expect(() => rec.getRecordedSpan()).toThrow(/End time is not set/);
        return 42;
      },
      { attributes: { init: true }, startTime: 10, endTime: 20 },
    );
    expect(result).toBe(42);
    expect(inside?.getRecordedSpan()).toEqual({
      name: 'op',
      status: { status_code: 'UNSET', description: null },
      attributes: { init: true, a: 1, b: 'x' },
      start_time: 10,
      end_time: 20,
    });
  });

  it('operationContext records an exception (ERROR + exception attributes) and re-throws', async () => {
    const tracer = new DummyTracer();
    let recording = undefined as SpanRecordingContext | undefined;
    await expect(
      tracer.operationContext('op', async (rec) => {
        recording = rec;
        await Promise.resolve();
        throw new RangeError('out of range');
      }),
    ).rejects.toThrow('out of range');
    const recorded = recording?.getRecordedSpan();
    expect(recorded?.status).toEqual({ status_code: 'ERROR', description: 'out of range' });
    expect(recorded?.attributes['exception.type']).toBe('RangeError');
    expect(recorded?.attributes['exception.message']).toBe('out of range');
  });

  it('cannot drive a runner', async () => {
    await expect(new DummyTracer().traceContext({}, () => 1)).rejects.toThrow(
      NotImplementedStoreError,
    );
    expect(new DummyTracer().getLastTrace()).toEqual([]);
  });
});
