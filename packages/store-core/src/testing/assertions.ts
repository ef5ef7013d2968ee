import type { Attempt, AttemptedRollout, Rollout } from '@agl/types';
import { expect } from 'vitest';

/** Every key of a serialised rollout (an attempted rollout adds `attempt`). */
export const ROLLOUT_KEYS: readonly string[] = [
  'rollout_id',
  'input',
  'start_time',
  'end_time',
  'mode',
  'resources_id',
  'status',
  'config',
  'metadata',
];

/** Every key of a serialised attempt. */
export const ATTEMPT_KEYS: readonly string[] = [
  'rollout_id',
  'attempt_id',
  'sequence_id',
  'start_time',
  'end_time',
  'status',
  'worker_id',
  'last_heartbeat_time',
  'metadata',
];

/** Every key of a serialised worker. */
export const WORKER_KEYS: readonly string[] = [
  'worker_id',
  'status',
  'heartbeat_stats',
  'last_heartbeat_time',
  'last_dequeue_time',
  'last_busy_time',
  'last_idle_time',
  'current_rollout_id',
  'current_attempt_id',
];

/** Every key of a serialised resources snapshot. */
export const RESOURCES_UPDATE_KEYS: readonly string[] = [
  'resources_id',
  'create_time',
  'update_time',
  'version',
  'resources',
];

/** The default rollout config. */
export const DEFAULT_CONFIG = {
  timeout_seconds: null,
  unresponsive_seconds: null,
  max_attempts: 1,
  retry_condition: [],
} as const;

/**
 * Asserts that an object has exactly the given keys (no key missing, none extra;
 * `null` values count as present).
 *
 * @param value - the object
 * @param keys - the expected keys
 */
export function expectExactKeys(value: object, keys: readonly string[]): void {
  expect(Object.keys(value).sort()).toEqual([...keys].sort());
}

/**
 * Asserts that a value is a timestamp in float epoch seconds equal to `expected`
 * (within 5 ms, so backends may round to microseconds).
 *
 * @param value - the timestamp
 * @param expected - the expected time, usually `clock.now()` at the call
 */
export function expectTime(value: unknown, expected: number): void {
  expect(typeof value).toBe('number');
  expect(Math.abs((value as number) - expected)).toBeLessThan(0.005);
}

/**
 * Returns a value after asserting it is neither `null` nor `undefined`.
 *
 * @param value - the value
 * @param what - what it is, for the error message
 * @returns the value, narrowed
 */
export function present<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what} to be present`);
  return value;
}

/**
 * Returns the attempt of a rollout after asserting the rollout carries one.
 *
 * @param rollout - a rollout as returned by a getter or query
 * @returns its `attempt`
 */
export function attemptOf(rollout: Rollout | AttemptedRollout | null | undefined): Attempt {
  const value = present(rollout, 'rollout');
  expect(value).toHaveProperty('attempt');
  return (value as AttemptedRollout).attempt;
}
