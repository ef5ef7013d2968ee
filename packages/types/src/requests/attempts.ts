import * as v from 'valibot';
import { AttemptStatusSchema } from '../enums';
import { MetadataSchema } from '../json';

/**
 * Schema of the body of `POST /v1/agl/rollouts/{rollout_id}/attempts/{attempt_id}`.
 * An absent key leaves the field unchanged; over HTTP none of the four may be `null` (400).
 */
export const UpdateAttemptRequestSchema = v.object({
  /** New status (any transition is allowed). */
  status: v.exactOptional(v.nullable(AttemptStatusSchema)),
  /** New worker id (`""` allowed). */
  worker_id: v.exactOptional(v.nullable(v.string())),
  /** New heartbeat time (epoch seconds). */
  last_heartbeat_time: v.exactOptional(v.nullable(v.number())),
  /** New metadata, replacing the old one. */
  metadata: v.exactOptional(MetadataSchema),
});

/** The body of `POST /v1/agl/rollouts/{rollout_id}/attempts/{attempt_id}`. */
export type UpdateAttemptRequest = v.InferOutput<typeof UpdateAttemptRequestSchema>;
