import {
  type Attempt,
  type AttemptStatus,
  isQueuingStatus,
  isTerminalStatus,
  type RolloutConfig,
  type RolloutStatus,
} from '@agl/types';

/**
 * The rollout status implied by its latest attempt: a failed,
 * timed-out or unresponsive attempt re-queues the rollout only when its status
 * is listed in `retry_condition` and `sequence_id < max_attempts`.
 *
 * @param attempt - the rollout's latest attempt (its status and sequence id)
 * @param config - the rollout's config
 */
export function impliedRolloutStatus(
  attempt: Pick<Attempt, 'status' | 'sequence_id'>,
  config: Pick<RolloutConfig, 'retry_condition' | 'max_attempts'>,
): RolloutStatus {
  const status: AttemptStatus = attempt.status;
  switch (status) {
    case 'preparing':
    case 'running':
    case 'succeeded':
      return status;
    default:
      return config.retry_condition.includes(status) && attempt.sequence_id < config.max_attempts
        ? 'requeuing'
        : 'failed';
  }
}

/**
 * Whether a rollout status is sticky against propagation from attempts and
 * spans (DECISIONS.md item 3): a `cancelled` rollout only leaves that status
 * through an explicit `updateRollout(status)` or `startAttempt`.
 *
 * @param status - the rollout's current status
 */
export function isStickyStatus(status: RolloutStatus): boolean {
  return status === 'cancelled';
}

/**
 * The status a rollout moves to after its latest attempt changed, or `null`
 * when it stays as it is (implied status unchanged, or sticky `cancelled`).
 *
 * @param current - the rollout's current status
 * @param latest - its latest attempt after the change
 * @param config - the rollout's config
 */
export function propagatedRolloutStatus(
  current: RolloutStatus,
  latest: Pick<Attempt, 'status' | 'sequence_id'>,
  config: Pick<RolloutConfig, 'retry_condition' | 'max_attempts'>,
): RolloutStatus | null {
  if (isStickyStatus(current)) return null;
  const implied = impliedRolloutStatus(latest, config);
  return implied === current ? null : implied;
}

/**
 * Whether a span for the rollout's latest attempt moves the rollout to
 * `running`: from `preparing`, `requeuing` and (DECISIONS.md item 4) `queuing`.
 *
 * @param status - the rollout's current status
 */
export function spanPromotesRollout(status: RolloutStatus): boolean {
  return status === 'preparing' || status === 'requeuing' || status === 'queuing';
}

/** What a backend must do when it sets a rollout's status. */
export interface RolloutStatusEffects {
  /** The new `end_time` to stamp, or `null` to leave `end_time` as it is (never cleared). */
  readonly endTime: number | null;
  /** Append the rollout to the queue (queuing class and not already queued). */
  readonly enqueue: boolean;
  /** Wake the `waitForRollouts` waiters of this rollout (terminal status). */
  readonly releaseWaiters: boolean;
}

/**
 * The side effects of setting a rollout's status to `next` (from any trigger;
 * applied on every set, even when the status does not change).
 *
 * @param next - the status being set
 * @param context - whether the rollout already has a queue entry, and the time now
 */
export function rolloutStatusEffects(
  next: RolloutStatus,
  context: { readonly alreadyQueued: boolean; readonly now: number },
): RolloutStatusEffects {
  const terminal = isTerminalStatus(next);
  return {
    endTime: terminal ? context.now : null,
    enqueue: isQueuingStatus(next) && !context.alreadyQueued,
    releaseWaiters: terminal,
  };
}
