import * as v from 'valibot';
import { AttemptSchema } from './attempt';
import { RolloutModeSchema, RolloutStatusSchema } from './enums';
import { MetadataSchema, NullableTimestampSchema, TimestampSchema } from './json';
import { RolloutConfigSchema } from './rollout-config';

/** The fields every rollout carries, shared by `Rollout` and `AttemptedRollout`. */
const rolloutEntries = {
  /** `ro-` plus 12 hex characters when generated. */
  rollout_id: v.string(),
  /** The task payload; any JSON value, `null` included (the key must be present). */
  input: v.unknown(),
  /** Creation time (epoch seconds). */
  start_time: TimestampSchema,
  /** Stamped when the status becomes terminal. */
  end_time: v.optional(NullableTimestampSchema, null),
  /** `train`, `val`, `test` or `null`. */
  mode: v.optional(v.nullable(RolloutModeSchema), null),
  /** The resources snapshot the rollout should run with (not validated). */
  resources_id: v.optional(v.nullable(v.string()), null),
  /** Current status; `queuing` by default. */
  status: v.optional(RolloutStatusSchema, 'queuing'),
  /** Retry and watchdog policy. */
  config: v.optional(RolloutConfigSchema, () => ({
    timeout_seconds: null,
    unresponsive_seconds: null,
    max_attempts: 1,
    retry_condition: [],
  })),
  /** Free-form metadata; the store writes `{}` when the caller gives none. */
  metadata: v.optional(MetadataSchema, null),
};

/** Schema of a rollout (a task), without its attempt. */
export const RolloutSchema = v.object(rolloutEntries);

/** A rollout (a task), without its attempt. */
export type Rollout = v.InferOutput<typeof RolloutSchema>;

/** Schema of a rollout together with its latest attempt. */
export const AttemptedRolloutSchema = v.pipe(
  v.object({
    ...rolloutEntries,
    /** The attempt with the highest `sequence_id`. */
    attempt: AttemptSchema,
  }),
  v.check(
    (value) => value.attempt.rollout_id === value.rollout_id,
    'The attempt must belong to the rollout (attempt.rollout_id must equal rollout_id).',
  ),
);

/** A rollout together with its latest attempt. */
export type AttemptedRollout = v.InferOutput<typeof AttemptedRolloutSchema>;

/**
 * Schema of a rollout as returned by getters and queries: an `AttemptedRollout`
 * when the object has an `attempt` key, otherwise a plain `Rollout`.
 */
export const RolloutOrAttemptedSchema = v.union([AttemptedRolloutSchema, RolloutSchema]);

/** A rollout with or without its latest attempt. */
export type RolloutOrAttempted = Rollout | AttemptedRollout;

/** Whether a rollout carries an attempt (the wire rule: the `attempt` key is present). */
export function isAttemptedRollout(
  rollout: Rollout | AttemptedRollout,
): rollout is AttemptedRollout {
  return 'attempt' in rollout && rollout.attempt !== undefined;
}
