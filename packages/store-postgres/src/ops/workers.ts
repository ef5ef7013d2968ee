import { InvalidArgumentError, type QueryWorkersOptions, type WorkerUpdate } from '@agl/store-core';
import { heartbeatPatch, workersQuery } from '@agl/store-core/backend';
import type { PaginatedResult, Worker } from '@agl/types';
import { runSqlQuery } from '../query/run';
import { decodeWorker, WORKER_COLUMNS } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { upsertWorker } from './worker-rows';

/**
 * Records a heartbeat (with the shared `heartbeatPatch`):
 * `last_heartbeat_time` and, when given, `heartbeat_stats`; creates the
 * worker (`unknown`) when new. One atomic upsert.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param workerId - the worker
 * @param update - the stats
 * @param now - the current time
 * @throws InvalidArgumentError (`TypeError`) when the stats are not an object
 */
export function updateWorker(
  sql: SqlExecutor,
  partition: string,
  workerId: string,
  update: WorkerUpdate,
  now: number,
): Promise<Worker> {
  const stats: unknown = update.heartbeatStats;
  if (
    stats !== undefined &&
    (typeof stats !== 'object' || stats === null || Array.isArray(stats))
  ) {
    throw new InvalidArgumentError('heartbeat_stats must be an object', {
      pythonType: 'TypeError',
    });
  }
  return upsertWorker(sql, partition, workerId, heartbeatPatch(now, update.heartbeatStats));
}

/**
 * Reads one worker, or `null`.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param workerId - the worker
 */
export async function getWorkerById(
  sql: SqlExecutor,
  partition: string,
  workerId: string,
): Promise<Worker | null> {
  const [row] = await sql.query(
    `SELECT ${WORKER_COLUMNS} FROM agl_workers WHERE partition = $1 AND worker_id = $2`,
    [partition, workerId],
  );
  return row ? decodeWorker(row) : null;
}

/**
 * Lists workers (creation order by default).
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param options - filters, sorting and pagination
 */
export function queryWorkers(
  sql: SqlExecutor,
  partition: string,
  options: QueryWorkersOptions,
): Promise<PaginatedResult<Worker>> {
  return runSqlQuery(sql, workersQuery(options), {
    from: 'agl_workers w',
    alias: 'w',
    partition,
    naturalOrder: 'w.seq',
    columns: WORKER_COLUMNS,
    decode: decodeWorker,
  });
}
