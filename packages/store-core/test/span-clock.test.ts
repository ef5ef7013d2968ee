import { describe, expect, it } from 'vitest';
import { createSpanClock, millisToHrTime, type SpanClockSources, spanClock } from '../src/index';

/**
 * Simulated time: every read advances the true time by `stepMillis`; the wall
 * clock truncates true time plus a skew to whole milliseconds, the monotonic
 * clock counts from its own origin.
 */
function simulated(start = 1_700_000_000_123.25, stepMillis = 0.0003) {
  const state = { t: start, wallSkew: 0, monotonicOrigin: start - 5_000 };
  const sources: SpanClockSources = {
    wallMillis: () => {
      state.t += stepMillis;
      return Math.floor(state.t + state.wallSkew);
    },
    monotonicMillis: () => {
      state.t += stepMillis;
      return state.t - state.monotonicOrigin;
    },
  };
  return { state, sources };
}

describe('span clock', () => {
  it('reads within the current wall millisecond, with sub-millisecond steps', () => {
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    const readings: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const value = clock.nowMillis();
      const wall = state.t + state.wallSkew;
      expect(value).toBeGreaterThanOrEqual(wall - 0.002);
      expect(value).toBeLessThanOrEqual(wall + 0.001);
      readings.push(value);
    }
    const fractions = new Set(readings.map((v) => Math.round((v % 1) * 1000)));
    expect(fractions.size).toBeGreaterThan(100);
  });

  it('never reads before a span ended on the wall clock plus a performance duration', () => {
    // What OpenTelemetry JS does: start = Date.now(), end = start + measured duration.
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    clock.nowMillis();
    for (let i = 0; i < 5_000; i++) {
      const otelStart = sources.wallMillis();
      const performanceStart = sources.monotonicMillis();
      state.t += (i % 7) * 0.01;
      const otelEnd = otelStart + (sources.monotonicMillis() - performanceStart);
      expect(clock.nowMillis()).toBeGreaterThanOrEqual(otelEnd);
    }
  });

  it('follows the wall clock when the monotonic clock drifts from it', () => {
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    clock.nowMillis();
    state.wallSkew += 25; // the wall clock was stepped forward (NTP)
    const value = clock.nowMillis();
    expect(value).toBeGreaterThanOrEqual(state.t + 25 - 0.002);
    expect(value).toBeLessThan(state.t + 25 + 1);
  });

  it('never goes backwards: a small step back of the wall clock is ridden out', () => {
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    const before = clock.nowMillis();
    state.wallSkew -= 40;
    const after = clock.nowMillis();
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after - before).toBeLessThan(1);
  });

  it('follows a large step back of the wall clock, still never reading below its last value', () => {
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    const before = clock.nowMillis();
    state.wallSkew -= 5_000;
    expect(clock.nowMillis()).toBeGreaterThanOrEqual(before);
    state.t += 6_000;
    const later = clock.nowMillis();
    expect(later).toBeGreaterThanOrEqual(state.t - 5_000 - 0.002);
    expect(later).toBeLessThan(state.t - 5_000 + 1);
  });

  it('keeps its offset when a read is delayed (a paused thread is not drift)', () => {
    const { state, sources } = simulated();
    const clock = createSpanClock(sources);
    const performanceStart = sources.monotonicMillis();
    const start = clock.fromPerformance(performanceStart);
    // The thread is paused for 30 ms between the wall and the monotonic read.
    const wallMillis = sources.wallMillis;
    sources.wallMillis = () => {
      const wall = wallMillis();
      state.t += 30;
      return wall;
    };
    clock.nowMillis();
    sources.wallMillis = wallMillis;
    expect(clock.fromPerformance(performanceStart)).toBe(start);
  });

  it('maps performance readings and converts to HrTime exactly', () => {
    const { sources } = simulated();
    const clock = createSpanClock(sources);
    clock.nowMillis(); // calibrates
    const perf = sources.monotonicMillis();
    const now = clock.nowMillis();
    expect(clock.fromPerformance(perf)).toBeLessThanOrEqual(now);
    expect(now - clock.fromPerformance(perf)).toBeLessThan(0.01);
    expect(millisToHrTime(1_700_000_000_123.25)).toEqual([1_700_000_000, 123_250_000]);
    expect(millisToHrTime(999.9999999999)).toEqual([1, 0]);
  });

  it('the shared clock agrees with Date.now() and is monotonic', () => {
    let last = 0;
    for (let i = 0; i < 2_000; i++) {
      const before = Date.now();
      const value = spanClock.nowMillis();
      const after = Date.now();
      expect(value).toBeGreaterThanOrEqual(before - 0.001);
      // At most a little ahead: the offset is an upper bound, tight to a microsecond when the
      // measuring thread was not paused, a few milliseconds under heavy load.
      expect(value).toBeLessThan(after + 5);
      expect(value).toBeGreaterThanOrEqual(last);
      last = value;
    }
    expect(spanClock.now()).toBeCloseTo(Date.now() / 1000, 1);
  });
});
