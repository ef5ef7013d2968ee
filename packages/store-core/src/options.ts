import type { Clock } from './clock';
import { InvalidArgumentError } from './errors';

/** Construction options every store backend accepts. */
export interface StoreOptions {
  /** Time source for every timestamp and watchdog comparison (default: the system clock). */
  clock?: Clock;
  /**
   * Minimum seconds between two lazy watchdog scans (default 10; `0` or
   * negative = scan before every operation that triggers one).
   */
  scanDebounceSeconds?: number;
  /**
   * Seconds between watchdog scans run by a timer even when no one calls the
   * store (default 5; `null` or `0` disables the timer).
   */
  watchdogIntervalSeconds?: number | null;
  /**
   * Seconds a claimed rollout may stay `preparing` with no heartbeat at all
   * (no span, no attempt update) before the watchdog puts it back in the
   * queue, whatever its config says (default 600; `null` disables). It
   * recovers a claim whose answer never reached a worker. The stranded
   * attempt becomes `unresponsive` and the rollout `requeuing` (statuses
   * every client already knows); a retry does not count against
   * `max_attempts` in the sense that a later failure is judged on the new
   * attempt as usual.
   */
  claimTimeoutSeconds?: number | null;
}

/** Default of `StoreOptions.claimTimeoutSeconds`: 10 minutes. */
export const DEFAULT_CLAIM_TIMEOUT_SECONDS = 600;

/**
 * The claim timeout an options object asks for: the default when absent,
 * `null` when disabled.
 *
 * @param options - the store options
 * @throws InvalidArgumentError for a value that is not a positive number or null
 */
export function resolveClaimTimeout(options: StoreOptions): number | null {
  const value = options.claimTimeoutSeconds;
  if (value === undefined) return DEFAULT_CLAIM_TIMEOUT_SECONDS;
  if (value === null) return null;
  if (typeof value !== 'number' || !(value > 0))
    throw new InvalidArgumentError(
      `claimTimeoutSeconds must be a positive number of seconds or null, got ${String(value)}`,
    );
  return value;
}
