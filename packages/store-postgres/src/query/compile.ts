import {
  type Condition,
  compareFieldValues,
  type FilterSpec,
  fieldKind,
  type ListQuery,
} from '@agl/store-core/backend';

/** Collects positional parameters while SQL text is built. */
export class Params {
  /** The values, in `$n` order. */
  readonly values: unknown[] = [];

  /**
   * Adds a value and returns its placeholder.
   *
   * @param value - the parameter value
   */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function withinSql(column: string, values: readonly unknown[], params: Params): string[] {
  if (values.length === 0) return [];
  // One value is an equality, so an index on (partition, field, seq) also
  // gives the natural order and a LIMIT stops after the first rows.
  if (values.length === 1) return [`${column} = ${params.add(String(values[0]))}`];
  return [`${column} = ANY(${params.add(values.map(String))}::text[])`];
}

function conditionSql(condition: Condition, alias: string, params: Params): string {
  // Field names come from store-core's validated query builders, never from callers.
  const column = `${alias}.${condition.field}`;
  switch (condition.op) {
    case 'exact':
      return `${column} = ${params.add(condition.value)}`;
    case 'within': {
      // A listed null (a rollout without a mode) needs IS NULL: `= ANY` never matches NULL.
      const values = condition.values.filter((value) => value !== null);
      const nullSql = values.length < condition.values.length ? [`${column} IS NULL`] : [];
      return [...nullSql, ...withinSql(column, values, params)].join(' OR ') || 'FALSE';
    }
    case 'contains':
      // strpos: case-sensitive substring test with no LIKE escaping; NULL never matches.
      return `strpos(${column}, ${params.add(condition.value)}) > 0`;
  }
}

/**
 * Compiles a filter into a SQL condition with the exact
 * semantics of store-core's `matchesFilter`: the `must` group AND-ed; the
 * pool combined by its logic; under `or` an empty pool holds only when there
 * is no `must` condition either.
 *
 * @param filter - the filter
 * @param alias - the table alias the fields belong to
 * @param params - where parameter values go
 */
export function filterSql(filter: FilterSpec, alias: string, params: Params): string {
  const must = filter.must.map((c) => conditionSql(c, alias, params));
  let pool: string;
  if (filter.pool.length === 0) {
    pool = filter.logic === 'and' || filter.must.length === 0 ? 'TRUE' : 'FALSE';
  } else {
    const parts = filter.pool.map((c) => `(${conditionSql(c, alias, params)})`);
    pool = parts.join(filter.logic === 'and' ? ' AND ' : ' OR ');
  }
  return [...must.map((sql) => `(${sql})`), `(${pool})`].join(' AND ');
}

/**
 * The `ORDER BY` list of a query: strings by code point
 * (`COLLATE "C"` compares UTF-8 bytes, which order like code points) with
 * null as `""`, times with null as +infinity, integers numerically; ties,
 * in both directions, keep the natural order.
 *
 * @param query - the normalised query
 * @param alias - the table alias
 * @param natural - SQL of the natural (creation) order
 * @param total - the number of matches, to fail on unorderable fields like the reference
 * @throws InvalidArgumentError (`TypeError`) when sorting two or more items by an object field
 */
export function orderSql(query: ListQuery, alias: string, natural: string, total: number): string {
  const field = query.sortBy;
  if (field === null) return natural;
  const kind = fieldKind(query.entity, field);
  const column = `${alias}.${field}`;
  const desc = query.sortOrder === 'desc';
  switch (kind) {
    case 'string':
      return `COALESCE(${column}, '') COLLATE "C" ${desc ? 'DESC' : 'ASC'}, ${natural}`;
    case 'time':
      return `${column} ${desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}, ${natural}`;
    case 'integer':
      return `${column} ${desc ? 'DESC' : 'ASC'}, ${natural}`;
    default:
      // Unorderable (objects): comparing two values fails, as in the reference.
      if (total >= 2) compareFieldValues('unorderable', field, null, null);
      return natural;
  }
}
