/**
 * Wire types of what this project's store server offers beyond the Python
 * reference: batch span routes and a health answer listing capabilities.
 *
 * @module
 */
import * as v from 'valibot';
import { IntegerSchema } from './json';
import { NextSequenceIdRequestSchema } from './requests/spans';
import type { StoreRoute } from './routes';
import { SpanSchema } from './span';

/** Schema of the body of `POST /v1/agl/spans/batch` (ours; not in the reference). */
export const AddSpansBatchRequestSchema = v.object({
  /** The spans to store, grouped by (rollout, attempt) in order of first appearance. */
  spans: v.array(SpanSchema),
});

/** The body of `POST /v1/agl/spans/batch`. */
export type AddSpansBatchRequest = v.InferOutput<typeof AddSpansBatchRequestSchema>;

/**
 * Schema of the answer of `POST /v1/agl/spans/batch`: which of the request's
 * spans were newly stored (duplicates are left out), as indices into the
 * request's `spans`, in the order the store stored them (group by group).
 * The stored spans are exactly the ones sent, so echoing them back would only
 * double the traffic.
 */
export const AddSpansBatchResponseSchema = v.object({
  /** Indices into the request's `spans` of the spans newly stored, in storage order. */
  stored: v.array(IntegerSchema),
});

/** The answer of `POST /v1/agl/spans/batch`. */
export type AddSpansBatchResponse = v.InferOutput<typeof AddSpansBatchResponseSchema>;

/** Schema of the body of `POST /v1/agl/spans/next/batch` (ours; not in the reference). */
export const NextSequenceIdsBatchRequestSchema = v.object({
  /** One `{rollout_id, attempt_id}` pair per sequence id wanted. */
  pairs: v.array(NextSequenceIdRequestSchema),
});

/** The body of `POST /v1/agl/spans/next/batch`. */
export type NextSequenceIdsBatchRequest = v.InferOutput<typeof NextSequenceIdsBatchRequestSchema>;

/** Schema of the answer of `POST /v1/agl/spans/next/batch`. */
export const NextSequenceIdsBatchResponseSchema = v.object({
  /** The issued sequence ids, in pair order. */
  sequence_ids: v.array(IntegerSchema),
});

/** The answer of `POST /v1/agl/spans/next/batch`. */
export type NextSequenceIdsBatchResponse = v.InferOutput<typeof NextSequenceIdsBatchResponseSchema>;

/** Schema of the features our server adds to the reference, as the health answer lists them. */
export const ServerCapabilitiesSchema = v.object({
  /** `POST /v1/agl/spans/batch` exists. */
  span_batch: v.boolean(),
  /** `POST /v1/agl/spans/next/batch` exists. */
  sequence_id_batch: v.boolean(),
  /** `POST /v1/agl/waits/rollouts` may be held open for long timeouts. */
  long_wait: v.boolean(),
  /** `Idempotency-Key` headers are honoured. */
  idempotency: v.boolean(),
  /** `GET /v1/agl/events` streams live change hints (server-sent events). */
  events: v.optional(v.boolean()),
  /** `GET /v1/agl/rewards` gives rollouts' final rewards (with the dashboard mounted). */
  rewards: v.optional(v.boolean()),
  /** `GET /v1/agl/timeseries` gives rollouts and rewards per time bucket (with the dashboard mounted). */
  timeseries: v.optional(v.boolean()),
  /** The rollout queries accept `mode_in` and `resources_id_in`. */
  rollout_filters: v.optional(v.boolean()),
});

/** The features our server adds to the reference. */
export type ServerCapabilities = v.InferOutput<typeof ServerCapabilitiesSchema>;

/** Schema of our `GET /v1/agl/health` answer (the reference sends only `status`). */
export const HealthWithCapabilitiesSchema = v.object({
  /** Always `ok`. */
  status: v.literal('ok'),
  /** What this server offers beyond the reference. */
  capabilities: ServerCapabilitiesSchema,
});

/** Our `GET /v1/agl/health` answer. */
export type HealthWithCapabilities = v.InferOutput<typeof HealthWithCapabilitiesSchema>;

/**
 * The routes our server adds to the reference's `STORE_ROUTES` (DECISIONS.md,
 * "Batched writes"). Clients use them only when `GET /v1/agl/health`
 * advertises them in `capabilities`; the Python server has none of them.
 */
export const EXTENSION_ROUTES = {
  addSpansBatch: {
    method: 'POST',
    path: '/v1/agl/spans/batch',
    operationId: 'add_spans_batch_v1_agl_spans_batch_post',
    status: 201,
    bodyMode: 'required',
    body: AddSpansBatchRequestSchema,
    response: AddSpansBatchResponseSchema,
  },
  nextSequenceIdsBatch: {
    method: 'POST',
    path: '/v1/agl/spans/next/batch',
    operationId: 'get_many_span_sequence_ids_v1_agl_spans_next_batch_post',
    status: 200,
    bodyMode: 'required',
    body: NextSequenceIdsBatchRequestSchema,
    response: NextSequenceIdsBatchResponseSchema,
  },
} as const satisfies Record<string, StoreRoute>;

/** The name of a route our server adds. */
export type ExtensionRouteName = keyof typeof EXTENSION_ROUTES;
