import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  clampPage,
  formatListState,
  type ListSpec,
  type ListState,
  parseListState,
} from '../../core/list-state';
import type { PageQuery } from '../../core/query';
import type { WirePage } from '../../core/wire';
import type { QueryResult } from '../data/cache';
import { useDebounced } from '../hooks';
import { navigate } from '../router';
import { Empty, ErrorNotice, Pager, SortHeader } from './basic';

/**
 * The sort, page and page size of a paged list, and how to change them:
 * the one scaffolding the Rollouts, Resources, Runners and spans tables share.
 */
export interface ListControls {
  sort: string;
  order: 'asc' | 'desc';
  page: number;
  size: number;
  sizes: readonly number[];
  /** Sorting starts again at page 1. */
  setSort(field: string, order: 'asc' | 'desc'): void;
  setPage(page: number): void;
  /** A new size starts again at page 1. */
  setSize(size: number): void;
}

/** The request's paging and sorting for the current controls. */
export function pageQuery(list: ListControls): PageQuery {
  return {
    limit: list.size,
    offset: (list.page - 1) * list.size,
    sortBy: list.sort,
    sortOrder: list.order,
  };
}

/**
 * A header cell factory: sortable (with `aria-sort`) when `field` is one of
 * `sortable` (any field when omitted), plain otherwise.
 */
export function sortHeaders(list: ListControls, sortable?: readonly string[]) {
  return (label: string, field?: string) => (
    <SortHeader
      label={label}
      {...(field && (!sortable || sortable.includes(field)) ? { field } : {})}
      sort={list.sort}
      order={list.order}
      onSort={(f, o) => list.setSort(f, o)}
    />
  );
}

/** A list kept in the page URL (reloadable, shareable), with its debounced search box. */
export interface UrlList {
  state: ListState;
  /** Changes the URL state (`push` adds a history entry; default replace). */
  set(patch: Partial<ListState>, push?: boolean): void;
  /** The search box's text (applied to `state.q` after 300 ms, back to page 1). */
  search: string;
  setSearch(text: string): void;
  controls: ListControls;
}

/**
 * Reads a list's state from the URL and writes changes back.
 *
 * @param path - the page's route (`/rollouts`)
 * @param query - the current query string
 * @param spec - what the list offers
 * @param options - `pushPages`: page changes add history entries
 */
export function useUrlList(
  path: string,
  query: URLSearchParams,
  spec: ListSpec,
  options: { pushPages?: boolean } = {},
): UrlList {
  const state = parseListState(query, spec);
  const [search, setSearch] = useState(state.q);
  const debounced = useDebounced(search, 300);
  const set = (patch: Partial<ListState>, push = false) =>
    navigate(`${path}${formatListState({ ...state, ...patch }, spec)}`, { replace: !push });
  useEffect(() => {
    if (debounced.trim() !== state.q) set({ q: debounced.trim(), page: 1 });
  }, [debounced]);
  return {
    state,
    set,
    search,
    setSearch,
    controls: {
      sort: state.sort,
      order: state.order,
      page: state.page,
      size: state.size,
      sizes: spec.sizes,
      setSort: (sort, order) => set({ sort, order, page: 1 }),
      setPage: (page) => set({ page }, options.pushPages === true),
      setSize: (size) => set({ size, page: 1 }),
    },
  };
}

/**
 * A list kept in component state (a table inside another page).
 *
 * @param initial - default sort, order, size and the sizes offered
 */
export function useLocalList(initial: {
  sort: string;
  order: 'asc' | 'desc';
  size: number;
  sizes: readonly number[];
}): ListControls {
  const [sort, setSortState] = useState({ field: initial.sort, order: initial.order });
  const [page, setPage] = useState(1);
  const [size, setSizeState] = useState(initial.size);
  return {
    sort: sort.field,
    order: sort.order,
    page,
    size,
    sizes: initial.sizes,
    setSort: (field, order) => {
      setSortState({ field, order });
      setPage(1);
    },
    setPage,
    setSize: (n) => {
      setSizeState(n);
      setPage(1);
    },
  };
}

/**
 * The frame of a paged list: the error notice (data kept on screen), a
 * skeleton while the first page loads, the empty state, the scrolling table
 * and the pager. When the total shrinks below the current page, the page is
 * clamped to the last one.
 */
export function ListFrame<T>(props: {
  /** Noun for the error notice ("rollouts"). */
  what: string;
  q: QueryResult<WirePage<T>>;
  list: ListControls;
  /** Text of the empty state ("No rollouts found"), and its buttons. */
  empty: string;
  emptyActions?: ComponentChildren;
  /** Show "Loading …" while the first page loads. */
  skeleton?: boolean;
  /** Extra class of the scrolling container (`short`). */
  scrollClass?: string;
  scrollRef?: Ref<HTMLDivElement>;
  /** The table. */
  children: ComponentChildren;
}) {
  const { q, list } = props;
  const total = q.data?.total ?? 0;
  useEffect(() => {
    if (q.data && list.page > 1 && (list.page - 1) * list.size >= total)
      list.setPage(clampPage(list.page, list.size, total));
  }, [q.data]);
  const items = q.data?.items ?? [];
  return (
    <>
      {q.error && (
        <ErrorNotice
          what={props.what}
          error={q.error}
          {...(q.data ? { stale: q.updatedAt } : {})}
        />
      )}
      {props.skeleton && q.loading && (
        <div class="skeleton" aria-busy="true">
          Loading {props.what}…
        </div>
      )}
      {q.data && items.length === 0 && <Empty text={props.empty}>{props.emptyActions}</Empty>}
      {items.length > 0 && (
        <div
          class={`table-scroll${props.scrollClass ? ` ${props.scrollClass}` : ''}`}
          {...(props.scrollRef ? { ref: props.scrollRef } : {})}
        >
          {props.children}
        </div>
      )}
      {q.data && (
        <Pager
          page={list.page}
          size={list.size}
          total={total}
          sizes={list.sizes}
          onPage={list.setPage}
          onSize={list.setSize}
        />
      )}
    </>
  );
}
