import type { WorkerPatch } from '@agl/store-core/backend';
import type { Worker } from '@agl/types';
import type { TxContext } from '../context';
import { Params } from '../query/compile';
import { decodeWorker, WORKER_COLUMNS } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { upsertWorkerSql } from './write-sql';

/**
 * Upserts a worker with the fields of a patch computed by the shared
 * telemetry rules (`heartbeatPatch`, ...) in one atomic statement and returns
 * it. Inside a transaction, use `ctx.writes.patchWorker` instead.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param workerId - the worker
 * @param patch - the fields to write
 * @returns the stored worker
 */
export async function upsertWorker(
  sql: SqlExecutor,
  partition: string,
  workerId: string,
  patch: WorkerPatch,
): Promise<Worker> {
  const params = new Params();
  const upsert = upsertWorkerSql(params, params.add(partition), workerId, patch);
  const [row] = await sql.query(`${upsert} RETURNING ${WORKER_COLUMNS}`, params.values);
  return decodeWorker(row as Record<string, unknown>);
}

/**
 * Reads a worker, locking its row when it exists (for read-modify-write rules
 * such as "mark idle").
 *
 * @param ctx - the transaction
 * @param workerId - the worker
 */
export async function lockWorker(ctx: TxContext, workerId: string): Promise<Worker | null> {
  const [row] = await ctx.sql.query(
    `SELECT ${WORKER_COLUMNS} FROM agl_workers WHERE partition = $1 AND worker_id = $2 FOR UPDATE`,
    [ctx.partition, workerId],
  );
  return row ? decodeWorker(row) : null;
}
