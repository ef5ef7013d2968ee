import * as v from 'valibot';

/**
 * Schema of a `Triplet`: one LLM call as learning data — the prompt, the
 * response, the reward credited to it (`null` when none) and metadata.
 * It lives here rather than in `@agl/types` because only the trainer uses it.
 */
export const TripletSchema = v.object({
  /** The prompt; `TracerTraceToTriplet` gives `{token_ids, raw_content, image_urls}`. */
  prompt: v.unknown(),
  /** The response; `TracerTraceToTriplet` gives `{token_ids, raw_content}` (+ `logprobs`). */
  response: v.unknown(),
  /** The reward credited to this call, or `null`. */
  reward: v.optional(v.nullable(v.number()), null),
  /** Free-form metadata (`response_id`, `agent_name`, `request`, `response`, ...). */
  metadata: v.optional(v.record(v.string(), v.unknown()), {}),
});

/** One LLM call as learning data. */
export type Triplet = v.InferOutput<typeof TripletSchema>;

/** The prompt side of a triplet made by `TracerTraceToTriplet`. */
export interface TripletPrompt {
  /** Prompt token ids (`[]` when the server did not return them). */
  token_ids: number[];
  /** The prompt messages (unflattened `gen_ai.prompt`), or `null`. */
  raw_content: unknown;
  /** Image URLs found in the prompt messages, in message order. */
  image_urls: string[];
}

/** The response side of a triplet made by `TracerTraceToTriplet`. */
export interface TripletResponse {
  /** Response token ids (`[]` when the server did not return them). */
  token_ids: number[];
  /** The completion (unflattened `gen_ai.completion`), or `null`. */
  raw_content: unknown;
  /** Parsed `logprobs.content`, when the span has it. */
  logprobs?: unknown;
}
