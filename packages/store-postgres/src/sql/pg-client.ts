import pg from 'pg';
import type { SqlClient, SqlExecutor, SqlRow } from './client';
import { PgListener } from './pg-listener';
import { type SynchronousCommit, sessionOptions } from './session';
import { statementName } from './statement-names';

/** Options of `createPgClient`. */
export interface PgClientOptions {
  /** A `postgres://` URL. */
  readonly databaseUrl: string;
  /** Most connections the pool opens (default 10); one more is used for `LISTEN`. */
  readonly maxConnections?: number;
  /** Milliseconds to wait for a new connection before failing (default 10000). */
  readonly connectionTimeoutMs?: number;
  /** Application name shown in `pg_stat_activity` (default `agl-store`). */
  readonly applicationName?: string;
  /** When commits are acknowledged (default `on`: durable on disk); see `SynchronousCommit`. */
  readonly synchronousCommit?: SynchronousCommit;
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

/**
 * A `SqlClient` over a node-postgres pool (named prepared statements,
 * parameterised, run with generic plans; see `sessionOptions`), plus one
 * dedicated connection for `LISTEN`.
 *
 * @param options - the database URL, pool and durability settings
 * @throws InvalidArgumentError for an unknown `synchronousCommit` value
 */
export function createPgClient(options: PgClientOptions): SqlClient {
  const config: pg.PoolConfig = {
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'agl-store',
    options: sessionOptions(options.databaseUrl, options.synchronousCommit),
    types,
  };
  const pool = new pg.Pool(config);
  // An idle connection that dies (server restart) must not crash the process;
  // the next checkout opens a new one.
  pool.on('error', () => undefined);
  const listener = new PgListener(config);
  const direct = executor(pool);
  let closed: Promise<void> | undefined;
  return {
    kind: 'pg',
    pool,
    query: direct.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
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
        await connection.query('BEGIN');
        const result = await fn(executor(connection));
        await connection.query('COMMIT');
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
    },
    listen: (channel, onNotify, onResync) => listener.listen(channel, onNotify, onResync),
    close() {
      closed ??= Promise.all([listener.close(), pool.end()]).then(() => undefined);
      return closed;
    },
  };
}
