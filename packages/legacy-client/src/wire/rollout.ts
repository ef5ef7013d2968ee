import { JsonObjectSchema } from '@agl/types';
import * as v from 'valibot';
import { OptionalFloatSchema } from './float';
import { TaskSchema } from './task';

/** Schema of a `Triplet`: one prompt/response step with its reward. */
export const TripletSchema = v.object({
  /** The prompt (any JSON, e.g. `{"token_ids": [...]}`). */
  prompt: v.unknown(),
  /** The response (any JSON). */
  response: v.unknown(),
  /** The step's reward, or `null` (integers and booleans become numbers). */
  reward: OptionalFloatSchema,
  /** Free-form metadata (default `{}`). */
  metadata: v.optional(JsonObjectSchema, () => ({})),
});

/** A triplet with every key present. */
export type Triplet = v.InferOutput<typeof TripletSchema>;
/** What a caller may pass as a triplet: `prompt` and `response` are required. */
export type TripletInit = v.InferInput<typeof TripletSchema>;

/**
 * Schema of `RolloutLegacy`, the result a client posts to `POST /rollout`.
 * Only `rollout_id` is required; parsing fills the other six keys.
 */
export const RolloutLegacySchema = v.object({
  /** The id of the task this result is for. */
  rollout_id: v.string(),
  /** Optional echo of the task. */
  task: v.optional(v.nullable(TaskSchema), null),
  /** The primary scalar reward. */
  final_reward: OptionalFloatSchema,
  /** Per-step RL data. */
  triplets: v.optional(v.nullable(v.array(TripletSchema)), null),
  /** Span dumps as JSON objects. */
  trace: v.optional(v.nullable(v.array(JsonObjectSchema)), null),
  /** Free-text log lines. */
  logs: v.optional(v.nullable(v.array(v.string())), null),
  /** Free-form metadata (default `{}`). */
  metadata: v.optional(JsonObjectSchema, () => ({})),
});

/** A legacy rollout result with all seven keys present. */
export type RolloutLegacy = v.InferOutput<typeof RolloutLegacySchema>;
/** What a caller may pass as a result: only `rollout_id` is required. */
export type RolloutLegacyInit = v.InferInput<typeof RolloutLegacySchema>;
