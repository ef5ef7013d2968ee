import { InvalidArgumentError } from './errors';
/** A source of wall-clock time in float epoch seconds, injectable for tests. */
export interface Clock {
  /** The current time in seconds since the Unix epoch (with a fractional part). */
  now(): number;
}

/** The last microsecond `systemClock` returned (shared by every store in the process). */
let lastMicros = 0;

/**
 * The real wall clock, with microsecond steps and strictly increasing: each
 * call returns `max(Date.now() / 1000, previous + 1e-6)`. `Date.now()` only
 * has millisecond steps, so calls within one millisecond would otherwise share
 * a timestamp and tie in time sorts (the reference's clock has microsecond
 * steps). When more than a thousand calls fall into one millisecond the clock
 * runs ahead of the wall clock by a few microseconds until the wall clock
 * catches up. It never goes backwards: if the system clock steps back, it
 * keeps counting in microseconds from its last value until the wall clock
 * passes it again.
 */
export const systemClock: Clock = {
  now: () => {
    const micros = Math.max(Date.now() * 1000, lastMicros + 1);
    lastMicros = micros;
    return micros / 1e6;
  },
};

/**
 * A clock that only moves when told to. Stores built with it stamp the times
 * it gives and their watchdogs compare against it, so tests can jump past a
 * timeout or a debounce window without sleeping.
 */
export class ManualClock implements Clock {
  #now: number;

  /** @param start - the initial time in epoch seconds (defaults to the real now) */
  constructor(start: number = Date.now() / 1000) {
    this.#now = start;
  }

  /** The clock's current time. */
  now(): number {
    return this.#now;
  }

  /**
   * Moves the clock forward.
   *
   * @param seconds - how far (must not be negative)
   */
  advance(seconds: number): void {
    if (!(seconds >= 0))
      throw new InvalidArgumentError(`Cannot advance a clock by ${seconds} seconds`);
    this.#now += seconds;
  }

  /**
   * Sets the clock to a given time.
   *
   * @param seconds - the new time in epoch seconds
   */
  set(seconds: number): void {
    this.#now = seconds;
  }
}
