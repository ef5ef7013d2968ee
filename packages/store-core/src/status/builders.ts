import type {
  Attempt,
  JsonObject,
  Rollout,
  RolloutConfig,
  RolloutMode,
  RolloutStatus,
} from '@agl/types';

/** What a new rollout is built from. */
export interface NewRolloutFields {
  /** The rollout id. */
  readonly rolloutId: string;
  /** The task payload (already copied by the caller if needed). */
  readonly input: unknown;
  /** Creation time. */
  readonly now: number;
  /** `queuing` (enqueue) or `preparing` (start). */
  readonly status: RolloutStatus;
  /** Mode or `null`. */
  readonly mode?: RolloutMode | null | undefined;
  /** The resolved resources id (the latest snapshot's when the caller gave none). */
  readonly resourcesId?: string | null | undefined;
  /** The resolved config (see `resolveRolloutConfig`). */
  readonly config: RolloutConfig;
  /** Metadata; `null`/absent becomes `{}`. */
  readonly metadata?: JsonObject | null | undefined;
}

/**
 * Builds a new rollout with every wire key, in the reference's key order.
 *
 * @param fields - the values to build from
 */
export function buildRollout(fields: NewRolloutFields): Rollout {
  return {
    rollout_id: fields.rolloutId,
    input: fields.input,
    start_time: fields.now,
    end_time: null,
    mode: fields.mode ?? null,
    resources_id: fields.resourcesId ?? null,
    status: fields.status,
    config: fields.config,
    metadata: fields.metadata ?? {},
  };
}

/** What a new attempt is built from. */
export interface NewAttemptFields {
  /** The owning rollout. */
  readonly rolloutId: string;
  /** The attempt id. */
  readonly attemptId: string;
  /** 1-based ordinal: the number of existing attempts + 1. */
  readonly sequenceId: number;
  /** Creation time. */
  readonly now: number;
  /** The worker running it, or `null`. */
  readonly workerId?: string | null | undefined;
}

/**
 * Builds a new attempt: `preparing`, no end time, no heartbeat, `null` metadata.
 *
 * @param fields - the values to build from
 */
export function buildAttempt(fields: NewAttemptFields): Attempt {
  return {
    rollout_id: fields.rolloutId,
    attempt_id: fields.attemptId,
    sequence_id: fields.sequenceId,
    start_time: fields.now,
    end_time: null,
    status: 'preparing',
    worker_id: fields.workerId ?? null,
    last_heartbeat_time: null,
    metadata: null,
  };
}
