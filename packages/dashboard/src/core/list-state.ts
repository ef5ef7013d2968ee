/**
 * List state (filters, sort, page) read from and written to the page URL,
 * so every list view can be reloaded and shared.
 *
 * @module
 */

/** A list's state as the URL keeps it. */
export interface ListState {
  /** Search text. */
  q: string;
  /** Status filter values. */
  status: string[];
  /** Mode filter values. */
  mode: string[];
  /** Resources ids to keep (URL key `resources_id`, repeatable); always empty unless the spec accepts them. */
  resourcesId: string[];
  /** Sort field (wire name). */
  sort: string;
  /** Sort order. */
  order: 'asc' | 'desc';
  /** 1-based page. */
  page: number;
  /** Page size. */
  size: number;
}

/** What a list accepts and defaults to. */
export interface ListSpec {
  /** Sort fields offered. */
  sortable: readonly string[];
  /** Default sort field. */
  sort: string;
  /** Default order. */
  order: 'asc' | 'desc';
  /** Page sizes offered. */
  sizes: readonly number[];
  /** Default size. */
  size: number;
  /** Status values offered. */
  statuses?: readonly string[];
  /** Mode values offered. */
  modes?: readonly string[];
  /** Whether the list can be narrowed to resources ids (any non-empty id, so no list of values). */
  resourcesIdFilter?: boolean;
}

/**
 * Reads a list state from a query string; invalid values fall back to defaults.
 *
 * @param search - `location.search` or any query string
 * @param spec - what the list offers
 */
export function parseListState(search: string | URLSearchParams, spec: ListSpec): ListState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const sort = params.get('sort');
  const order = params.get('order');
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    q: params.get('q') ?? '',
    status: params.getAll('status').filter((s) => spec.statuses?.includes(s)),
    mode: params.getAll('mode').filter((m) => spec.modes?.includes(m)),
    resourcesId: spec.resourcesIdFilter
      ? [...new Set(params.getAll('resources_id').filter((id) => id !== ''))]
      : [],
    sort: sort && spec.sortable.includes(sort) ? sort : spec.sort,
    order: order === 'asc' || order === 'desc' ? order : spec.order,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: spec.sizes.includes(size) ? size : spec.size,
  };
}

/**
 * Writes a list state as a query string, leaving out defaults.
 *
 * @param state - the state
 * @param spec - the list's defaults
 */
export function formatListState(state: ListState, spec: ListSpec): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const s of state.status) params.append('status', s);
  for (const m of state.mode) params.append('mode', m);
  for (const id of state.resourcesId) params.append('resources_id', id);
  if (state.sort !== spec.sort || state.order !== spec.order) {
    params.set('sort', state.sort);
    params.set('order', state.order);
  }
  if (state.page !== 1) params.set('page', String(state.page));
  if (state.size !== spec.size) params.set('size', String(state.size));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The page to show when the total shrank below the current page.
 *
 * @param page - current 1-based page
 * @param size - page size
 * @param total - matching items
 */
export function clampPage(page: number, size: number, total: number): number {
  const last = Math.max(1, Math.ceil(total / size));
  return Math.min(page, last);
}
