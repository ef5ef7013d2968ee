import { type OtelResource, type Span, type SpanContext, statusCodeName } from '@agl/types';
import { attributesToRecord } from '../any-value';
import type { OtlpSpan } from '../model';

/** Where a converted span belongs. */
export interface SpanPlacement {
  /** The rollout id. */
  readonly rolloutId: string;
  /** The attempt id. */
  readonly attemptId: string;
  /** The sequence id (callers allocate one first when the span had none). */
  readonly sequenceId: number;
  /** The span's resource, already converted (each span gets its own copy). */
  readonly resource: OtelResource;
}

/** Left-pads a hex id with `0` to `width` characters (`''` gives all zeros). */
export function padHex(hex: string, width: number): string {
  return hex.padStart(width, '0');
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Converts nanoseconds since the epoch to float seconds; `0` (unset) gives
 * `null`. Whole seconds and the remainder are converted separately, so the
 * result is the nearest double to the exact quotient (as the reference's
 * integer division gives: `…250000000` ns is exactly `….25` s), where
 * converting the nanoseconds to a double first would be off by up to 256 ns.
 *
 * @param nanos - the OTLP timestamp
 */
export function nanosToSeconds(nanos: bigint): number | null {
  if (nanos === 0n) return null;
  return Number(nanos / NANOS_PER_SECOND) + Number(nanos % NANOS_PER_SECOND) / 1e9;
}

/** A span context from hex ids: never remote, empty trace state. */
function context(traceId: string, spanId: string): SpanContext {
  return {
    trace_id: padHex(traceId, 32),
    span_id: padHex(spanId, 16),
    is_remote: false,
    trace_state: {},
  };
}

/**
 * Converts a decoded OTLP span into a store span. The span's attributes are
 * kept in full (including the `agentlightning.*` keys); kind, flags, trace
 * state, dropped counts and the instrumentation scope are dropped; `parent`
 * is always `null` (the parent is named by `parent_id`).
 *
 * @param span - the decoded span
 * @param placement - rollout, attempt, sequence id and converted resource
 * @returns the store span, with exactly the sixteen span keys
 */
export function convertSpan(span: OtlpSpan, placement: SpanPlacement): Span {
  const ids = context(span.traceId, span.spanId);
  return {
    rollout_id: placement.rolloutId,
    attempt_id: placement.attemptId,
    sequence_id: placement.sequenceId,
    trace_id: ids.trace_id,
    span_id: ids.span_id,
    parent_id: span.parentSpanId === '' ? null : padHex(span.parentSpanId, 16),
    name: span.name,
    status: {
      status_code: statusCodeName(span.status.code),
      description: span.status.message === '' ? null : span.status.message,
    },
    attributes: attributesToRecord(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      attributes: attributesToRecord(event.attributes),
      timestamp: nanosToSeconds(event.timeUnixNano),
    })),
    links: span.links.map((link) => ({
      context: context(link.traceId, link.spanId),
      attributes: link.attributes.length === 0 ? null : attributesToRecord(link.attributes),
    })),
    start_time: nanosToSeconds(span.startTimeUnixNano),
    end_time: nanosToSeconds(span.endTimeUnixNano),
    context: ids,
    parent: null,
    resource: {
      attributes: { ...placement.resource.attributes },
      schema_url: placement.resource.schema_url,
    },
  };
}
