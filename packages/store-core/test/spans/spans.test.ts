import { describe, expect, it } from 'vitest';
import {
  estimateSpanSize,
  normalizeTimestamp,
  toByteCount,
  utf8ByteLength,
} from '../../src/backend';
import { hrTimeToSeconds, type OtelSpanLike, otelSpanToSpan } from '../../src/index';

describe('timestamp normalisation', () => {
  it('maps 0 and absent to null, nanoseconds to seconds, keeps seconds', () => {
    expect(normalizeTimestamp(0)).toBeNull();
    expect(normalizeTimestamp(undefined)).toBeNull();
    expect(normalizeTimestamp(null)).toBeNull();
    expect(normalizeTimestamp(1_717_171_717_500_000_000)).toBe(1_717_171_717.5);
    expect(normalizeTimestamp(1_717_171_717.5)).toBe(1_717_171_717.5);
    expect(normalizeTimestamp(1e12)).toBe(1e12);
  });

  it('converts HrTime to float seconds', () => {
    expect(hrTimeToSeconds([1_717_171_717, 500_000_000])).toBe(1_717_171_717.5);
    expect(hrTimeToSeconds([0, 0])).toBeNull();
  });
});

const context = (spanId: string, extra: Partial<ReturnType<OtelSpanLike['spanContext']>> = {}) => ({
  traceId: 'ABCDEF0123456789ABCDEF0123456789',
  spanId,
  traceFlags: 1,
  ...extra,
});

function otelSpan(overrides: Partial<OtelSpanLike> = {}): OtelSpanLike {
  return {
    name: 'openai.chat.completion',
    spanContext: () =>
      context('00000000000000AA', { isRemote: false, traceState: { serialize: () => 'k=v,x=y' } }),
    startTime: [1_717_171_717, 250_000_000],
    endTime: [1_717_171_718, 0],
    status: { code: 2, message: 'bad' },
    attributes: { 'gen_ai.prompt.0.content': 'hi', ids: [1, 2], dropped: undefined },
    events: [{ name: 'e', attributes: { a: 1 }, time: [1_717_171_717, 500_000_000] }],
    links: [
      { context: context('00000000000000BB'), attributes: {} },
      { context: context('00000000000000CC'), attributes: { l: 'x' } },
    ],
    resource: { attributes: { 'service.name': 'svc' } },
    ...overrides,
  };
}

describe('otelSpanToSpan', () => {
  const target = { rolloutId: 'ro-1', attemptId: 'at-1', sequenceId: 4 };

  it('converts ids, status, times, events, links, context and resource', () => {
    const span = otelSpanToSpan(
      otelSpan({ parentSpanContext: context('00000000000000DD', { isRemote: true }) }),
      target,
    );
    expect(span).toEqual({
      rollout_id: 'ro-1',
      attempt_id: 'at-1',
      sequence_id: 4,
      trace_id: 'abcdef0123456789abcdef0123456789',
      span_id: '00000000000000aa',
      parent_id: '00000000000000dd',
      name: 'openai.chat.completion',
      status: { status_code: 'ERROR', description: 'bad' },
      attributes: { 'gen_ai.prompt.0.content': 'hi', ids: [1, 2] },
      events: [{ name: 'e', attributes: { a: 1 }, timestamp: 1_717_171_717.5 }],
      links: [
        {
          context: {
            trace_id: 'abcdef0123456789abcdef0123456789',
            span_id: '00000000000000bb',
            is_remote: false,
            trace_state: {},
          },
          attributes: null,
        },
        {
          context: {
            trace_id: 'abcdef0123456789abcdef0123456789',
            span_id: '00000000000000cc',
            is_remote: false,
            trace_state: {},
          },
          attributes: { l: 'x' },
        },
      ],
      start_time: 1_717_171_717.25,
      end_time: 1_717_171_718,
      context: {
        trace_id: 'abcdef0123456789abcdef0123456789',
        span_id: '00000000000000aa',
        is_remote: false,
        trace_state: { k: 'v', x: 'y' },
      },
      parent: {
        trace_id: 'abcdef0123456789abcdef0123456789',
        span_id: '00000000000000dd',
        is_remote: true,
        trace_state: {},
      },
      resource: { attributes: { 'service.name': 'svc' }, schema_url: '' },
    });
  });

  it('reads the SDK 1.x parentSpanId and maps a missing status message to null', () => {
    const span = otelSpanToSpan(
      otelSpan({ parentSpanId: '00000000000000ee', status: { code: 1 } }),
      target,
    );
    expect(span.parent_id).toBe('00000000000000ee');
    expect(span.parent?.trace_id).toBe(span.trace_id);
    expect(span.status).toEqual({ status_code: 'OK', description: null });
  });

  it('gives a root span null parent and keeps the schema url', () => {
    const span = otelSpanToSpan(
      otelSpan({ resource: { attributes: {}, schemaUrl: 'https://s' } }),
      target,
    );
    expect(span.parent_id).toBeNull();
    expect(span.parent).toBeNull();
    expect(span.resource.schema_url).toBe('https://s');
  });

  it('copies attribute arrays', () => {
    const ids = [1, 2];
    const span = otelSpanToSpan(otelSpan({ attributes: { ids } }), target);
    ids.push(3);
    expect(span.attributes.ids).toEqual([1, 2]);
  });
});

describe('span size', () => {
  it('counts UTF-8 bytes of the JSON', () => {
    expect(utf8ByteLength('aé😀')).toBe(1 + 2 + 4);
    const span = otelSpanToSpan(otelSpan(), { rolloutId: 'r', attemptId: 'a', sequenceId: 1 });
    expect(estimateSpanSize(span)).toBe(Buffer.byteLength(JSON.stringify(span)));
  });

  it('turns estimator answers into non-negative integers', () => {
    expect(toByteCount(12.7)).toBe(12);
    expect(toByteCount(-3)).toBe(0);
    expect(toByteCount(Number.NaN)).toBe(0);
    expect(toByteCount('8')).toBe(8);
  });
});
