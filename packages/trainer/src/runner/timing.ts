/**
 * Jittered intervals and timeouts used by the runner loop.
 *
 * @module
 */
import { UnavailableError } from '@agl/store-core';

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

/**
 * Thrown by `withTimeout` when the deadline passes. Named apart from the
 * platform's `TimeoutError` (a `DOMException` of `AbortSignal.timeout`) so a
 * `catch` can tell the two apart; transient, like every `UnavailableError`.
 */
export class DeadlineExceededError extends UnavailableError {}

/**
 * Races a promise against a deadline.
 *
 * @param promise - the work
 * @param seconds - the deadline
 * @param what - a label for the error message
 * @throws DeadlineExceededError when the deadline passes first
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  seconds: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineExceededError(`${what} timed out after ${seconds}s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
