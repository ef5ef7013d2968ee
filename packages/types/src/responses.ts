import * as v from 'valibot';

/** Schema of `GET /v1/agl/health`. */
export const HealthResponseSchema = v.object({
  /** Always `ok`. */
  status: v.literal('ok'),
});

/** The answer of `GET /v1/agl/health`. */
export type HealthResponse = v.InferOutput<typeof HealthResponseSchema>;

/** Schema of one entry of a FastAPI-style validation error; extra keys such as `input` and `ctx` are kept. */
export const ValidationErrorItemSchema = v.looseObject({
  /** Machine-readable error type, e.g. `missing`. */
  type: v.string(),
  /** Where the error is: `["body", "rollouts", 0, "input"]`. */
  loc: v.array(v.union([v.string(), v.number()])),
  /** Human-readable message. */
  msg: v.string(),
});

/** One entry of a validation error. */
export type ValidationErrorItem = v.InferOutput<typeof ValidationErrorItemSchema>;

/** Schema of a 422 body: `{"detail": [...]}`. */
export const HttpValidationErrorSchema = v.object({
  /** The validation errors (always sent by our server). */
  detail: v.optional(v.array(ValidationErrorItemSchema)),
});

/** A 422 body. */
export type HttpValidationError = v.InferOutput<typeof HttpValidationErrorSchema>;

/**
 * Schema of a store error body: `{"detail": "...", "error_type": "..."}`, plus
 * a `traceback` from the Python server or from ours in debug mode.
 */
export const StoreErrorBodySchema = v.looseObject({
  /** Error message (the Python server says `Internal server error`). */
  detail: v.string(),
  /** Error class name, e.g. `ValueError`. */
  error_type: v.optional(v.string()),
  /** Stack trace text, when sent. */
  traceback: v.optional(v.string()),
});

/** A store error body. */
export type StoreErrorBody = v.InferOutput<typeof StoreErrorBodySchema>;
