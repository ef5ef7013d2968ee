import type { PaginatedResult } from '@agl/types';

/**
 * The slice `[start, end)` of the matches a page covers: skip `offset`, take
 * `limit` (`-1` = all, `0` = none). An offset past the end gives an empty slice.
 *
 * @param total - number of matches
 * @param limit - page size
 * @param offset - matches to skip
 */
export function pageBounds(
  total: number,
  limit: number,
  offset: number,
): { readonly start: number; readonly end: number } {
  const start = Math.min(Math.max(offset, 0), total);
  const end = limit < 0 ? total : Math.min(start + limit, total);
  return { start, end };
}

/**
 * Cuts one page out of the sorted matches.
 *
 * @param matches - every match, sorted
 * @param limit - page size (`-1` = all)
 * @param offset - matches to skip
 * @param map - converts each item of the page (e.g. copies it)
 * @returns `{items, limit, offset, total}` with `limit`/`offset` echoed
 */
export function paginate<T, U = T>(
  matches: readonly T[],
  limit: number,
  offset: number,
  map?: (item: T) => U,
): PaginatedResult<U> {
  const { start, end } = pageBounds(matches.length, limit, offset);
  const slice = matches.slice(start, end);
  return {
    items: (map ? slice.map(map) : slice) as U[],
    limit,
    offset,
    total: matches.length,
  };
}
