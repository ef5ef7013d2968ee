/**
 * Time and span helpers around the shared OpenTelemetry → store `Span`
 * converter of `@agl/store-core` (`otelSpanToSpan`).
 *
 * @module
 */
import { hrTimeToSeconds, type OtelSpanLike } from '@agl/store-core';
import { copyOtelAttributes } from '@agl/store-core/backend';
import { statusCodeName, type TraceStatus } from '@agl/types';
import type { SpanCoreFields } from './types';

/** Float seconds → `[seconds, nanoseconds]`, the time format OpenTelemetry JS takes as-is. */
export function secondsToHrTime(seconds: number): [number, number] {
  const whole = Math.floor(seconds);
  const nanos = Math.min(Math.round((seconds - whole) * 1e9), 999_999_999);
  return [whole, nanos];
}

/** Converts an OpenTelemetry status to the stored shape. */
export function statusFromOtel(status: {
  code: number;
  message?: string | undefined;
}): TraceStatus {
  return {
    status_code: statusCodeName(status.code),
    description: status.message ? status.message : null,
  };
}

/** The core fields (name, status, attributes, times) of an OpenTelemetry span, open or finished. */
export function coreFieldsFromOtel(span: OtelSpanLike): SpanCoreFields {
  return {
    name: span.name,
    status: statusFromOtel(span.status),
    attributes: copyOtelAttributes(span.attributes),
    start_time: hrTimeToSeconds(span.startTime),
    end_time: hrTimeToSeconds(span.endTime),
  };
}
