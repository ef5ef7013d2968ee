import type { FilterLogic } from '@agl/types';

/** A field equals the expected value. */
export interface ExactCondition {
  /** Wire field name. */
  readonly field: string;
  /** Operator. */
  readonly op: 'exact';
  /** Expected value. */
  readonly value: unknown;
}

/** A field is one of the expected values (an empty list never matches). */
export interface WithinCondition {
  /** Wire field name. */
  readonly field: string;
  /** Operator. */
  readonly op: 'within';
  /** Accepted values. */
  readonly values: readonly unknown[];
}

/**
 * The expected string is a substring of the field (case-sensitive), or, for
 * an array field, one of its elements. A `null` field never matches.
 */
export interface ContainsCondition {
  /** Wire field name. */
  readonly field: string;
  /** Operator. */
  readonly op: 'contains';
  /** Expected substring or element. */
  readonly value: string;
}

/** One query condition, as data a backend can inspect or evaluate. */
export type Condition = ExactCondition | WithinCondition | ContainsCondition;

/**
 * The filter part of a list query: a `must` group always
 * AND-ed, and a pool combined by `logic`. Under `or` an empty pool does not
 * hold; a query with no condition at all matches everything.
 */
export interface FilterSpec {
  /** Conditions that always hold (used by span queries). */
  readonly must: readonly Condition[];
  /** Optional conditions combined by `logic`. */
  readonly pool: readonly Condition[];
  /** `and` or `or`. */
  readonly logic: FilterLogic;
}

/** Reads a field of an item; the default reads the property of that name. */
export type FieldReader<T> = (item: T, field: string) => unknown;

/** The default field reader: `item[field]`. */
export function readField(item: unknown, field: string): unknown {
  return (item as Record<string, unknown>)[field];
}

/**
 * Evaluates one condition against a field value.
 *
 * @param condition - the condition
 * @param actual - the item's value of `condition.field`
 */
export function conditionHolds(condition: Condition, actual: unknown): boolean {
  switch (condition.op) {
    case 'exact':
      return actual === condition.value;
    case 'within':
      return condition.values.includes(actual);
    case 'contains':
      if (typeof actual === 'string') return actual.includes(condition.value);
      if (Array.isArray(actual)) return actual.includes(condition.value);
      return false;
  }
}

/**
 * Whether an item matches a filter.
 *
 * @param filter - the filter
 * @param item - the item
 * @param read - how to read a field (default `item[field]`)
 */
export function matchesFilter<T>(
  filter: FilterSpec,
  item: T,
  read: FieldReader<T> = readField,
): boolean {
  for (const condition of filter.must) {
    if (!conditionHolds(condition, read(item, condition.field))) return false;
  }
  const { pool } = filter;
  if (pool.length === 0) return filter.logic === 'and' || filter.must.length === 0;
  if (filter.logic === 'and') {
    for (const condition of pool) {
      if (!conditionHolds(condition, read(item, condition.field))) return false;
    }
    return true;
  }
  for (const condition of pool) {
    if (conditionHolds(condition, read(item, condition.field))) return true;
  }
  return false;
}

/** Whether a filter accepts every item (no condition at all). */
export function filterIsEmpty(filter: FilterSpec): boolean {
  return filter.must.length === 0 && filter.pool.length === 0;
}

/**
 * The values a field must take for an item to match, when the filter pins it
 * down (an `exact` or `within` condition in the must group, in an `and` pool,
 * or as the only condition of an `or` pool), else `null`. Backends use it to
 * read candidates from an index instead of scanning; the full filter must
 * still be evaluated on the candidates.
 *
 * @param filter - the filter
 * @param field - the indexed field
 */
export function pinnedValues(filter: FilterSpec, field: string): readonly unknown[] | null {
  let pinned: unknown[] | null = null;
  const narrow = (condition: Condition) => {
    if (condition.field !== field || condition.op === 'contains') return;
    const values = condition.op === 'exact' ? [condition.value] : condition.values;
    pinned = pinned === null ? [...new Set(values)] : pinned.filter((v) => values.includes(v));
  };
  filter.must.forEach(narrow);
  if (filter.logic === 'and' || filter.pool.length === 1) filter.pool.forEach(narrow);
  return pinned;
}
