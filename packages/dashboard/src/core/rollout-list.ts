/**
 * The Rollouts page's list: what its URL accepts, links into it from other
 * pages, and the request a URL state asks for on a given server. Mode and
 * resources filters exist only on servers advertising `rollout_filters`, so
 * the request depends on what the server can do, and a filter it cannot apply
 * is reported instead of silently dropped.
 *
 * @module
 */

import { formatListState, type ListSpec, type ListState, parseListState } from './list-state';
import { ROLLOUT_MODES, ROLLOUT_STATUSES, type RolloutFilters, SORTABLE } from './query';

/** What the Rollouts list accepts and defaults to (the page swaps in the page-size setting). */
export const ROLLOUT_LIST: ListSpec = {
  sortable: SORTABLE.rollouts,
  sort: 'start_time',
  order: 'desc',
  sizes: [50, 100, 200, 500, 1000],
  size: 100,
  statuses: ROLLOUT_STATUSES,
  modes: ROLLOUT_MODES,
  resourcesIdFilter: true,
};

/** Filters of a link to the Rollouts page. */
export interface RolloutsLink {
  /** Statuses (`status`). */
  status?: readonly string[];
  /** Modes (`mode`; `none` = without a mode). */
  mode?: readonly string[];
  /** Resources ids (`resources_id`). */
  resourcesId?: readonly string[];
}

/**
 * A path to the Rollouts page narrowed by these filters, written the way the
 * page writes its own URL (`/rollouts?status=failed&resources_id=v0`), with
 * the default sort and first page.
 *
 * @param filters - statuses, modes, resources ids
 */
export function rolloutsPageHref(filters: RolloutsLink): string {
  const state: ListState = {
    ...parseListState('', ROLLOUT_LIST),
    status: [...(filters.status ?? [])],
    mode: [...(filters.mode ?? [])],
    resourcesId: [...(filters.resourcesId ?? [])],
  };
  return `/rollouts${formatListState(state, ROLLOUT_LIST)}`;
}

/** A URL filter that only a server advertising `rollout_filters` applies. */
export type ServerSideFilter = 'mode' | 'resources_id';

/** What the Rollouts page asks for, given its URL state and the server. */
export interface RolloutListRequest {
  /**
   * Filters for `rolloutsUrl`, or `null` while the server's capabilities are
   * still unknown and the state has mode or resources filters: asking before
   * would list rows the URL excludes.
   */
  filters: RolloutFilters | null;
  /** Filters of the URL this server cannot apply (to show as not applied). */
  unapplied: ServerSideFilter[];
}

/**
 * The request filters of a Rollouts URL state.
 *
 * @param state - the page's URL state
 * @param serverFilters - whether the server advertises `rollout_filters`; `null` = not known yet
 */
export function rolloutListRequest(
  state: Pick<ListState, 'q' | 'status' | 'mode' | 'resourcesId'>,
  serverFilters: boolean | null,
): RolloutListRequest {
  const wanted: ServerSideFilter[] = [];
  if (state.mode.length > 0) wanted.push('mode');
  if (state.resourcesId.length > 0) wanted.push('resources_id');
  if (serverFilters === null && wanted.length > 0) return { filters: null, unapplied: [] };
  return {
    filters: {
      statuses: state.status,
      search: state.q,
      modes: state.mode,
      resourcesIds: state.resourcesId,
      serverFilters: serverFilters === true,
    },
    unapplied: serverFilters === true ? [] : wanted,
  };
}
