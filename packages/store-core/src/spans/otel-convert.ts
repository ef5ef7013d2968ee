import {
  type Attributes,
  type AttributeValue,
  type Span,
  type SpanContext,
  type SpanEvent,
  type SpanLink,
  statusCodeName,
} from '@agl/types';
import type { OtelSpanContextLike, OtelSpanLike } from '../otel-span';
import { hrTimeToSeconds } from './timestamps';

/** Where a converted span belongs. */
export interface OtelSpanTarget {
  /** The rollout. */
  readonly rolloutId: string;
  /** The attempt. */
  readonly attemptId: string;
  /** The span's sequence id. */
  readonly sequenceId: number;
}

function hexId(value: string | undefined, length: number): string {
  return (value ?? '').toLowerCase().padStart(length, '0');
}

/**
 * Copies OpenTelemetry attributes into span attributes: arrays are copied,
 * `null`/`undefined` values (which the wire rejects) are dropped.
 *
 * @param attributes - OpenTelemetry attributes
 */
export function copyOtelAttributes(
  attributes: Readonly<Record<string, unknown>> | undefined,
): Attributes {
  const out: Attributes = {};
  if (!attributes) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    out[key] = (Array.isArray(value) ? [...value] : value) as AttributeValue;
  }
  return out;
}

/**
 * Parses a W3C `tracestate` header value (`k1=v1,k2=v2`) into an object.
 *
 * @param serialized - the header value
 */
function parseTraceState(serialized: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!serialized) return out;
  for (const member of serialized.split(',')) {
    const eq = member.indexOf('=');
    if (eq > 0) out[member.slice(0, eq).trim()] = member.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Converts an OpenTelemetry span context into a wire `SpanContext`.
 *
 * @param context - the OpenTelemetry context
 */
export function otelContextToSpanContext(context: OtelSpanContextLike): SpanContext {
  return {
    trace_id: hexId(context.traceId, 32),
    span_id: hexId(context.spanId, 16),
    is_remote: context.isRemote === true,
    trace_state: parseTraceState(context.traceState?.serialize()),
  };
}

function parentOf(span: OtelSpanLike, traceId: string): SpanContext | null {
  if (span.parentSpanContext) return otelContextToSpanContext(span.parentSpanContext);
  if (!span.parentSpanId) return null;
  return {
    trace_id: traceId,
    span_id: hexId(span.parentSpanId, 16),
    is_remote: false,
    trace_state: {},
  };
}

/**
 * Converts a finished OpenTelemetry SDK span (`ReadableSpan`, SDK 1.x or 2.x)
 * into a store `Span`: lowercase hex ids
 * (zeros without a context), parent id from the parent context or
 * `parentSpanId`, status code names, copied attributes, events and links
 * (link attributes `null` when empty), `HrTime` converted to seconds,
 * `context`/`parent` converted, and the resource with `schema_url` `""` when absent.
 *
 * @param span - the OpenTelemetry span
 * @param target - rollout, attempt and sequence id of the stored span
 */
export function otelSpanToSpan(span: OtelSpanLike, target: OtelSpanTarget): Span {
  const own = typeof span.spanContext === 'function' ? span.spanContext() : undefined;
  const context = own ? otelContextToSpanContext(own) : null;
  const traceId = context?.trace_id ?? hexId(undefined, 32);
  const parent = parentOf(span, traceId);
  const events: SpanEvent[] = (span.events ?? []).map((event) => ({
    name: event.name,
    attributes: copyOtelAttributes(event.attributes),
    timestamp: hrTimeToSeconds(event.time),
  }));
  const links: SpanLink[] = (span.links ?? []).map((link) => {
    const attributes = copyOtelAttributes(link.attributes);
    return {
      context: otelContextToSpanContext(link.context),
      attributes: Object.keys(attributes).length > 0 ? attributes : null,
    };
  });
  return {
    rollout_id: target.rolloutId,
    attempt_id: target.attemptId,
    sequence_id: target.sequenceId,
    trace_id: traceId,
    span_id: context?.span_id ?? hexId(undefined, 16),
    parent_id: parent?.span_id ?? null,
    name: span.name,
    status: {
      status_code: statusCodeName(span.status?.code),
      description: span.status?.message ? span.status.message : null,
    },
    attributes: copyOtelAttributes(span.attributes),
    events,
    links,
    start_time: hrTimeToSeconds(span.startTime),
    end_time: hrTimeToSeconds(span.endTime),
    context,
    parent,
    resource: {
      attributes: copyOtelAttributes(span.resource?.attributes),
      schema_url: span.resource?.schemaUrl ?? '',
    },
  };
}
