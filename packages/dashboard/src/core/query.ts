/**
 * The REST requests the dashboard sends, built in one place so every limit,
 * sort field and encoding rule is testable: `limit` always between 1 and
 * 2,000, ids percent-encoded in paths, `mode_in` only when the server
 * advertises it, `filter_logic` only for the span search.
 *
 * @module
 */

/** Rollout statuses, in display order. */
export const ROLLOUT_STATUSES = [
  'queuing',
  'preparing',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'requeuing',
] as const;

/**
 * Rollout modes the Mode filter offers, in display order; `none` is the
 * `mode_in` value that keeps rollouts without a mode.
 */
export const ROLLOUT_MODES = ['train', 'val', 'test', 'none'] as const;

/** Runner statuses. */
export const WORKER_STATUSES = ['busy', 'idle', 'unknown'] as const;

/** Sort fields each list offers (all valid model fields on every server). */
export const SORTABLE = {
  rollouts: ['rollout_id', 'status', 'resources_id', 'mode', 'start_time'],
  spans: ['name', 'sequence_id', 'trace_id', 'span_id', 'parent_id', 'start_time', 'end_time'],
  resources: ['resources_id', 'version', 'create_time', 'update_time'],
  workers: [
    'worker_id',
    'status',
    'current_rollout_id',
    'current_attempt_id',
    'last_heartbeat_time',
    'last_busy_time',
    'last_idle_time',
    'last_dequeue_time',
  ],
} as const;

/** The API root below a store origin. */
export const API_PREFIX = '/v1/agl';

/** Largest page the dashboard ever asks for. */
export const MAX_LIMIT = 2000;

function clampLimit(limit: number): number {
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * One percent-encoded path segment.
 *
 * @param id - an entity id
 */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** A sort and page of a list. */
export interface PageQuery {
  /** Page size. */
  limit: number;
  /** Items skipped. */
  offset: number;
  /** Wire field name. */
  sortBy?: string;
  /** `asc` or `desc`. */
  sortOrder?: 'asc' | 'desc';
}

function pageParams(page: PageQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('limit', String(clampLimit(page.limit)));
  params.set('offset', String(Math.max(0, Math.floor(page.offset))));
  if (page.sortBy) {
    params.set('sort_by', page.sortBy);
    params.set('sort_order', page.sortOrder ?? 'asc');
  }
  return params;
}

function url(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `${API_PREFIX}${path}${query ? `?${query}` : ''}`;
}

/** Filters of the rollout list. */
export interface RolloutFilters {
  /** Statuses to keep (repeated `status_in`). */
  statuses?: readonly string[];
  /** Modes to keep; sent only when `modeFilter` is true. */
  modes?: readonly string[];
  /** Resources ids to keep; sent only when `modeFilter` is true. */
  resourcesIds?: readonly string[];
  /** Rollout id substring (trimmed). */
  search?: string;
  /** Rollout ids to keep (`rollout_id_in`). */
  ids?: readonly string[];
  /** Whether the server advertises `rollout_filters`. */
  serverFilters?: boolean;
}

/**
 * `GET /rollouts` with filters, sort and page.
 *
 * @param page - sort and page
 * @param filters - filters
 */
export function rolloutsUrl(page: PageQuery, filters: RolloutFilters = {}): string {
  const params = pageParams(page);
  for (const status of filters.statuses ?? []) params.append('status_in', status);
  for (const id of filters.ids ?? []) params.append('rollout_id_in', id);
  const search = filters.search?.trim();
  if (search) params.set('rollout_id_contains', search);
  if (filters.serverFilters) {
    for (const mode of filters.modes ?? []) params.append('mode_in', mode);
    for (const id of filters.resourcesIds ?? []) params.append('resources_id_in', id);
  }
  return url('/rollouts', params);
}

/**
 * One count request per rollout status for the rollouts made with one
 * resources snapshot (`limit=1`, the count read from `total`), or `null` when
 * the server does not advertise `rollout_filters`: a plain server would ignore
 * `resources_id_in` and answer the unfiltered totals, and scanning every
 * rollout in the browser would not scale.
 *
 * @param resourcesId - the snapshot
 * @param serverFilters - whether the server advertises `rollout_filters`
 */
export function snapshotCountUrls(
  resourcesId: string,
  serverFilters: boolean,
): { status: (typeof ROLLOUT_STATUSES)[number]; url: string }[] | null {
  if (!serverFilters) return null;
  return ROLLOUT_STATUSES.map((status) => ({
    status,
    url: rolloutsUrl(
      { limit: 1, offset: 0 },
      { resourcesIds: [resourcesId], statuses: [status], serverFilters },
    ),
  }));
}

/**
 * One count request per rollout mode (`limit=1` with one `mode_in`, the count
 * read from `total`), or `null` when the server does not advertise
 * `rollout_filters`: a plain server would ignore `mode_in` and answer the
 * store-wide total four times.
 *
 * @param serverFilters - whether the server advertises `rollout_filters`
 */
export function modeCountUrls(
  serverFilters: boolean,
): { mode: (typeof ROLLOUT_MODES)[number]; url: string }[] | null {
  if (!serverFilters) return null;
  return ROLLOUT_MODES.map((mode) => ({
    mode,
    url: rolloutsUrl({ limit: 1, offset: 0 }, { modes: [mode], serverFilters }),
  }));
}

/**
 * `GET /rollouts/{id}`.
 *
 * @param rolloutId - the rollout
 */
export function rolloutUrl(rolloutId: string): string {
  return url(`/rollouts/${segment(rolloutId)}`);
}

/**
 * `GET /rollouts/{id}/attempts` sorted by `sequence_id`.
 *
 * @param rolloutId - the rollout
 * @param order - `asc` (detail page) or `desc` (expanded rows, Traces page)
 * @param limit - page size
 */
export function attemptsUrl(rolloutId: string, order: 'asc' | 'desc', limit: number): string {
  return url(
    `/rollouts/${segment(rolloutId)}/attempts`,
    pageParams({ limit, offset: 0, sortBy: 'sequence_id', sortOrder: order }),
  );
}

/** Span list options. */
export interface SpanQuery extends PageQuery {
  /** Rollout (required by the API). */
  rolloutId: string;
  /** Attempt id (concrete, never `latest`). */
  attemptId?: string;
  /** Search term for trace id, span id and name (or-ed). */
  search?: string;
}

/**
 * `GET /spans`: one attempt's spans; a search term is sent as
 * `trace_id_contains`, `span_id_contains`, `name_contains` with `filter_logic=or`.
 *
 * @param query - rollout, attempt, search, sort and page
 */
export function spansUrl(query: SpanQuery): string {
  const params = pageParams(query);
  params.set('rollout_id', query.rolloutId);
  if (query.attemptId) params.set('attempt_id', query.attemptId);
  const term = query.search?.trim();
  if (term) {
    params.set('trace_id_contains', term);
    params.set('span_id_contains', term);
    params.set('name_contains', term);
    params.set('filter_logic', 'or');
  }
  return url('/spans', params);
}

/**
 * `GET /resources` with sort, page and id search.
 *
 * @param page - sort and page
 * @param search - id substring
 */
export function resourcesListUrl(page: PageQuery, search?: string): string {
  const params = pageParams(page);
  if (search?.trim()) params.set('resources_id_contains', search.trim());
  return url('/resources', params);
}

/**
 * `GET /resources/{id}` (or `latest`).
 *
 * @param resourcesId - snapshot id, or `latest`
 */
export function resourcesUrl(resourcesId: string): string {
  return url(`/resources/${resourcesId === 'latest' ? 'latest' : segment(resourcesId)}`);
}

/**
 * `GET /workers` with sort, page, id search and status filter.
 *
 * @param page - sort and page
 * @param filters - search and statuses
 */
export function workersUrl(
  page: PageQuery,
  filters: { search?: string; statuses?: readonly string[] } = {},
): string {
  const params = pageParams(page);
  if (filters.search?.trim()) params.set('worker_id_contains', filters.search.trim());
  for (const status of filters.statuses ?? []) params.append('status_in', status);
  return url('/workers', params);
}

/**
 * `GET /workers/{id}`.
 *
 * @param workerId - the runner
 */
export function workerUrl(workerId: string): string {
  return url(`/workers/${segment(workerId)}`);
}

/** `GET /health`. */
export const healthUrl = (): string => url('/health');

/** `GET /statistics`. */
export const statisticsUrl = (): string => url('/statistics');

/**
 * `GET /events` (our server's live change hints).
 *
 * @param topics - topics to receive
 */
export function eventsUrl(topics: readonly string[]): string {
  const params = new URLSearchParams();
  if (topics.length > 0) params.set('topics', topics.join(','));
  return url('/events', params);
}

/**
 * `GET /rewards` (our server, capability `rewards`): final rewards of up to 100 rollouts.
 *
 * @param rolloutIds - 1 to 100 rollout ids
 */
export function rewardsUrl(rolloutIds: readonly string[]): string {
  const params = new URLSearchParams();
  for (const id of rolloutIds.slice(0, 100)) params.append('rollout_id_in', id);
  return url('/rewards', params);
}

/**
 * `GET /timeseries` (our server, capability `timeseries`): rollouts created,
 * finished and rewarded per bucket. `since` is aligned down to the bucket so
 * the URL (and so the cached query) changes once per bucket, not every second.
 *
 * @param since - window start, epoch seconds
 * @param bucketSeconds - bucket width (integer ≥ 1)
 */
export function timeseriesUrl(since: number, bucketSeconds: number): string {
  const width = Math.max(1, Math.round(bucketSeconds));
  const params = new URLSearchParams();
  params.set('since', String(Math.floor(since / width) * width));
  params.set('bucket_seconds', String(width));
  return url('/timeseries', params);
}
