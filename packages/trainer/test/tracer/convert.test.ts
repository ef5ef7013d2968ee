import { hrTimeToSeconds, otelSpanToSpan } from '@agl/store-core';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import {
  coreFieldsFromOtel,
  secondsToHrTime,
  spanFromAttributes,
  spanFromCoreFields,
} from '../../src/tracer';

describe('OpenTelemetry span conversion (shared store-core converter)', () => {
  it('converts ids, parent, status, attributes, events, times and resource', () => {
    const provider = new TracerProvider();
    const tracer = provider.getTracer('t');
    const parent = tracer.startSpan('parent', { startTime: [1000, 0] });
    const child = tracer.startSpan(
      'child',
      { attributes: { k: 'v', xs: [1, 2] }, startTime: [1000, 500_000_000] },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent('evt', { e: 1 }, [1001, 0]);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    child.end([1002, 250_000_000]);
    parent.end([1003, 0]);
    const span = otelSpanToSpan(child as unknown as ReadableSpan, {
      rolloutId: 'ro',
      attemptId: 'at',
      sequenceId: 4,
    });
    expect(span.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(span.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(span.parent_id).toBe(parent.spanContext().spanId);
    expect(span.parent).toMatchObject({
      span_id: parent.spanContext().spanId,
      trace_id: span.trace_id,
    });
    expect(span.context).toEqual({
      trace_id: span.trace_id,
      span_id: span.span_id,
      is_remote: false,
      trace_state: {},
    });
    expect(span.status).toEqual({ status_code: 'ERROR', description: 'boom' });
    expect(span.attributes).toEqual({ k: 'v', xs: [1, 2] });
    expect(span.events).toEqual([{ name: 'evt', attributes: { e: 1 }, timestamp: 1001 }]);
    expect(span.start_time).toBe(1000.5);
    expect(span.end_time).toBe(1002.25);
    expect(span).toMatchObject({
      rollout_id: 'ro',
      attempt_id: 'at',
      sequence_id: 4,
      name: 'child',
    });
    expect(span.resource.schema_url).toBe('');
    expect(typeof span.resource.attributes['service.name']).toBe('string');
    const root = otelSpanToSpan(parent as unknown as ReadableSpan, {
      rolloutId: '',
      attemptId: '',
      sequenceId: 0,
    });
    expect(root.parent_id).toBeNull();
    expect(root.parent).toBeNull();
    expect(root.status.status_code).toBe('UNSET');
    expect(coreFieldsFromOtel(child as unknown as ReadableSpan)).toEqual({
      name: 'child',
      status: span.status,
      attributes: span.attributes,
      start_time: 1000.5,
      end_time: 1002.25,
    });
  });

  it('converts times between seconds and HrTime', () => {
    expect(hrTimeToSeconds([0, 0])).toBeNull();
    expect(hrTimeToSeconds([12, 500_000_000])).toBe(12.5);
    expect(secondsToHrTime(2000.123)[0]).toBe(2000);
    expect(secondsToHrTime(2000.123)[1]).toBeCloseTo(123_000_000, -3);
  });
});

describe('synthetic spans', () => {
  it('spanFromAttributes fills the reference defaults', () => {
    const span = spanFromAttributes({ a: 1 });
    expect(span).toMatchObject({
      rollout_id: '',
      attempt_id: '',
      sequence_id: 0,
      parent_id: null,
      name: 'agentlightning.virtual',
      status: { status_code: 'OK', description: null },
      attributes: { a: 1 },
      events: [],
      links: [],
      parent: null,
      resource: { attributes: {}, schema_url: '' },
    });
    expect(span.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(span.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(span.context).toEqual({
      trace_id: span.trace_id,
      span_id: span.span_id,
      is_remote: false,
      trace_state: {},
    });
    const child = spanFromAttributes({}, { parentId: 'p'.repeat(16), traceId: 't'.repeat(32) });
    expect(child.parent).toEqual({
      trace_id: 't'.repeat(32),
      span_id: 'p'.repeat(16),
      is_remote: false,
      trace_state: {},
    });
  });

  it('spanFromCoreFields copies the core fields and defaults start to now', () => {
    const core = {
      name: 'agentlightning.annotation',
      status: { status_code: 'OK' as const, description: null },
      attributes: { 'agentlightning.reward.0.value': 1 },
      start_time: null,
      end_time: 5,
    };
    const span = spanFromCoreFields(core, { rolloutId: 'ro', attemptId: 'at', sequenceId: 3 });
    expect(span).toMatchObject({
      rollout_id: 'ro',
      attempt_id: 'at',
      sequence_id: 3,
      name: core.name,
      end_time: 5,
    });
    expect(span.attributes).toEqual(core.attributes);
    expect(span.start_time).toBeGreaterThan(1e9);
  });
});
