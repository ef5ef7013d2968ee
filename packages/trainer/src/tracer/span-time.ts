/**
 * Puts spans started by any instrumentation on the one span clock.
 *
 * OpenTelemetry JS stamps a span's start with `Date.now()` (whole
 * milliseconds) and its end with that start plus a `performance.now()`
 * duration. A span started right after another one ended can then appear to
 * start before that end. Moving the start onto the span clock at `onStart`
 * (same instant, sub-microsecond precision) also moves the end, because the
 * end is computed as start plus duration.
 *
 * @module
 */
import { millisToHrTime, spanClock } from '@agl/store-core';
import type { Span as SdkSpan } from '@opentelemetry/sdk-trace';

/** The SDK's private fields this relies on; absent in another SDK, the span is left alone. */
interface SdkSpanTiming {
  startTime: [number, number];
  _performanceStartTime?: unknown;
  _startTimeProvided?: unknown;
}

/**
 * Re-stamps a just-started span's start time from the span clock, unless its
 * creator gave an explicit start time.
 *
 * @param span - the span handed to `SpanProcessor.onStart`
 */
export function alignStartToSpanClock(span: SdkSpan): void {
  const timing = span as unknown as SdkSpanTiming;
  if (timing._startTimeProvided !== false) return;
  if (typeof timing._performanceStartTime !== 'number') return;
  timing.startTime = millisToHrTime(spanClock.fromPerformance(timing._performanceStartTime));
}
