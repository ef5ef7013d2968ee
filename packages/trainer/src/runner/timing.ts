/**
 * Jittered intervals and timeouts used by the runner loop.
 *
 * @module
 */

/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * `base + uniform(-jitter, +jitter)`, floored at 0.01 s.
 *
 * @param base - the interval in seconds
 * @param jitter - the jitter amplitude in seconds
 * @param random - the random source
 */
export function jittered(base: number, jitter: number, random: RandomSource = Math.random): number {
  return Math.max(0.01, base + (random() * 2 - 1) * jitter);
}

/** Thrown by `withTimeout` when the deadline passes. */
export class TimeoutError extends Error {
  /** @param message - what timed out */
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/**
 * Races a promise against a deadline.
 *
 * @param promise - the work
 * @param seconds - the deadline
 * @param what - a label for the error message
 * @throws TimeoutError when the deadline passes first
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  seconds: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what} timed out after ${seconds}s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
