import { InvalidArgumentError } from '@agl/store-core';
import { type EntityName, validatePageQuery } from '@agl/store-core/backend';
import type { SortOrder } from '@agl/types';
import { badRequest } from '../http/http-error';
import type { ResolvedAppOptions } from '../options';

/** Header set when a query's `limit` was lowered to the server's maximum; its value is the limit applied. */
export const LIMIT_CLAMPED_HEADER = 'x-agl-limit-clamped';

/** The page keys every query body or query string carries (after schema defaults). */
export interface WirePage {
  /** Page size, `-1` = unlimited. */
  limit: number;
  /** Items to skip. */
  offset: number;
  /** Sort field or `null`. */
  sort_by: string | null;
  /** `asc` or `desc`. */
  sort_order: SortOrder;
}

/** The camelCase page options of the store API. */
export interface StorePage {
  /** Page size. */
  limit: number;
  /** Items to skip. */
  offset: number;
  /** Sort field or `null`. */
  sortBy: string | null;
  /** Sort direction. */
  sortOrder: SortOrder;
}

/**
 * Checks a query's page keys with the reference's 400 rules,
 * clamps `limit` to the server's maximum (announcing it in
 * `X-AGL-Limit-Clamped`), and converts them to store options.
 *
 * @param entity - the entity queried (decides the allowed `sort_by` names)
 * @param page - the validated wire keys
 * @param options - the app settings (maximum limit)
 * @param headers - headers of the answer, to which the clamp notice is added
 * @throws HttpError 400 with the reference's message
 */
export function pageOptions(
  entity: EntityName,
  page: WirePage,
  options: ResolvedAppOptions,
  headers: Record<string, string>,
): StorePage {
  try {
    validatePageQuery(entity, { sortBy: page.sort_by, limit: page.limit, offset: page.offset });
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw badRequest(error.message);
    throw error;
  }
  let limit = page.limit;
  const max = options.maxQueryLimit;
  if (limit > max || (limit === -1 && options.clampUnlimitedQueries)) {
    limit = max;
    headers[LIMIT_CLAMPED_HEADER] = String(max);
  }
  return { limit, offset: page.offset, sortBy: page.sort_by, sortOrder: page.sort_order };
}

/**
 * Answers 400 `"<field> is invalid; it cannot be a null value."` for the first
 * listed key that is present with an explicit `null`.
 *
 * @param body - the validated update body
 * @param keys - the keys that must not be null, in the reference's order
 */
export function forbidNulls(body: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    if (Object.hasOwn(body, key) && body[key] === null)
      throw badRequest(`${key} is invalid; it cannot be a null value.`);
  }
}
