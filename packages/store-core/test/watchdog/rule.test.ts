import { describe, expect, it } from 'vitest';
import { watchdogVerdict, watchdogWatches } from '../../src/backend';

const limits = (timeout_seconds: number | null, unresponsive_seconds: number | null) => ({
  timeout_seconds,
  unresponsive_seconds,
});

describe('watchdog rule', () => {
  it('times out strictly after timeout_seconds from start_time', () => {
    const attempt = { start_time: 100, last_heartbeat_time: null };
    expect(watchdogVerdict(attempt, limits(10, null), 110)).toBeNull();
    expect(watchdogVerdict(attempt, limits(10, null), 110.001)).toBe('timeout');
  });

  it('lets timeout win over unresponsive', () => {
    expect(watchdogVerdict({ start_time: 0, last_heartbeat_time: 1 }, limits(5, 1), 100)).toBe(
      'timeout',
    );
  });

  it('measures silence from the heartbeat, or from start_time without one', () => {
    expect(
      watchdogVerdict({ start_time: 0, last_heartbeat_time: 50 }, limits(null, 10), 59),
    ).toBeNull();
    expect(watchdogVerdict({ start_time: 0, last_heartbeat_time: 50 }, limits(null, 10), 61)).toBe(
      'unresponsive',
    );
    expect(
      watchdogVerdict({ start_time: 0, last_heartbeat_time: null }, limits(null, 10), 10),
    ).toBeNull();
    expect(
      watchdogVerdict({ start_time: 0, last_heartbeat_time: null }, limits(null, 10), 10.5),
    ).toBe('unresponsive');
  });

  it('never flags a heartbeat of exactly 0 (reference quirk)', () => {
    expect(
      watchdogVerdict({ start_time: 0, last_heartbeat_time: 0 }, limits(null, 1), 1e9),
    ).toBeNull();
  });

  it('watches preparing and running rollouts with a limit only', () => {
    expect(watchdogWatches('running', limits(1, null))).toBe(true);
    expect(watchdogWatches('preparing', limits(null, 1))).toBe(true);
    expect(watchdogWatches('running', limits(null, null))).toBe(false);
    expect(watchdogWatches('requeuing', limits(1, 1))).toBe(false);
  });
});
