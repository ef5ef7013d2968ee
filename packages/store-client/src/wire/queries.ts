import type {
  PageOptions,
  QueryAttemptsOptions,
  QueryResourcesOptions,
  QueryRolloutsOptions,
  QuerySpansOptions,
  QueryWorkersOptions,
} from '@agl/store-core';

/** A JSON search body; keys are wire names. */
type Body = Record<string, unknown>;

/** `limit` and `offset`, always sent (defaults -1 and 0). */
function page(options: PageOptions): Body {
  return { limit: options.limit ?? -1, offset: options.offset ?? 0 };
}

/**
 * `sort_by` and `sort_order`, sent only when `sort_by` is not null.
 *
 * @param options - the caller's options
 * @param fallback - the method's default `sort_by`
 */
function sort(options: PageOptions, fallback: string | null): Body {
  const sortBy = options.sortBy === undefined ? fallback : options.sortBy;
  return sortBy === null ? {} : { sort_by: sortBy, sort_order: options.sortOrder ?? 'asc' };
}

/** Copies the entries whose value is neither `null` nor `undefined`. */
function present(entries: Record<string, unknown>): Body {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value != null));
}

/**
 * Body of `POST /rollouts/search`.
 *
 * @param options - filters, sorting and pagination
 */
export function rolloutQueryBody(options: QueryRolloutsOptions = {}): Body {
  return {
    ...present({
      status_in: options.statusIn,
      rollout_id_in: options.rolloutIdIn,
      rollout_id_contains: options.rolloutIdContains,
      mode_in: options.modeIn,
      resources_id_in: options.resourcesIdIn,
    }),
    ...page(options),
    ...sort(options, null),
    filter_logic: options.filterLogic ?? 'and',
  };
}

/**
 * Body of `POST /rollouts/{id}/attempts/search` (`sort_by` defaults to `sequence_id`).
 *
 * @param options - sorting and pagination
 */
export function attemptQueryBody(options: QueryAttemptsOptions = {}): Body {
  return { ...page(options), ...sort(options, 'sequence_id') };
}

/**
 * Body of `POST /spans/search` (`sort_by` defaults to `sequence_id`).
 *
 * @param rolloutId - the rollout
 * @param options - attempt, filters, sorting and pagination
 */
export function spanQueryBody(rolloutId: string, options: QuerySpansOptions = {}): Body {
  return {
    rollout_id: rolloutId,
    ...present({
      attempt_id: options.attemptId,
      trace_id: options.traceId,
      trace_id_contains: options.traceIdContains,
      span_id: options.spanId,
      span_id_contains: options.spanIdContains,
      parent_id: options.parentId,
      parent_id_contains: options.parentIdContains,
      name: options.name,
      name_contains: options.nameContains,
    }),
    ...page(options),
    ...sort(options, 'sequence_id'),
    filter_logic: options.filterLogic ?? 'and',
  };
}

/**
 * Body of `POST /workers/search`. Unlike the reference client, `limit` and
 * `offset` are sent (DECISIONS 9), so pagination works.
 *
 * @param options - filters, sorting and pagination
 */
export function workerQueryBody(options: QueryWorkersOptions = {}): Body {
  return {
    ...present({ status_in: options.statusIn, worker_id_contains: options.workerIdContains }),
    ...page(options),
    ...sort(options, null),
    filter_logic: options.filterLogic ?? 'and',
  };
}

/**
 * Query string of `GET /resources` (the reference client uses GET here).
 *
 * @param options - id filters, sorting and pagination
 */
export function resourceQueryParams(options: QueryResourcesOptions = {}): [string, string][] {
  const params = {
    ...present({
      resources_id: options.resourcesId,
      resources_id_contains: options.resourcesIdContains,
    }),
    ...page(options),
    ...sort(options, null),
  };
  return Object.entries(params).map(([key, value]) => [key, String(value)]);
}
