import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, ManualClock, systemClock } from '../src/index';

describe('systemClock', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is strictly increasing and never behind the wall clock', () => {
    const before = Date.now() / 1000;
    const times = Array.from({ length: 5000 }, () => systemClock.now());
    for (let i = 1; i < times.length; i++) {
      expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    }
    expect(times[0]).toBeGreaterThanOrEqual(before);
  });

  it('steps by one microsecond within a millisecond and follows the wall clock after', () => {
    const wall = Math.ceil(systemClock.now() + 10) * 1000;
    const spy = vi.spyOn(Date, 'now').mockReturnValue(wall);
    const within = [systemClock.now(), systemClock.now(), systemClock.now()];
    expect(within.map((t) => Math.round(t * 1e6) - wall * 1000)).toEqual([0, 1, 2]);
    spy.mockReturnValue(wall + 5);
    expect(systemClock.now()).toBe((wall + 5) / 1000);
  });

  it('does not go backwards when the system clock does', () => {
    const wall = Math.ceil(systemClock.now() + 20) * 1000;
    const spy = vi.spyOn(Date, 'now').mockReturnValue(wall);
    const first = systemClock.now();
    spy.mockReturnValue(wall - 60_000);
    expect(systemClock.now()).toBeGreaterThan(first);
  });
});

describe('ManualClock', () => {
  it('moves only when told to', () => {
    const clock = new ManualClock(10);
    expect([clock.now(), clock.now()]).toEqual([10, 10]);
    clock.advance(0.5);
    expect(clock.now()).toBe(10.5);
    clock.set(3);
    expect(clock.now()).toBe(3);
    expect(() => clock.advance(-1)).toThrow(InvalidArgumentError);
  });
});
