import * as v from 'valibot';
import { IntegerSchema } from './json';

/**
 * Builds the schema of one page of query results.
 *
 * @param item - schema of one item
 * @returns the schema of `{items, limit, offset, total}`
 */
export function paginatedResultSchema<
  TItem extends v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>,
>(item: TItem) {
  return v.object({
    /** The items of this page. */
    items: v.array(item),
    /** The requested page size; `-1` means unlimited. */
    limit: IntegerSchema,
    /** The requested number of items skipped. */
    offset: IntegerSchema,
    /** The number of matches before pagination. */
    total: IntegerSchema,
  });
}

/** One page of query results; `total` counts every match before pagination. */
export interface PaginatedResult<T> {
  /** The items of this page. */
  items: T[];
  /** The requested page size; `-1` means unlimited. */
  limit: number;
  /** The requested number of items skipped. */
  offset: number;
  /** The number of matches before pagination. */
  total: number;
}
