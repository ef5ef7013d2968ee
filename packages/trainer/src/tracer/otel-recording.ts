import type { StatusCode as AglStatusCode, Attributes } from '@agl/types';
import { type Span as OtelApiSpan, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { referenceTypeName, toError } from '../semconv/exception';
import { coreFieldsFromOtel } from './convert';
import type { SpanCoreFields, SpanRecordingContext } from './types';

const CODES: Record<AglStatusCode, SpanStatusCode> = {
  UNSET: SpanStatusCode.UNSET,
  OK: SpanStatusCode.OK,
  ERROR: SpanStatusCode.ERROR,
};

/** Converts a stored status code to the OpenTelemetry one. */
export function otelStatusCode(code: AglStatusCode): SpanStatusCode {
  return CODES[code];
}

/** Recording context over a live OpenTelemetry span (used by `OtelTracer.operationContext`). */
export class OtelRecording implements SpanRecordingContext {
  /** @param span - the SDK span being recorded */
  constructor(private readonly span: OtelApiSpan) {}

  /** Adds an `exception` event and sets status `ERROR` with the message. */
  recordException(error: unknown): void {
    const err = toError(error);
    const reference = referenceTypeName(err);
    // OpenTelemetry names the type after `code` when there is one, which would turn a reference
    // TypeError into `INVALID_ARGUMENT`; every other error is recorded as the SDK records it.
    this.span.recordException(
      reference
        ? { ...(err.stack ? { stack: err.stack } : {}), name: reference, message: err.message }
        : err,
    );
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  }

  /** Sets attributes on the span. */
  recordAttributes(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }

  /** Sets the span status (OpenTelemetry ignores changes once it is `OK`). */
  recordStatus(code: AglStatusCode, description?: string | null): void {
    this.span.setStatus(
      description == null ? { code: CODES[code] } : { code: CODES[code], message: description },
    );
  }

  /** The span's current core fields (`end_time` is null while it is open). */
  getRecordedSpan(): SpanCoreFields {
    return coreFieldsFromOtel(this.span as unknown as ReadableSpan);
  }
}
