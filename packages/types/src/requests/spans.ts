import * as v from 'valibot';
import { IntegerSchema } from '../json';

/** Schema of the body of `POST /v1/agl/spans/next`. */
export const NextSequenceIdRequestSchema = v.object({
  /** The rollout whose counter advances. */
  rollout_id: v.string(),
  /** The attempt (accepted, not used: the counter is per rollout). */
  attempt_id: v.string(),
});

/** The body of `POST /v1/agl/spans/next`. */
export type NextSequenceIdRequest = v.InferOutput<typeof NextSequenceIdRequestSchema>;

/** Schema of the answer of `POST /v1/agl/spans/next`. */
export const NextSequenceIdResponseSchema = v.object({
  /** The newly issued sequence id. */
  sequence_id: IntegerSchema,
});

/** The answer of `POST /v1/agl/spans/next`. */
export type NextSequenceIdResponse = v.InferOutput<typeof NextSequenceIdResponseSchema>;
