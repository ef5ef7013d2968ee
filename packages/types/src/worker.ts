import * as v from 'valibot';
import { WorkerStatusSchema } from './enums';
import { MetadataSchema, NullableTimestampSchema } from './json';

/** Schema of a runner worker as the store tracks it. */
export const WorkerSchema = v.object({
  /** Caller-chosen id, e.g. `Worker-0`. */
  worker_id: v.string(),
  /** `idle`, `busy` or `unknown` (the default). */
  status: v.optional(WorkerStatusSchema, 'unknown'),
  /** The last statistics the worker reported with a heartbeat. */
  heartbeat_stats: v.optional(MetadataSchema, null),
  /** Time of the last explicit worker heartbeat. */
  last_heartbeat_time: v.optional(NullableTimestampSchema, null),
  /** Time of the last dequeue call by this worker. */
  last_dequeue_time: v.optional(NullableTimestampSchema, null),
  /** Time the worker last became busy. */
  last_busy_time: v.optional(NullableTimestampSchema, null),
  /** Time the worker last became idle (or unknown). */
  last_idle_time: v.optional(NullableTimestampSchema, null),
  /** The rollout the worker is running, if any. */
  current_rollout_id: v.optional(v.nullable(v.string()), null),
  /** The attempt the worker is running, if any. */
  current_attempt_id: v.optional(v.nullable(v.string()), null),
});

/** A runner worker as the store tracks it. */
export type Worker = v.InferOutput<typeof WorkerSchema>;
