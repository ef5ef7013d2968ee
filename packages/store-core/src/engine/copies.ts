import type { Attempt, AttemptedRollout, ResourcesUpdate, Rollout, Worker } from '@agl/types';
import { cloneJson } from '../clone';
import { copyRolloutConfig } from '../status/config';

/**
 * Copies a stored rollout for a caller: every wire key, no `attempt`.
 *
 * @param rollout - the stored rollout
 */
export function copyRollout(rollout: Rollout): Rollout {
  return {
    rollout_id: rollout.rollout_id,
    input: cloneJson(rollout.input),
    start_time: rollout.start_time,
    end_time: rollout.end_time,
    mode: rollout.mode,
    resources_id: rollout.resources_id,
    status: rollout.status,
    config: copyRolloutConfig(rollout.config),
    metadata: cloneJson(rollout.metadata),
  };
}

/**
 * Copies a stored attempt for a caller.
 *
 * @param attempt - the stored attempt
 */
export function copyAttempt(attempt: Attempt): Attempt {
  return {
    rollout_id: attempt.rollout_id,
    attempt_id: attempt.attempt_id,
    sequence_id: attempt.sequence_id,
    start_time: attempt.start_time,
    end_time: attempt.end_time,
    status: attempt.status,
    worker_id: attempt.worker_id,
    last_heartbeat_time: attempt.last_heartbeat_time,
    metadata: cloneJson(attempt.metadata),
  };
}

/**
 * Copies a rollout with an attempt attached under `attempt`.
 *
 * @param rollout - the stored rollout
 * @param attempt - the attempt to attach (normally its latest)
 */
export function copyWithAttempt(rollout: Rollout, attempt: Attempt): AttemptedRollout {
  return { ...copyRollout(rollout), attempt: copyAttempt(attempt) };
}

/**
 * Copies a rollout with its latest attempt attached, or without the
 * `attempt` key at all when it has none (the wire carries `attempt` only on attempted rollouts).
 *
 * @param rollout - the stored rollout
 * @param attempts - its attempts in creation order
 */
export function copyWithLatest(
  rollout: Rollout,
  attempts: readonly Attempt[],
): Rollout | AttemptedRollout {
  const latest = attempts[attempts.length - 1];
  return latest ? copyWithAttempt(rollout, latest) : copyRollout(rollout);
}

/**
 * Copies a stored worker.
 *
 * @param worker - the stored worker
 */
export function copyWorker(worker: Worker): Worker {
  return { ...worker, heartbeat_stats: cloneJson(worker.heartbeat_stats) };
}

/**
 * Copies a stored resources snapshot.
 *
 * @param snapshot - the stored snapshot
 */
export function copyResources(snapshot: ResourcesUpdate): ResourcesUpdate {
  return { ...snapshot, resources: cloneJson(snapshot.resources) };
}
