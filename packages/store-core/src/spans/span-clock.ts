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
 * So this clock is `performance.now()` plus an offset to the wall clock,
 * measured as an upper bound (so the clock never reads behind the wall clock)
 * tightened to about a microsecond by sampling across a tick of `Date.now()`.
 * The offset only grows: when the clock falls behind the wall clock it is
 * measured again and raised, so a span started after another one ended never
 * gets an earlier time, even under heavy load. Only a step back of the wall
 * clock by more than {@link WALL_STEP_BACK_MILLIS} lowers it.
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

/** Longest an offset measurement samples, waiting for the wall clock to tick, in milliseconds. */
const MEASURE_SPIN_MILLIS = 2;

/**
 * How far the clock may run ahead of the wall clock before the offset is
 * lowered to follow it: a step back of the system clock, or a monotonic clock
 * running fast over a long process.
 */
export const WALL_STEP_BACK_MILLIS = 100;

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

  // Each sample reads the monotonic clock, then the wall clock, so
  // `wall + 1 - monotonic` is at or above the true offset however long the
  // thread was paused between the two reads. The sample taken just before the
  // wall clock ticks is the tightest, so sampling runs across one tick.
  const measure = (): number => {
    let best = Number.POSITIVE_INFINITY;
    let first: number | undefined;
    const deadline = sources.monotonicMillis() + MEASURE_SPIN_MILLIS;
    for (;;) {
      const monotonic = sources.monotonicMillis();
      const wall = sources.wallMillis();
      if (first !== undefined && wall !== first) return best;
      best = Math.min(best, wall + 1 - monotonic);
      first ??= wall;
      if (monotonic > deadline) return best;
    }
  };

  // The wall clock is read first: with the offset at or above the true one, a
  // reading can then only be below it after a real drift, never because the
  // thread was paused between the reads.
  const read = (): number => {
    offset ??= measure();
    const wall = sources.wallMillis();
    const value = sources.monotonicMillis() + offset;
    if (value < wall) offset = Math.max(offset, measure());
    else if (value > wall + 1 + WALL_STEP_BACK_MILLIS) {
      const fresh = measure();
      if (fresh < offset - WALL_STEP_BACK_MILLIS) offset = fresh;
    } else return value;
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
      offset ??= measure();
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
