import { JsonObjectSchema, ValidationErrorItemSchema } from '@agl/types';
import * as v from 'valibot';

/** Schema of the answer of `POST /rollout`. */
export const GenericResponseSchema = v.object({
  /** The reference server sends `ok` (the model's default is `success`). */
  status: v.optional(v.string(), 'success'),
  /** Human-readable text, e.g. `Rollout <id> received and stored.` */
  message: v.optional(v.nullable(v.string()), null),
  /** Extra data; `null` from the legacy server. */
  data: v.optional(v.nullable(JsonObjectSchema), null),
});

/** The answer of `POST /rollout`: `{"status": "ok", "message": "...", "data": null}`. */
export type GenericResponse = v.InferOutput<typeof GenericResponseSchema>;

/** Schema of an application error body: `{"detail": "<message>"}` (404, 405, 413, 503). */
export const LegacyErrorBodySchema = v.object({
  /** What went wrong. */
  detail: v.string(),
});

/** An application error body. */
export type LegacyErrorBody = v.InferOutput<typeof LegacyErrorBodySchema>;

/** Schema of a 422 body: `{"detail": [{type, loc, msg, input}, ...]}`. */
export const LegacyValidationErrorBodySchema = v.object({
  /** One item per problem, FastAPI style. */
  detail: v.array(ValidationErrorItemSchema),
});

/** A 422 body. */
export type LegacyValidationErrorBody = v.InferOutput<typeof LegacyValidationErrorBodySchema>;
