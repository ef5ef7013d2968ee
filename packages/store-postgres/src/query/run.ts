import { fieldKind, type ListQuery } from '@agl/store-core/backend';
import type { PaginatedResult } from '@agl/types';
import type { SqlExecutor, SqlRow } from '../sql/client';
import { filterSql, orderSql, Params } from './compile';

/** Where a list query reads from and how rows become items. */
export interface SqlListSource<T> {
  /** The `FROM` clause (table with alias, joins allowed). */
  readonly from: string;
  /** Alias of the table the query's fields belong to. */
  readonly alias: string;
  /** The store's partition. */
  readonly partition: string;
  /** SQL of the natural (creation) order, the tie-breaker of every sort. */
  readonly naturalOrder: string;
  /** The `SELECT` list. */
  readonly columns: string;
  /** Extra condition on top of the filter (SQL with `$n` placeholders added to `params`). */
  readonly extra?: (params: Params) => string;
  /** Turns a row into an item. */
  readonly decode: (row: SqlRow) => T;
}

/**
 * Runs a normalised list query (built and validated by store-core's
 * `rolloutsQuery`, `spansQuery`, ...) in the database: filter, sort and page
 * in SQL, in one statement. The total comes from the page itself when the
 * page shows where the matches end (no limit, or fewer rows than the limit);
 * otherwise from a `count(*)` sub-select of the same statement, which lets
 * the page stop at its last row instead of visiting every match. A separate
 * count runs only when the page is empty but matches may exist before it.
 *
 * @param sql - a connection
 * @param query - the normalised query
 * @param source - table, columns and decoder
 */
export async function runSqlQuery<T>(
  sql: SqlExecutor,
  query: ListQuery,
  source: SqlListSource<T>,
): Promise<PaginatedResult<T>> {
  const params = new Params();
  const conditions = [
    `${source.alias}.partition = ${params.add(source.partition)}`,
    filterSql(query.filter, source.alias, params),
  ];
  if (source.extra) conditions.push(source.extra(params));
  const where = conditions.join(' AND ');
  const countSql = `SELECT count(*) FROM ${source.from} WHERE ${where}`;
  const count = async (): Promise<number> => {
    const [row] = await sql.query<{ count: number }>(countSql, params.values);
    return Number(row?.count ?? 0);
  };
  // An object field cannot be sorted: fail like the reference when two or more items match.
  const unorderable =
    query.sortBy !== null && fieldKind(query.entity, query.sortBy) === 'unorderable';
  let total = unorderable ? await count() : -1;
  const order = orderSql(query, source.alias, source.naturalOrder, total);
  const { limit, offset } = query;
  const page = new Params();
  page.values.push(...params.values);
  const paged = limit >= 0 && total < 0;
  const totalSql = paged ? `, (${countSql}) AS agl_total` : '';
  const limitSql = limit < 0 ? '' : ` LIMIT ${page.add(limit)}`;
  const rows = await sql.query(
    `SELECT ${source.columns}${totalSql} FROM ${source.from}
      WHERE ${where} ORDER BY ${order}${limitSql} OFFSET ${page.add(offset)}`,
    page.values,
  );
  if (total < 0) {
    if (rows.length > 0) total = paged ? Number(rows[0]?.agl_total) : offset + rows.length;
    else total = limit === 0 || offset > 0 ? await count() : 0;
  }
  return { items: rows.map(source.decode), limit, offset, total };
}
