import {
  FILTER_LOGICS,
  type FilterLogic,
  ROLLOUT_MODE_FILTERS,
  type RolloutModeFilter,
  SORT_ORDERS,
  type SortOrder,
} from '@agl/types';
import { InvalidArgumentError } from '../errors';
import type {
  PageOptions,
  QueryAttemptsOptions,
  QueryResourcesOptions,
  QueryRolloutsOptions,
  QuerySpansOptions,
  QueryWorkersOptions,
} from '../store';
import type { Condition, FilterSpec } from './conditions';
import type { EntityName } from './fields';
import { validatePageQuery } from './validate';

/** A list query normalised into data: entity, filter, sort and page. */
export interface ListQuery {
  /** The entity listed. */
  readonly entity: EntityName;
  /** Which items match. */
  readonly filter: FilterSpec;
  /** Field to sort by, or `null` for natural (creation) order. */
  readonly sortBy: string | null;
  /** `asc` or `desc`. */
  readonly sortOrder: SortOrder;
  /** Page size (`-1` = all, `0` = none). */
  readonly limit: number;
  /** Matches to skip. */
  readonly offset: number;
}

function logicOf(value: FilterLogic | undefined): FilterLogic {
  if (value === undefined) return 'and';
  if (!FILTER_LOGICS.includes(value)) {
    throw new InvalidArgumentError(`Invalid filter_logic: ${String(value)}, expected and or or`);
  }
  return value;
}

function page(entity: EntityName, options: PageOptions, defaultSort: string | null) {
  const sortBy = options.sortBy === undefined ? defaultSort : options.sortBy;
  const limit = options.limit ?? -1;
  const offset = options.offset ?? 0;
  validatePageQuery(entity, { sortBy, limit, offset }, { allowZeroLimit: true });
  const sortOrder = options.sortOrder ?? 'asc';
  if (!SORT_ORDERS.includes(sortOrder)) {
    throw new InvalidArgumentError(
      `Invalid sort_order: ${String(sortOrder)}, expected asc or desc`,
    );
  }
  return { sortBy, sortOrder, limit, offset };
}

function within(field: string, values: readonly unknown[] | null | undefined): Condition[] {
  if (values === null || values === undefined) return [];
  if (!Array.isArray(values)) throw new InvalidArgumentError(`${field} filter must be a list`);
  return [{ field, op: 'within', values }];
}

function exact(field: string, value: string | null | undefined): Condition[] {
  return value === null || value === undefined ? [] : [{ field, op: 'exact', value }];
}

function contains(field: string, value: string | null | undefined): Condition[] {
  return value === null || value === undefined ? [] : [{ field, op: 'contains', value }];
}

/** `mode` within the listed modes, where `none` stands for a rollout without a mode. */
function modeWithin(values: readonly RolloutModeFilter[] | null | undefined): Condition[] {
  const [condition] = within('mode', values);
  if (condition?.op !== 'within') return [];
  const bad = condition.values.find((mode) => !ROLLOUT_MODE_FILTERS.includes(mode as never));
  if (bad !== undefined) {
    throw new InvalidArgumentError(
      `Invalid mode_in value: ${String(bad)}, expected one of ${ROLLOUT_MODE_FILTERS.join(', ')}`,
    );
  }
  return [
    { ...condition, values: condition.values.map((mode) => (mode === 'none' ? null : mode)) },
  ];
}

/**
 * Normalises `queryRollouts` options: pool = status within, id within, id
 * contains, mode within, resources id within; natural order by default.
 *
 * @param options - the caller's options
 * @throws InvalidArgumentError for an invalid sort field, limit, offset, order or logic
 */
export function rolloutsQuery(options: QueryRolloutsOptions = {}): ListQuery {
  const pool = [
    ...within('status', options.statusIn),
    ...within('rollout_id', options.rolloutIdIn),
    ...contains('rollout_id', options.rolloutIdContains),
    ...modeWithin(options.modeIn),
    ...within('resources_id', options.resourcesIdIn),
  ];
  const filter = { must: [], pool, logic: logicOf(options.filterLogic) };
  return { entity: 'rollouts', filter, ...page('rollouts', options, null) };
}

/**
 * Normalises `queryWorkers` options: pool = status within, id contains.
 *
 * @param options - the caller's options
 */
export function workersQuery(options: QueryWorkersOptions = {}): ListQuery {
  const pool = [
    ...within('status', options.statusIn),
    ...contains('worker_id', options.workerIdContains),
  ];
  const filter = { must: [], pool, logic: logicOf(options.filterLogic) };
  return { entity: 'workers', filter, ...page('workers', options, null) };
}

/**
 * Normalises `queryResources` options: exact id and id substring, always AND-ed.
 *
 * @param options - the caller's options
 */
export function resourcesQuery(options: QueryResourcesOptions = {}): ListQuery {
  const pool = [
    ...exact('resources_id', options.resourcesId),
    ...contains('resources_id', options.resourcesIdContains),
  ];
  return {
    entity: 'resources',
    filter: { must: [], pool, logic: 'and' },
    ...page('resources', options, null),
  };
}

/**
 * Normalises `queryAttempts` options: the rollout id is the only condition;
 * `sequence_id` order by default (`sortBy: null` = creation order).
 *
 * @param rolloutId - the rollout
 * @param options - the caller's options
 */
export function attemptsQuery(rolloutId: string, options: QueryAttemptsOptions = {}): ListQuery {
  const filter: FilterSpec = { must: [], pool: exact('rollout_id', rolloutId), logic: 'and' };
  return { entity: 'attempts', filter, ...page('attempts', options, 'sequence_id') };
}

/**
 * Normalises `querySpans` options: must = rollout id and the resolved attempt
 * id; pool = the eight optional conditions under `filterLogic` (so `or` with
 * none of them matches nothing, as in the reference).
 *
 * @param rolloutId - the rollout
 * @param attemptId - the resolved attempt id (`latest` already resolved), or `null` for all
 * @param options - the caller's options
 */
export function spansQuery(
  rolloutId: string,
  attemptId: string | null,
  options: QuerySpansOptions = {},
): ListQuery {
  const must = [...exact('rollout_id', rolloutId), ...exact('attempt_id', attemptId)];
  const pool = [
    ...exact('trace_id', options.traceId),
    ...contains('trace_id', options.traceIdContains),
    ...exact('span_id', options.spanId),
    ...contains('span_id', options.spanIdContains),
    ...exact('parent_id', options.parentId),
    ...contains('parent_id', options.parentIdContains),
    ...exact('name', options.name),
    ...contains('name', options.nameContains),
  ];
  const filter = { must, pool, logic: logicOf(options.filterLogic) };
  return { entity: 'spans', filter, ...page('spans', options, 'sequence_id') };
}
