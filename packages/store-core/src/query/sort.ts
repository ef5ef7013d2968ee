import type { SortOrder } from '@agl/types';
import { InvalidArgumentError } from '../errors';
import { type FieldReader, readField } from './conditions';
import { type EntityName, type FieldKind, fieldKind } from './fields';

/**
 * Compares two strings by Unicode code point (like Python), not by UTF-16
 * code unit (like JavaScript's `<`).
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above every BMP unit >= 0xE000.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function unorderable(field: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `Cannot sort by ${field}: its values are not orderable (objects cannot be compared)`,
    { pythonType: 'TypeError' },
  );
}

/**
 * Compares two values of a field of the given kind, ascending: `time` nulls
 * sort as +infinity, `string` nulls as `""`, numbers numerically, strings by
 * code point.
 *
 * @param kind - the field's sort kind
 * @param field - the field name (for the error message)
 * @param a - first value
 * @param b - second value
 * @throws InvalidArgumentError (`TypeError`) for an unorderable field
 */
export function compareFieldValues(kind: FieldKind, field: string, a: unknown, b: unknown): number {
  switch (kind) {
    case 'string':
      return compareCodePoints((a ?? '') as string, (b ?? '') as string);
    case 'time': {
      const x = (a ?? Number.POSITIVE_INFINITY) as number;
      const y = (b ?? Number.POSITIVE_INFINITY) as number;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'integer': {
      const x = a as number;
      const y = b as number;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'unorderable':
      throw unorderable(field);
  }
}

/**
 * A comparator for `Array.prototype.sort` (which is stable) on one field.
 * `desc` compares in reverse, so ties keep their natural order.
 *
 * @param entity - the entity (for the field's kind)
 * @param field - the field to sort by
 * @param order - `asc` or `desc`
 * @param read - how to read the field (default `item[field]`)
 * @throws InvalidArgumentError for a name that is not a field of the entity
 */
export function fieldComparator<T>(
  entity: EntityName,
  field: string,
  order: SortOrder,
  read: FieldReader<T> = readField,
): (a: T, b: T) => number {
  const kind = fieldKind(entity, field);
  if (kind === undefined) throw new InvalidArgumentError(`Invalid sort_by: ${field}`);
  const sign = order === 'desc' ? -1 : 1;
  return (a, b) => sign * compareFieldValues(kind, field, read(a, field), read(b, field));
}

/**
 * Sorts items (given in natural order) by a field, stably, in place. `sortBy`
 * `null` keeps the natural order.
 *
 * @param entity - the entity
 * @param items - the items in natural order; sorted in place
 * @param sortBy - the field, or `null`
 * @param order - `asc` or `desc`
 * @param read - how to read the field
 * @returns the same array
 */
export function sortItems<T>(
  entity: EntityName,
  items: T[],
  sortBy: string | null | undefined,
  order: SortOrder = 'asc',
  read: FieldReader<T> = readField,
): T[] {
  if (sortBy === null || sortBy === undefined || items.length < 2) {
    if (sortBy !== null && sortBy !== undefined && fieldKind(entity, sortBy) === undefined) {
      throw new InvalidArgumentError(`Invalid sort_by: ${sortBy}`);
    }
    return items;
  }
  return items.sort(fieldComparator(entity, sortBy, order, read));
}
