import { afterEach, describe, expect, it, vi } from 'vitest';
import { Watchdog } from '../../src/backend';
import { ManualClock } from '../../src/index';

describe('Watchdog scheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('scans at once, then skips until the debounce window from the last start passed', () => {
    const clock = new ManualClock(1000);
    const scans: number[] = [];
    const dog = new Watchdog({
      clock,
      scan: (now) => void scans.push(now),
      scanDebounceSeconds: 5,
      watchdogIntervalSeconds: null,
    });
    dog.maybeScan();
    clock.advance(4.9);
    dog.maybeScan();
    clock.advance(0.1);
    dog.maybeScan();
    expect(scans).toEqual([1000, 1005]);
  });

  it('scans on every call with a debounce of 0', () => {
    const clock = new ManualClock(0);
    let scans = 0;
    const dog = new Watchdog({
      clock,
      scan: () => void scans++,
      scanDebounceSeconds: 0,
      watchdogIntervalSeconds: null,
    });
    for (let i = 0; i < 3; i++) dog.maybeScan();
    expect(scans).toBe(3);
  });

  it('runs one asynchronous scan for concurrent callers, and all of them wait for it', async () => {
    const clock = new ManualClock(0);
    let scans = 0;
    let finish: () => void = () => {};
    const dog = new Watchdog({
      clock,
      scanDebounceSeconds: 0,
      watchdogIntervalSeconds: null,
      scan: () => {
        scans++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    });
    const done: number[] = [];
    const callers = [1, 2, 3].map((n) => dog.maybeScan()?.then(() => done.push(n)));
    expect(scans).toBe(1);
    expect(callers.every((caller) => caller instanceof Promise)).toBe(true);
    await Promise.resolve();
    expect(done).toEqual([]);
    finish();
    await Promise.all(callers);
    expect(done).toEqual([1, 2, 3]);
    const next = dog.maybeScan();
    expect(scans).toBe(2);
    finish();
    await next;
  });

  it('runs an unref-ed interval timer until stopped', () => {
    vi.useFakeTimers();
    const clock = new ManualClock(0);
    let scans = 0;
    const dog = new Watchdog({
      clock,
      scan: () => void scans++,
      scanDebounceSeconds: 10,
      watchdogIntervalSeconds: 5,
    });
    expect(dog.timerActive).toBe(true);
    vi.advanceTimersByTime(15_000);
    expect(scans).toBe(3);
    dog.stop();
    vi.advanceTimersByTime(15_000);
    expect(scans).toBe(3);
    expect(dog.timerActive).toBe(false);
  });

  it('has no timer with an interval of null or 0', () => {
    const scan = () => {};
    expect(new Watchdog({ scan, watchdogIntervalSeconds: null }).timerActive).toBe(false);
    expect(new Watchdog({ scan, watchdogIntervalSeconds: 0 }).timerActive).toBe(false);
  });

  it('reports timer scan errors instead of crashing', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const dog = new Watchdog({
      scan: () => {
        throw new Error('boom');
      },
      watchdogIntervalSeconds: 1,
      onTimerError: (error) => errors.push(error),
    });
    vi.advanceTimersByTime(2000);
    dog.stop();
    expect(errors).toHaveLength(2);
  });
});
