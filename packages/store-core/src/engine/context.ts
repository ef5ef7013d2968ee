import type { Attempt, Rollout } from '@agl/types';
import type { Clock } from '../clock';
import { InvalidArgumentError } from '../errors';
import type { RolloutWaiters } from '../waiters';
import type { StorageBackend } from './backend';

/** What every engine operation works with. */
export interface EngineContext {
  /** The storage primitives. */
  readonly backend: StorageBackend;
  /** Time source for every timestamp. */
  readonly clock: Clock;
  /** `waitForRollouts` waiters, woken on terminal transitions. */
  readonly waiters: RolloutWaiters<Rollout>;
  /** The source of id digits, when not the secure default (see `EngineStoreOptions.randomHex`). */
  readonly randomHex?: ((length: number) => string) | undefined;
}

/**
 * The latest attempt of a rollout (the last in creation order), or `undefined`.
 *
 * @param backend - the storage
 * @param rolloutId - the rollout
 */
export function latestAttemptOf(backend: StorageBackend, rolloutId: string): Attempt | undefined {
  const attempts = backend.attemptsOf(rolloutId);
  return attempts[attempts.length - 1];
}

/**
 * Finds an attempt of a rollout by id (newest first).
 *
 * @param backend - the storage
 * @param rolloutId - the rollout
 * @param attemptId - the attempt id
 */
export function findAttempt(
  backend: StorageBackend,
  rolloutId: string,
  attemptId: string,
): Attempt | undefined {
  const attempts = backend.attemptsOf(rolloutId);
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i] as Attempt;
    if (attempt.attempt_id === attemptId) return attempt;
  }
  return undefined;
}

/**
 * Reads the optional worker id of an operation.
 *
 * @param workerId - the caller's value
 * @throws InvalidArgumentError when it is neither a string nor `null`/absent
 */
export function workerIdOption(workerId: unknown): string | null {
  if (workerId === undefined || workerId === null) return null;
  if (typeof workerId !== 'string') {
    throw new InvalidArgumentError(`worker_id must be a string or null, got ${typeof workerId}`);
  }
  return workerId;
}
