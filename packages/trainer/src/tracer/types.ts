import type { Attributes, StatusCode, TraceStatus } from '@agl/types';

/**
 * A lightweight description of a finished span (reference `SpanCoreFields`),
 * returned by `createSpan`, the emitters and recording contexts. Turn it into
 * a store `Span` with `spanFromCoreFields`.
 */
export interface SpanCoreFields {
  /** Span name. */
  name: string;
  /** Span status. */
  status: TraceStatus;
  /** Flat span attributes. */
  attributes: Attributes;
  /** Start time in epoch seconds, or `null`. */
  start_time: number | null;
  /** End time in epoch seconds, or `null`. */
  end_time: number | null;
}

/** The handle given to the body of `Tracer.operationContext`. */
export interface SpanRecordingContext {
  /** Records an exception on the span: status `ERROR` with its message, plus exception attributes. */
  recordException(error: unknown): void;
  /** Merges attributes into the span. */
  recordAttributes(attributes: Attributes): void;
  /** Replaces the span status. */
  recordStatus(code: StatusCode, description?: string | null): void;
  /** The recorded span; throws `InvalidArgumentError` while the operation is still open (dummy tracer). */
  getRecordedSpan(): SpanCoreFields;
}

/** Options of `Tracer.operationContext`. */
export interface OperationContextOptions {
  /** Initial attributes (already flat and sanitised). */
  attributes?: Attributes;
  /** Start time in epoch seconds; default now. */
  startTime?: number | null;
  /** End time in epoch seconds; default the time the body settles (ignored by `OtelTracer`). */
  endTime?: number | null;
}
