import type { Attempt, RolloutConfig, RolloutStatus } from '@agl/types';

/** What the watchdog decides for one rollout: the attempt status to set, or `null`. */
export type WatchdogVerdict = 'timeout' | 'unresponsive' | null;

/**
 * Whether the watchdog looks at a rollout at all: only `preparing` and
 * `running` rollouts with a latest attempt and at least one limit configured.
 *
 * @param status - the rollout's status
 * @param config - the rollout's config
 */
export function watchdogWatches(
  status: RolloutStatus,
  config: Pick<RolloutConfig, 'timeout_seconds' | 'unresponsive_seconds'>,
): boolean {
  return (
    (status === 'preparing' || status === 'running') &&
    (config.timeout_seconds !== null || config.unresponsive_seconds !== null)
  );
}

/**
 * The watchdog rule for the latest attempt of a `preparing`
 * or `running` rollout. First matching rule wins; comparisons are strict:
 *
 * 1. `now - start_time > timeout_seconds` → `timeout`;
 * 2. a non-zero heartbeat and `now - last_heartbeat_time > unresponsive_seconds` → `unresponsive`;
 * 3. no heartbeat (`null`) and `now - start_time > unresponsive_seconds` → `unresponsive`.
 *
 * A heartbeat of exactly `0` satisfies neither rule 2 nor 3 (a reference quirk).
 * The attempt's own status is not consulted.
 *
 * @param attempt - the latest attempt
 * @param config - the rollout's config
 * @param now - the current time
 */
export function watchdogVerdict(
  attempt: Pick<Attempt, 'start_time' | 'last_heartbeat_time'>,
  config: Pick<RolloutConfig, 'timeout_seconds' | 'unresponsive_seconds'>,
  now: number,
): WatchdogVerdict {
  const { timeout_seconds: timeout, unresponsive_seconds: unresponsive } = config;
  if (timeout !== null && now - attempt.start_time > timeout) return 'timeout';
  if (unresponsive === null) return null;
  const heartbeat = attempt.last_heartbeat_time;
  if (heartbeat === null) return now - attempt.start_time > unresponsive ? 'unresponsive' : null;
  if (heartbeat !== 0 && now - heartbeat > unresponsive) return 'unresponsive';
  return null;
}

/**
 * Whether a claim is stranded: the rollout and its latest attempt are still
 * `preparing`, the attempt never had a heartbeat, and it was started more
 * than `claimTimeoutSeconds` ago (strictly). Such a claim most likely lost
 * its answer on the way to the worker, so the watchdog puts the rollout back
 * in the queue even when its config sets no limit.
 *
 * @param status - the rollout's status
 * @param attempt - its latest attempt
 * @param claimTimeoutSeconds - the store's claim timeout, or `null` (never)
 * @param now - the current time
 */
export function isStrandedClaim(
  status: RolloutStatus,
  attempt: Pick<Attempt, 'status' | 'start_time' | 'last_heartbeat_time'>,
  claimTimeoutSeconds: number | null,
  now: number,
): boolean {
  return (
    claimTimeoutSeconds !== null &&
    status === 'preparing' &&
    attempt.status === 'preparing' &&
    attempt.last_heartbeat_time === null &&
    now - attempt.start_time > claimTimeoutSeconds
  );
}
