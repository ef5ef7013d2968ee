/**
 * Classification of the elements of a list returned by an agent,
 * in the reference order: OpenTelemetry span, then store span, then
 * span core fields (a store span also has the core-field shape).
 *
 * @module
 */
import type { OtelSpanLike } from '@agl/store-core';
import type { Span } from '@agl/types';
import type { SpanCoreFields } from '../tracer/types';

/** The kind of one element. */
export type ResultElementKind = 'otel' | 'span' | 'core' | 'other';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether a value looks like an OpenTelemetry `ReadableSpan` (a `spanContext()` function and an `HrTime` start). */
export function isOtelSpanLike(value: unknown): value is OtelSpanLike {
  if (!isRecord(value)) return false;
  const start = value.startTime;
  return (
    typeof value.spanContext === 'function' &&
    Array.isArray(start) &&
    start.length === 2 &&
    typeof start[0] === 'number'
  );
}

/** Whether a value looks like a store `Span`. */
export function isStoreSpan(value: unknown): value is Span {
  return (
    isRecord(value) &&
    typeof value.rollout_id === 'string' &&
    typeof value.attempt_id === 'string' &&
    typeof value.sequence_id === 'number' &&
    typeof value.span_id === 'string'
  );
}

/** Whether a value looks like `SpanCoreFields` (name, status, attributes and no `span_id`). */
export function isSpanCoreFields(value: unknown): value is SpanCoreFields {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    isRecord(value.status) &&
    isRecord(value.attributes) &&
    !('span_id' in value)
  );
}

/**
 * Classifies one element.
 *
 * @param value - an element of the returned list
 */
export function classifyElement(value: unknown): ResultElementKind {
  if (isOtelSpanLike(value)) return 'otel';
  if (isStoreSpan(value)) return 'span';
  if (isSpanCoreFields(value)) return 'core';
  return 'other';
}

/** A short description of a value's type for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array(${value.map(describeType).join(', ')})`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
