import type { QueryRolloutsOptions } from '@agl/store-core';
import { rolloutsQuery } from '@agl/store-core/backend';
import type { AttemptedRollout, PaginatedResult, Rollout } from '@agl/types';
import { runSqlQuery } from '../query/run';
import { ATTEMPT_COLUMNS, decodeAttempt, decodeRollout, ROLLOUT_COLUMNS } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { ROLLOUT_WITH_LATEST, withAttempt } from './rollouts';

/**
 * Lists rollouts: one statement returns the page
 * with each rollout's latest attempt (an outer join on
 * `sequence_id = attempt_count`) and the total.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param options - filters, sorting and pagination
 */
export function queryRollouts(
  sql: SqlExecutor,
  partition: string,
  options: QueryRolloutsOptions,
): Promise<PaginatedResult<Rollout | AttemptedRollout>> {
  return runSqlQuery(sql, rolloutsQuery(options), {
    from: ROLLOUT_WITH_LATEST,
    alias: 'r',
    partition,
    naturalOrder: 'r.seq',
    columns: `${ROLLOUT_COLUMNS}, ${ATTEMPT_COLUMNS}`,
    decode: (row) => withAttempt(decodeRollout(row).rollout, decodeAttempt(row)),
  });
}
