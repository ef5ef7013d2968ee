import * as v from 'valibot';
import { AttemptStatusSchema } from './enums';
import { IntegerSchema, MetadataSchema, NullableTimestampSchema, TimestampSchema } from './json';

/** Schema of one execution of a rollout by a runner. */
export const AttemptSchema = v.object({
  /** The rollout this attempt belongs to. */
  rollout_id: v.string(),
  /** `at-` plus 8 hex characters; unique within its rollout. */
  attempt_id: v.string(),
  /** 1-based ordinal of the attempt within its rollout. */
  sequence_id: IntegerSchema,
  /** Creation time (epoch seconds). */
  start_time: TimestampSchema,
  /** Set when the attempt becomes `succeeded` or `failed`. */
  end_time: v.optional(NullableTimestampSchema, null),
  /** Current status; `preparing` at creation. */
  status: v.optional(AttemptStatusSchema, 'preparing'),
  /** The worker running the attempt; may be the empty string. */
  worker_id: v.optional(v.nullable(v.string()), null),
  /** Time of the last span or explicit heartbeat. */
  last_heartbeat_time: v.optional(NullableTimestampSchema, null),
  /** Free-form metadata; `null` at creation. */
  metadata: v.optional(MetadataSchema, null),
});

/** One execution of a rollout by a runner. */
export type Attempt = v.InferOutput<typeof AttemptSchema>;
