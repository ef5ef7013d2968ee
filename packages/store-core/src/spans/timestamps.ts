import type { HrTimeLike } from '../otel-span';

/**
 * Normalises a timestamp from OpenTelemetry or OTLP: `0` or
 * absent becomes `null`; a value above `1e12` is nanoseconds and is divided
 * by `1e9`; anything else is seconds already.
 *
 * @param value - the raw timestamp
 */
export function normalizeTimestamp(value: number | null | undefined): number | null {
  if (value === null || value === undefined || value === 0 || Number.isNaN(value)) return null;
  return value > 1e12 ? value / 1e9 : value;
}

/**
 * Converts an OpenTelemetry `HrTime` (`[seconds, nanoseconds]`) to float
 * seconds, then normalises it (`[0, 0]` becomes `null`). A plain number is
 * normalised as it is.
 *
 * @param time - the time
 */
export function hrTimeToSeconds(time: HrTimeLike | number | null | undefined): number | null {
  if (time === null || time === undefined) return null;
  if (typeof time === 'number') return normalizeTimestamp(time);
  return normalizeTimestamp(time[0] + time[1] / 1e9);
}
