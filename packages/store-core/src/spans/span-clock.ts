/**
 * The one clock every span we write takes its start and end times from.
 *
 * Why not `Date.now()`: it has millisecond steps, while OpenTelemetry JS ends
 * a span at its (millisecond) start plus a sub-millisecond duration measured
 * with `performance.now()`. A span started with `Date.now()` right after
 * another one ended can then carry a start up to a millisecond *before* that
 * end, and readers that credit a reward to a call only when
 * `call.end_time <= reward.start_time` (the reference's rule) lose it.
 *
 * Why not `performance.timeOrigin + performance.now()` alone: over a long
 * process the monotonic clock drifts from the wall clock (NTP slews and
 * steps), while OpenTelemetry anchors every span's start to the wall clock.
 *
 * So this clock is `performance.now()` plus an offset measured at the instant
 * `Date.now()` ticks (exact to well under a microsecond), re-measured whenever
 * it strays from `Date.now()` by more than the latter's step, and it never
 * goes backwards.
 *
 * @module
 */
import type { Clock } from '../clock';

/** A `[seconds, nanoseconds]` pair, OpenTelemetry's `HrTime`. */
export type HrTimeTuple = [number, number];

/** The clock of span timestamps: epoch seconds with sub-microsecond steps. */
export interface SpanClock extends Clock {
  /** Now, in epoch milliseconds with a fractional part. */
  nowMillis(): number;
  /** Now, as an OpenTelemetry `HrTime`. */
  nowHrTime(): HrTimeTuple;
  /**
   * Maps a `performance.now()` reading of this process onto this clock
   * (epoch milliseconds), for spans whose start was measured with it.
   */
  fromPerformance(performanceMillis: number): number;
}

/** Where a span clock reads time; injectable for tests. */
export interface SpanClockSources {
  /** Wall clock in epoch milliseconds, millisecond steps (default `Date.now`). */
  wallMillis(): number;
  /** Monotonic milliseconds since some origin (default `performance.now`). */
  monotonicMillis(): number;
}

const defaultSources: SpanClockSources = {
  wallMillis: () => Date.now(),
  monotonicMillis: () => performance.now(),
};

/** Longest a calibration waits for the wall clock to tick, in milliseconds. */
const CALIBRATION_SPIN_MILLIS = 2;

/**
 * Builds a span clock over the given time sources (tests pass fakes; code
 * uses the shared {@link spanClock}).
 *
 * @param sources - wall and monotonic time
 * @returns the clock
 */
export function createSpanClock(sources: SpanClockSources = defaultSources): SpanClock {
  let offset: number | undefined;
  let last = Number.NEGATIVE_INFINITY;

  // At the instant the millisecond wall clock ticks its reading is exact. The
  // monotonic reading taken just before the wall read that saw the tick was
  // taken before the tick, so the offset comes out at or slightly above the
  // true one (by one loop turn, well under a microsecond): later events never
  // sort before earlier ones, whichever clock stamped them.
  const calibrate = (): number => {
    const first = sources.wallMillis();
    let monotonic = sources.monotonicMillis();
    const deadline = monotonic + CALIBRATION_SPIN_MILLIS;
    for (;;) {
      const wall = sources.wallMillis();
      if (wall !== first) return wall - monotonic;
      monotonic = sources.monotonicMillis();
      if (monotonic > deadline) return sources.wallMillis() - monotonic;
    }
  };

  // A consistent reading lies in [wall, wall + 1): `Date.now()` truncates. The
  // wall is read first so a tick between the two reads cannot look like drift;
  // a little slack above covers a tick right after the wall read.
  const read = (): number => {
    if (offset === undefined) offset = calibrate();
    const wall = sources.wallMillis();
    const value = sources.monotonicMillis() + offset;
    if (value >= wall - 1e-3 && value < wall + 1.05) return value;
    offset = calibrate();
    return sources.monotonicMillis() + offset;
  };

  const nowMillis = (): number => {
    const value = Math.max(read(), last);
    last = value;
    return value;
  };

  return {
    now: () => nowMillis() / 1000,
    nowMillis,
    nowHrTime: () => millisToHrTime(nowMillis()),
    fromPerformance: (performanceMillis) => {
      if (offset === undefined) offset = calibrate();
      return performanceMillis + offset;
    },
  };
}

/**
 * Converts epoch milliseconds (with a fraction) to an `HrTime` pair.
 *
 * @param millis - epoch milliseconds
 * @returns `[seconds, nanoseconds]`
 */
export function millisToHrTime(millis: number): HrTimeTuple {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** The process-wide span clock that every tracer, emitter and bridge uses. */
export const spanClock: SpanClock = createSpanClock();
