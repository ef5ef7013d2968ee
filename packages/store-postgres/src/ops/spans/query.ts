import type { QuerySpansOptions } from '@agl/store-core';
import { spansQuery } from '@agl/store-core/backend';
import type { PaginatedResult, Span } from '@agl/types';
import { runSqlQuery } from '../../query/run';
import type { SqlExecutor } from '../../sql/client';
import { decodeJson } from '../../sql/json';
import { getLatestAttempt } from '../attempts';

/**
 * Lists the spans of a rollout: `latest` is resolved to the
 * rollout's latest attempt now (none: an empty page); filters, sort and page
 * run in SQL over the `(partition, rollout_id, ...)` indexes.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param rolloutId - the rollout
 * @param options - attempt, filters, sorting and pagination
 */
export async function querySpans(
  sql: SqlExecutor,
  partition: string,
  rolloutId: string,
  options: QuerySpansOptions,
): Promise<PaginatedResult<Span>> {
  const requested = options.attemptId ?? null;
  let attemptId = requested;
  if (requested === 'latest') {
    attemptId = (await getLatestAttempt(sql, partition, rolloutId))?.attempt_id ?? null;
  }
  const query = spansQuery(rolloutId, attemptId, options);
  if (requested === 'latest' && attemptId === null) {
    return { items: [], limit: query.limit, offset: query.offset, total: 0 };
  }
  return runSqlQuery(sql, query, {
    from: 'agl_spans s',
    alias: 's',
    partition,
    naturalOrder: 's.seq',
    columns: 's.body',
    decode: (row) => decodeJson<Span>(row.body),
  });
}
