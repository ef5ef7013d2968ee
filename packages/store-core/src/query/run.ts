import type { PaginatedResult } from '@agl/types';
import type { ListQuery } from './build';
import { type FieldReader, matchesFilter, readField } from './conditions';
import { paginate } from './paginate';
import { sortItems } from './sort';

/**
 * Runs a list query over items given in natural order: filter, stable sort,
 * paginate, then map the page (e.g. copy each item). For small collections
 * and for backends that have already narrowed the candidates with an index.
 *
 * @param query - the normalised query
 * @param items - candidates in natural order
 * @param options - field reader and page mapper
 */
export function runListQuery<T, U = T>(
  query: ListQuery,
  items: Iterable<T>,
  options: { readonly read?: FieldReader<T>; readonly map?: (item: T) => U } = {},
): PaginatedResult<U> {
  const read = options.read ?? readField;
  const matches: T[] = [];
  for (const item of items) if (matchesFilter(query.filter, item, read)) matches.push(item);
  sortItems(query.entity, matches, query.sortBy, query.sortOrder, read);
  return paginate(matches, query.limit, query.offset, options.map);
}
