import { InternalStoreError } from '@agl/store-core';
import {
  applySpanHeartbeat,
  rolloutStatusEffects,
  spanPromotesRollout,
} from '@agl/store-core/backend';
import { ATTEMPT_STATUSES, type Attempt, ROLLOUT_STATUSES, type RolloutStatus } from '@agl/types';

/** The status a span moves a promotable rollout to. */
export const PROMOTED_STATUS: RolloutStatus = 'running';

/**
 * store-core's span rules (`applySpanHeartbeat`, `spanPromotesRollout`,
 * `rolloutStatusEffects`) tabulated over the finite status sets, so that one
 * SQL statement can apply them to the rows as they are when it writes them
 * (see `addSpansSql`) while the rules themselves stay written once.
 */
export interface SpanRules {
  /** Attempt statuses, with `heartbeatStatus[i]`/`heartbeatTime[i]` what a span heartbeat makes of them. */
  readonly heartbeatFrom: readonly string[];
  /** The attempt status after a heartbeat, per entry of `heartbeatFrom`. */
  readonly heartbeatStatus: readonly string[];
  /** `last_heartbeat_time` after a heartbeat, per entry of `heartbeatFrom`. */
  readonly heartbeatTime: readonly (number | null)[];
  /** Rollout statuses a span on the latest attempt promotes. */
  readonly promotable: readonly string[];
  /** `end_time` the promotion stamps, or `null` to keep it. */
  readonly promotedEndTime: number | null;
}

/**
 * The span rules at time `now`.
 *
 * @param now - the operation's time
 * @throws InternalStoreError if promotion gained a queue or waiter effect, which the statement cannot apply
 */
export function spanRules(now: number): SpanRules {
  const heartbeatStatus: string[] = [];
  const heartbeatTime: (number | null)[] = [];
  for (const status of ATTEMPT_STATUSES) {
    const probe: Attempt = {
      rollout_id: '',
      attempt_id: '',
      sequence_id: 1,
      start_time: now,
      end_time: null,
      status,
      worker_id: null,
      last_heartbeat_time: null,
      metadata: null,
    };
    applySpanHeartbeat(probe, now);
    heartbeatStatus.push(probe.status);
    heartbeatTime.push(probe.last_heartbeat_time);
  }
  const effects = [true, false].map((alreadyQueued) =>
    rolloutStatusEffects(PROMOTED_STATUS, { alreadyQueued, now }),
  );
  if (effects.some((effect) => effect.enqueue || effect.releaseWaiters)) {
    throw new InternalStoreError(`A span promotion to ${PROMOTED_STATUS} now has queue effects`);
  }
  return {
    heartbeatFrom: ATTEMPT_STATUSES,
    heartbeatStatus,
    heartbeatTime,
    promotable: ROLLOUT_STATUSES.filter(spanPromotesRollout),
    promotedEndTime: effects[0]?.endTime ?? null,
  };
}
