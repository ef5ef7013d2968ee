import * as v from 'valibot';
import {
  FilterLogicSchema,
  ROLLOUT_MODES,
  RolloutStatusSchema,
  SortOrderSchema,
  WorkerStatusSchema,
} from '../enums';
import { IntegerSchema } from '../json';

/** Page size; `-1` = unlimited. */
const limit = () => v.optional(IntegerSchema, -1);
/** Items to skip. */
const offset = () => v.optional(IntegerSchema, 0);
/** `asc` or `desc`. */
const sortOrder = () => v.optional(SortOrderSchema, 'asc');
/** Field to sort by; `null` = creation order. */
const sortBy = (fallback: string | null) => v.optional(v.nullable(v.string()), fallback);

/** The values of `mode_in`: a rollout mode, or `none` for rollouts without one. */
export const ROLLOUT_MODE_FILTERS = [...ROLLOUT_MODES, 'none'] as const;

/** One value of `mode_in`. */
export type RolloutModeFilter = (typeof ROLLOUT_MODE_FILTERS)[number];

/** Schema of the query of rollouts (`GET /v1/agl/rollouts`, `POST /v1/agl/rollouts/search`). */
export const QueryRolloutsRequestSchema = v.object({
  /** Keep rollouts whose status is listed. */
  status_in: v.optional(v.nullable(v.array(RolloutStatusSchema)), null),
  /** Keep rollouts whose id is listed. */
  rollout_id_in: v.optional(v.nullable(v.array(v.string())), null),
  /** Keep rollouts whose id contains this substring. */
  rollout_id_contains: v.optional(v.nullable(v.string()), null),
  // The two filters below are ours only (`rollout_filters`); they have no default, so a
  // query in the reference's shape parses to that same shape, without extra keys.
  /** Keep rollouts whose mode is listed (`none` = no mode). */
  mode_in: v.optional(v.nullable(v.array(v.picklist(ROLLOUT_MODE_FILTERS)))),
  /** Keep rollouts whose resources id is listed. */
  resources_id_in: v.optional(v.nullable(v.array(v.string()))),
  limit: limit(),
  offset: offset(),
  sort_by: sortBy(null),
  sort_order: sortOrder(),
  /** How the conditions combine. */
  filter_logic: v.optional(FilterLogicSchema, 'and'),
});

/** The query of rollouts. */
export type QueryRolloutsRequest = v.InferOutput<typeof QueryRolloutsRequestSchema>;

/** Schema of the query of a rollout's attempts. */
export const QueryAttemptsRequestSchema = v.object({
  limit: limit(),
  offset: offset(),
  /** Field to sort by; `sequence_id` by default, `null` = creation order. */
  sort_by: sortBy('sequence_id'),
  sort_order: sortOrder(),
});

/** The query of a rollout's attempts. */
export type QueryAttemptsRequest = v.InferOutput<typeof QueryAttemptsRequestSchema>;

/** Schema of the query of workers. */
export const QueryWorkersRequestSchema = v.object({
  /** Keep workers whose status is listed. */
  status_in: v.optional(v.nullable(v.array(WorkerStatusSchema)), null),
  /** Keep workers whose id contains this substring. */
  worker_id_contains: v.optional(v.nullable(v.string()), null),
  limit: limit(),
  offset: offset(),
  sort_by: sortBy(null),
  sort_order: sortOrder(),
  /** How the conditions combine. */
  filter_logic: v.optional(FilterLogicSchema, 'and'),
});

/** The query of workers. */
export type QueryWorkersRequest = v.InferOutput<typeof QueryWorkersRequestSchema>;

/** Schema of the query of resources snapshots (`GET /v1/agl/resources`; conditions always AND-ed). */
export const QueryResourcesRequestSchema = v.object({
  /** Keep the snapshot with exactly this id. */
  resources_id: v.optional(v.nullable(v.string()), null),
  /** Keep snapshots whose id contains this substring. */
  resources_id_contains: v.optional(v.nullable(v.string()), null),
  limit: limit(),
  offset: offset(),
  sort_by: sortBy(null),
  sort_order: sortOrder(),
});

/** The query of resources snapshots. */
export type QueryResourcesRequest = v.InferOutput<typeof QueryResourcesRequestSchema>;

const nullableString = () => v.optional(v.nullable(v.string()), null);

/** Schema of the query of a rollout's spans. */
export const QuerySpansRequestSchema = v.object({
  /** The rollout whose spans are read (required). */
  rollout_id: v.string(),
  /** One attempt, `latest`, or `null` for all attempts. */
  attempt_id: nullableString(),
  /** Exact trace id. */
  trace_id: nullableString(),
  /** Trace id substring. */
  trace_id_contains: nullableString(),
  /** Exact span id. */
  span_id: nullableString(),
  /** Span id substring. */
  span_id_contains: nullableString(),
  /** Exact parent span id. */
  parent_id: nullableString(),
  /** Parent span id substring (never matches root spans). */
  parent_id_contains: nullableString(),
  /** Exact span name. */
  name: nullableString(),
  /** Span name substring. */
  name_contains: nullableString(),
  /** How the optional conditions combine. */
  filter_logic: v.optional(FilterLogicSchema, 'and'),
  limit: limit(),
  offset: offset(),
  /** Field to sort by; `sequence_id` by default. */
  sort_by: sortBy('sequence_id'),
  sort_order: sortOrder(),
});

/** The query of a rollout's spans. */
export type QuerySpansRequest = v.InferOutput<typeof QuerySpansRequestSchema>;
