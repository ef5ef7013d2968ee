import * as v from 'valibot';
import { AttemptSchema } from './attempt';
import {
  PaginatedAttemptsSchema,
  PaginatedResourcesSchema,
  PaginatedRolloutsSchema,
  PaginatedSpansSchema,
  PaginatedWorkersSchema,
} from './pages';
import { UpdateAttemptRequestSchema } from './requests/attempts';
import {
  QueryAttemptsRequestSchema,
  QueryResourcesRequestSchema,
  QueryRolloutsRequestSchema,
  QuerySpansRequestSchema,
  QueryWorkersRequestSchema,
} from './requests/queries';
import {
  DequeueManyRolloutsRequestSchema,
  EnqueueManyRolloutsRequestSchema,
  RolloutRequestSchema,
  StartAttemptRequestSchema,
  UpdateRolloutRequestSchema,
  WaitForRolloutsRequestSchema,
} from './requests/rollouts';
import { NextSequenceIdRequestSchema, NextSequenceIdResponseSchema } from './requests/spans';
import { UpdateWorkerRequestSchema } from './requests/workers';
import { NamedResourcesSchema, ResourcesUpdateSchema } from './resources';
import { HealthResponseSchema } from './responses';
import { AttemptedRolloutSchema, RolloutOrAttemptedSchema, RolloutSchema } from './rollout';
import { SpanSchema } from './span';
import { StoreStatisticsSchema } from './statistics';
import { WorkerSchema } from './worker';

/** Any valibot schema. */
type Schema = v.GenericSchema;

/** How a route takes its request body. */
export type BodyMode = 'required' | 'optional' | 'none';

/** One route of the store's HTTP API. */
export interface StoreRoute {
  /** HTTP method. */
  readonly method: 'GET' | 'POST';
  /** Path template with `{name}` parameters, as in the reference OpenAPI document. */
  readonly path: string;
  /** The reference's OpenAPI `operationId`. */
  readonly operationId: string;
  /** Status of a successful answer. */
  readonly status: 200 | 201;
  /** Whether a body is required, optional (absent or JSON `null` = `{}`) or not read. */
  readonly bodyMode: BodyMode;
  /** Schema of the JSON body, when the route reads one. */
  readonly body?: Schema;
  /** Schema of the query string, parsed into the same shape as the search body. */
  readonly query?: Schema;
  /** Query keys that repeat to form a list (`?status_in=a&status_in=b`). */
  readonly listParams?: readonly string[];
  /** Schema of a successful answer. */
  readonly response: Schema;
}

/**
 * Every JSON route of the store's HTTP API under `/v1/agl`, keyed by a stable
 * name. The server registers them, the OpenAPI document is generated from
 * them and the client builds its requests from the same paths. OTLP routes
 * (`/v1/traces` and the unsupported signals) are not JSON and live in the server.
 */
export const STORE_ROUTES = {
  health: {
    method: 'GET',
    path: '/v1/agl/health',
    operationId: 'health_v1_agl_health_get',
    status: 200,
    bodyMode: 'none',
    response: HealthResponseSchema,
  },
  enqueueRollouts: {
    method: 'POST',
    path: '/v1/agl/queues/rollouts/enqueue',
    operationId: 'enqueue_rollouts_v1_agl_queues_rollouts_enqueue_post',
    status: 201,
    bodyMode: 'required',
    body: EnqueueManyRolloutsRequestSchema,
    response: v.array(RolloutSchema),
  },
  dequeueRollouts: {
    method: 'POST',
    path: '/v1/agl/queues/rollouts/dequeue',
    operationId: 'dequeue_rollouts_v1_agl_queues_rollouts_dequeue_post',
    status: 200,
    bodyMode: 'optional',
    body: DequeueManyRolloutsRequestSchema,
    response: v.array(AttemptedRolloutSchema),
  },
  startRollout: {
    method: 'POST',
    path: '/v1/agl/rollouts',
    operationId: 'start_rollout_v1_agl_rollouts_post',
    status: 201,
    bodyMode: 'required',
    body: RolloutRequestSchema,
    response: AttemptedRolloutSchema,
  },
  queryRollouts: {
    method: 'GET',
    path: '/v1/agl/rollouts',
    operationId: 'query_rollouts_v1_agl_rollouts_get',
    status: 200,
    bodyMode: 'none',
    query: QueryRolloutsRequestSchema,
    listParams: ['status_in', 'rollout_id_in', 'mode_in', 'resources_id_in'],
    response: PaginatedRolloutsSchema,
  },
  searchRollouts: {
    method: 'POST',
    path: '/v1/agl/rollouts/search',
    operationId: 'search_rollouts_v1_agl_rollouts_search_post',
    status: 200,
    bodyMode: 'required',
    body: QueryRolloutsRequestSchema,
    response: PaginatedRolloutsSchema,
  },
  getRollout: {
    method: 'GET',
    path: '/v1/agl/rollouts/{rollout_id}',
    operationId: 'get_rollout_by_id_v1_agl_rollouts__rollout_id__get',
    status: 200,
    bodyMode: 'none',
    response: v.nullable(RolloutOrAttemptedSchema),
  },
  updateRollout: {
    method: 'POST',
    path: '/v1/agl/rollouts/{rollout_id}',
    operationId: 'update_rollout_v1_agl_rollouts__rollout_id__post',
    status: 200,
    bodyMode: 'required',
    body: UpdateRolloutRequestSchema,
    response: RolloutSchema,
  },
  startAttempt: {
    method: 'POST',
    path: '/v1/agl/rollouts/{rollout_id}/attempts',
    operationId: 'start_attempt_v1_agl_rollouts__rollout_id__attempts_post',
    status: 201,
    bodyMode: 'optional',
    body: StartAttemptRequestSchema,
    response: AttemptedRolloutSchema,
  },
  queryAttempts: {
    method: 'GET',
    path: '/v1/agl/rollouts/{rollout_id}/attempts',
    operationId: 'query_attempts_v1_agl_rollouts__rollout_id__attempts_get',
    status: 200,
    bodyMode: 'none',
    query: QueryAttemptsRequestSchema,
    response: PaginatedAttemptsSchema,
  },
  searchAttempts: {
    method: 'POST',
    path: '/v1/agl/rollouts/{rollout_id}/attempts/search',
    operationId: 'search_attempts_v1_agl_rollouts__rollout_id__attempts_search_post',
    status: 200,
    bodyMode: 'required',
    body: QueryAttemptsRequestSchema,
    response: PaginatedAttemptsSchema,
  },
  getLatestAttempt: {
    method: 'GET',
    path: '/v1/agl/rollouts/{rollout_id}/attempts/latest',
    operationId: 'get_latest_attempt_v1_agl_rollouts__rollout_id__attempts_latest_get',
    status: 200,
    bodyMode: 'none',
    response: v.nullable(AttemptSchema),
  },
  updateAttempt: {
    method: 'POST',
    path: '/v1/agl/rollouts/{rollout_id}/attempts/{attempt_id}',
    operationId: 'update_attempt_v1_agl_rollouts__rollout_id__attempts__attempt_id__post',
    status: 200,
    bodyMode: 'required',
    body: UpdateAttemptRequestSchema,
    response: AttemptSchema,
  },
  queryWorkers: {
    method: 'GET',
    path: '/v1/agl/workers',
    operationId: 'query_workers_v1_agl_workers_get',
    status: 200,
    bodyMode: 'none',
    query: QueryWorkersRequestSchema,
    listParams: ['status_in'],
    response: PaginatedWorkersSchema,
  },
  searchWorkers: {
    method: 'POST',
    path: '/v1/agl/workers/search',
    operationId: 'search_workers_v1_agl_workers_search_post',
    status: 200,
    bodyMode: 'required',
    body: QueryWorkersRequestSchema,
    response: PaginatedWorkersSchema,
  },
  getWorker: {
    method: 'GET',
    path: '/v1/agl/workers/{worker_id}',
    operationId: 'get_worker_v1_agl_workers__worker_id__get',
    status: 200,
    bodyMode: 'none',
    response: v.nullable(WorkerSchema),
  },
  updateWorker: {
    method: 'POST',
    path: '/v1/agl/workers/{worker_id}',
    operationId: 'update_worker_v1_agl_workers__worker_id__post',
    status: 200,
    bodyMode: 'optional',
    body: UpdateWorkerRequestSchema,
    response: WorkerSchema,
  },
  statistics: {
    method: 'GET',
    path: '/v1/agl/statistics',
    operationId: 'get_statistics_v1_agl_statistics_get',
    status: 200,
    bodyMode: 'none',
    response: StoreStatisticsSchema,
  },
  queryResources: {
    method: 'GET',
    path: '/v1/agl/resources',
    operationId: 'query_resources_v1_agl_resources_get',
    status: 200,
    bodyMode: 'none',
    query: QueryResourcesRequestSchema,
    response: PaginatedResourcesSchema,
  },
  addResources: {
    method: 'POST',
    path: '/v1/agl/resources',
    operationId: 'add_resources_v1_agl_resources_post',
    status: 201,
    bodyMode: 'required',
    body: NamedResourcesSchema,
    response: ResourcesUpdateSchema,
  },
  getLatestResources: {
    method: 'GET',
    path: '/v1/agl/resources/latest',
    operationId: 'get_latest_resources_v1_agl_resources_latest_get',
    status: 200,
    bodyMode: 'none',
    response: v.nullable(ResourcesUpdateSchema),
  },
  updateResources: {
    method: 'POST',
    path: '/v1/agl/resources/{resources_id}',
    operationId: 'update_resources_v1_agl_resources__resources_id__post',
    status: 200,
    bodyMode: 'required',
    body: NamedResourcesSchema,
    response: ResourcesUpdateSchema,
  },
  getResources: {
    method: 'GET',
    path: '/v1/agl/resources/{resources_id}',
    operationId: 'get_resources_by_id_v1_agl_resources__resources_id__get',
    status: 200,
    bodyMode: 'none',
    response: v.nullable(ResourcesUpdateSchema),
  },
  addSpan: {
    method: 'POST',
    path: '/v1/agl/spans',
    operationId: 'add_span_v1_agl_spans_post',
    status: 201,
    bodyMode: 'required',
    body: SpanSchema,
    response: v.nullable(SpanSchema),
  },
  querySpans: {
    method: 'GET',
    path: '/v1/agl/spans',
    operationId: 'query_spans_v1_agl_spans_get',
    status: 200,
    bodyMode: 'none',
    query: QuerySpansRequestSchema,
    response: PaginatedSpansSchema,
  },
  searchSpans: {
    method: 'POST',
    path: '/v1/agl/spans/search',
    operationId: 'search_spans_v1_agl_spans_search_post',
    status: 200,
    bodyMode: 'required',
    body: QuerySpansRequestSchema,
    response: PaginatedSpansSchema,
  },
  nextSequenceId: {
    method: 'POST',
    path: '/v1/agl/spans/next',
    operationId: 'get_next_span_sequence_id_v1_agl_spans_next_post',
    status: 200,
    bodyMode: 'required',
    body: NextSequenceIdRequestSchema,
    response: NextSequenceIdResponseSchema,
  },
  waitForRollouts: {
    method: 'POST',
    path: '/v1/agl/waits/rollouts',
    operationId: 'wait_for_rollouts_v1_agl_waits_rollouts_post',
    status: 200,
    bodyMode: 'required',
    body: WaitForRolloutsRequestSchema,
    response: v.array(RolloutSchema),
  },
} as const satisfies Record<string, StoreRoute>;

/** The name of one JSON route of the store's HTTP API. */
export type StoreRouteName = keyof typeof STORE_ROUTES;

/** Path of the OTLP/HTTP traces endpoint. */
export const OTLP_TRACES_PATH = '/v1/traces';

/** Paths of the OTLP signals the store does not accept (answered with 501). */
export const OTLP_UNSUPPORTED_PATHS: readonly string[] = [
  '/v1/metrics',
  '/v1/logs',
  '/v1/development/profiles',
];

/** Prefix of every JSON route of the store's HTTP API. */
export const STORE_API_PREFIX = '/v1/agl';

/**
 * Fills a route's path template.
 *
 * @param template - a path such as `/v1/agl/rollouts/{rollout_id}`
 * @param params - values for the `{name}` placeholders; each is percent-encoded
 * @returns the concrete path
 * @example
 * ```ts
 * fillPath(STORE_ROUTES.getRollout.path, { rollout_id: 'ro-1' }) // '/v1/agl/rollouts/ro-1'
 * ```
 */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new TypeError(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}
