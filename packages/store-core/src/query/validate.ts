import { InvalidArgumentError } from '../errors';
import { ENTITY_FIELDS, type EntityName } from './fields';

/** The pagination and sort parameters every list query takes. */
export interface PageParams {
  /** Field to sort by, or `null`/absent for natural order. */
  readonly sortBy?: string | null | undefined;
  /** Page size; `-1` = unlimited. */
  readonly limit?: number | undefined;
  /** Matches to skip. */
  readonly offset?: number | undefined;
}

/**
 * Validates a paginated query exactly like the reference's HTTP layer,
 * in its order, with its messages:
 *
 * 1. `Invalid sort_by: X, allowed fields are: a, b, ...`
 * 2. `Limit must be greater than 0 or -1 for no limit`
 * 3. `Offset must be greater than or equal to 0`
 *
 * The HTTP server calls it with the defaults (a `limit` of 0 is rejected);
 * stores call it with `allowZeroLimit` (a `limit` of 0 gives an empty page).
 *
 * @param entity - the entity queried
 * @param params - sort field, limit and offset
 * @param options - `allowZeroLimit` accepts `limit: 0`
 * @throws InvalidArgumentError with the reference's message
 */
export function validatePageQuery(
  entity: EntityName,
  params: PageParams,
  options: { readonly allowZeroLimit?: boolean } = {},
): void {
  const { sortBy, limit = -1, offset = 0 } = params;
  if (sortBy !== null && sortBy !== undefined && !Object.hasOwn(ENTITY_FIELDS[entity], sortBy)) {
    const allowed = Object.keys(ENTITY_FIELDS[entity]).join(', ');
    throw new InvalidArgumentError(`Invalid sort_by: ${sortBy}, allowed fields are: ${allowed}`);
  }
  if (!Number.isInteger(limit) || limit < -1 || (limit === 0 && !options.allowZeroLimit)) {
    throw new InvalidArgumentError('Limit must be greater than 0 or -1 for no limit');
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InvalidArgumentError('Offset must be greater than or equal to 0');
  }
}
