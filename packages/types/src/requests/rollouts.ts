import * as v from 'valibot';
import { RolloutModeSchema, RolloutStatusSchema } from '../enums';
import { IntegerSchema, MetadataSchema } from '../json';
import { RolloutConfigSchema } from '../rollout-config';

const createEntries = {
  /** The task payload (required key; may be `null`). */
  input: v.unknown(),
  /** `train`, `val`, `test` or `null`. */
  mode: v.optional(v.nullable(RolloutModeSchema), null),
  /** The resources snapshot to run with; `null` = the latest at creation. */
  resources_id: v.optional(v.nullable(v.string()), null),
  /** Retry and watchdog policy; `null` = defaults. */
  config: v.optional(v.nullable(RolloutConfigSchema), null),
  /** Metadata; `null` = `{}`. */
  metadata: v.optional(MetadataSchema, null),
};

/** Schema of one rollout to enqueue. */
export const EnqueueRolloutRequestSchema = v.object(createEntries);

/** One rollout to enqueue. */
export type EnqueueRolloutRequest = v.InferOutput<typeof EnqueueRolloutRequestSchema>;

/** One rollout to enqueue, as a caller may write it (only `input` required). */
export type EnqueueRolloutInput = v.InferInput<typeof EnqueueRolloutRequestSchema>;

/** Schema of the body of `POST /v1/agl/queues/rollouts/enqueue`. */
export const EnqueueManyRolloutsRequestSchema = v.object({
  /** The rollouts to enqueue, in queue order. */
  rollouts: v.array(EnqueueRolloutRequestSchema),
});

/** The body of `POST /v1/agl/queues/rollouts/enqueue`. */
export type EnqueueManyRolloutsRequest = v.InferOutput<typeof EnqueueManyRolloutsRequestSchema>;

/** Schema of the body of `POST /v1/agl/queues/rollouts/dequeue`. */
export const DequeueManyRolloutsRequestSchema = v.object({
  /** How many rollouts to claim at most. */
  limit: v.optional(IntegerSchema, 1),
  /** The claiming worker, or `null`. */
  worker_id: v.optional(v.nullable(v.string()), null),
});

/** The body of `POST /v1/agl/queues/rollouts/dequeue`. */
export type DequeueManyRolloutsRequest = v.InferOutput<typeof DequeueManyRolloutsRequestSchema>;

/** Schema of the body of `POST /v1/agl/rollouts` (start a rollout with its first attempt). */
export const RolloutRequestSchema = v.object({
  ...createEntries,
  /** The worker that runs attempt #1, or `null`. */
  worker_id: v.optional(v.nullable(v.string()), null),
});

/** The body of `POST /v1/agl/rollouts`. */
export type RolloutRequest = v.InferOutput<typeof RolloutRequestSchema>;

/**
 * Schema of the body of `POST /v1/agl/rollouts/{rollout_id}`. An absent key
 * leaves the field unchanged; an explicit `null` clears it (`status` and
 * `config` must not be `null`, which the server answers with 400).
 */
export const UpdateRolloutRequestSchema = v.object({
  /** New task payload. */
  input: v.exactOptional(v.unknown()),
  /** New mode, or `null`. */
  mode: v.exactOptional(v.nullable(RolloutModeSchema)),
  /** New resources id, or `null`. */
  resources_id: v.exactOptional(v.nullable(v.string())),
  /** New status (any transition is allowed). */
  status: v.exactOptional(v.nullable(RolloutStatusSchema)),
  /** New config, replacing the old one wholesale. */
  config: v.exactOptional(v.nullable(RolloutConfigSchema)),
  /** New metadata, replacing the old one (no merge), or `null`. */
  metadata: v.exactOptional(MetadataSchema),
});

/** The body of `POST /v1/agl/rollouts/{rollout_id}`. */
export type UpdateRolloutRequest = v.InferOutput<typeof UpdateRolloutRequestSchema>;

/** Schema of the body of `POST /v1/agl/rollouts/{rollout_id}/attempts`. */
export const StartAttemptRequestSchema = v.object({
  /** The worker that runs the new attempt, or `null`. */
  worker_id: v.optional(v.nullable(v.string()), null),
});

/** The body of `POST /v1/agl/rollouts/{rollout_id}/attempts`. */
export type StartAttemptRequest = v.InferOutput<typeof StartAttemptRequestSchema>;

/** Schema of the body of `POST /v1/agl/waits/rollouts`. */
export const WaitForRolloutsRequestSchema = v.object({
  /** The rollouts to wait for. */
  rollout_ids: v.array(v.string()),
  /** Seconds to wait at most; `null` = no deadline. */
  timeout: v.optional(v.nullable(v.number()), null),
});

/** The body of `POST /v1/agl/waits/rollouts`. */
export type WaitForRolloutsRequest = v.InferOutput<typeof WaitForRolloutsRequestSchema>;
