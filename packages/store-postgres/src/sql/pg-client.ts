import { InvalidArgumentError, optionWithAlias } from '@agl/store-core';
import { millisecondsToSeconds } from '@agl/store-core/backend';
import pg from 'pg';
import type { SqlClient, SqlExecutor, SqlRow, SqlStatement } from './client';
import { allInOrder } from './in-order';
import { PgListener } from './pg-listener';
import { type SynchronousCommit, sessionOptions } from './session';
import { statementName } from './statement-names';

/** Options of `createPgClient`. */
export interface PgClientOptions {
  /** A `postgres://` URL. */
  readonly databaseUrl: string;
  /** Most connections the pool opens (default 10); one more is used for `LISTEN`. */
  readonly maxConnections?: number;
  /** Seconds to wait for a new connection before failing (default 10). */
  readonly connectionTimeoutSeconds?: number;
  /** @deprecated Use `connectionTimeoutSeconds`; milliseconds, kept for one release (both with different values throw). */
  readonly connectionTimeoutMs?: number;
  /** Application name shown in `pg_stat_activity` (default `agl-store`). */
  readonly applicationName?: string;
  /** When commits are acknowledged (default `on`: durable on disk); see `SynchronousCommit`. */
  readonly synchronousCommit?: SynchronousCommit;
}

/** The pool's connection timeout in milliseconds, from either name of the option. */
function connectionTimeoutMillis(options: PgClientOptions): number {
  const { connectionTimeoutSeconds: seconds, connectionTimeoutMs: ms } = options;
  const resolved = optionWithAlias(seconds, ms, {
    name: 'connectionTimeoutSeconds',
    aliasName: 'connectionTimeoutMs',
    fromAlias: millisecondsToSeconds,
  });
  const value = resolved === undefined ? 10_000 : resolved * 1000;
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError(
      `${seconds !== undefined ? 'connectionTimeoutSeconds' : 'connectionTimeoutMs'} must be a finite number > 0, got ${seconds ?? ms}`,
    );
  // node-postgres reads 0 as "no timeout"; a sub-millisecond value must still time out.
  return Math.max(1, Math.round(value));
}

/** int8 (`count(*)`, bigint columns) as a JS number: every value the store keeps is below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function executor(target: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<R extends SqlRow>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await target.query<R>({
        name: statementName(text),
        text,
        values: params as unknown[],
      });
      return result.rows;
    },
  };
}

/** The socket under a pooled client (not in node-postgres' typings). */
type WithStream = { connection?: { stream?: { cork?(): void; uncork?(): void } } };

/**
 * Runs `issue` with the connection's socket corked: the statements it sends
 * (synchronously, in pipeline mode) leave in one write instead of one each.
 */
function corked<T>(connection: pg.PoolClient, issue: () => T): T {
  const stream = (connection as unknown as WithStream).connection?.stream;
  stream?.cork?.();
  try {
    return issue();
  } finally {
    stream?.uncork?.();
  }
}

/**
 * A `SqlClient` over a node-postgres pool (named prepared statements,
 * parameterised, run with generic plans; see `sessionOptions`), plus one
 * dedicated connection for `LISTEN`.
 *
 * @param options - the database URL, pool and durability settings
 * @throws InvalidArgumentError for an unknown `synchronousCommit` value or a bad connection timeout
 */
export function createPgClient(options: PgClientOptions): SqlClient {
  const config: pg.PoolConfig = {
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: connectionTimeoutMillis(options),
    application_name: options.applicationName ?? 'agl-store',
    options: sessionOptions(options.databaseUrl, options.synchronousCommit),
    types,
  };
  const pool = new pg.Pool({ ...config, pipeline: true });
  // An idle connection that dies (server restart) must not crash the process;
  // the next checkout opens a new one.
  pool.on('error', () => undefined);
  const listener = new PgListener(config);
  const direct = executor(pool);
  let closed: Promise<void> | undefined;
  /**
   * The connections run in pipeline mode: a statement is written as soon as
   * it is issued, without waiting for the answer to the previous one (each
   * carries its own Sync, so an error still fails only its own statement, and
   * inside a transaction every later one). `BEGIN` goes out with the first
   * statement and `COMMIT` with the closing ones.
   */
  async function inTransaction<T>(
    fn: (tx: SqlExecutor) => Promise<T>,
    last: (result: T) => readonly SqlStatement[],
  ): Promise<T> {
    const connection = await pool.connect();
    let broken: Error | undefined;
    // A connection cut while checked out emits 'error' on the client, which the
    // pool only listens to while the client is idle: without a listener here
    // the process would die. The failure also reaches the pending query.
    const onError = (error: Error) => {
      broken = error;
    };
    connection.on('error', onError);
    try {
      const tx = executor(connection);
      // Not awaited before the first statement: it is answered first, so a failed
      // BEGIN rejects here before any later answer is looked at.
      const began = corked(connection, () => [connection.query('BEGIN'), fn(tx)] as const);
      const [, result] = await allInOrder(began);
      const closing = corked(connection, () => [
        ...last(result).map((s) => tx.query(s.text, s.values)),
        connection.query('COMMIT'),
      ]);
      await allInOrder(closing);
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      connection.off('error', onError);
      connection.release(broken);
    }
  }
  return {
    kind: 'pg',
    pool,
    query: direct.query,
    transaction: (fn) => inTransaction(fn, () => []),
    transactionThen: inTransaction,
    listen: (channel, onNotify, onResync) => listener.listen(channel, onNotify, onResync),
    close() {
      closed ??= Promise.all([listener.close(), pool.end()]).then(() => undefined);
      return closed;
    },
  };
}
