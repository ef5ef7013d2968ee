import type { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor, SqlRow } from './client';
import { checkChannelName, ListenerRegistry } from './listeners';
import { Mutex } from './mutex';

/** Options of `createPgliteClient`. */
export interface PgliteClientOptions {
  /** Directory the database persists to; absent = in memory only. */
  readonly dataDir?: string;
}

/**
 * A `SqlClient` over embedded PGlite (PostgreSQL compiled to WebAssembly, in
 * process). PGlite has a single connection, so every statement and every
 * transaction runs under one FIFO mutex: transactions are serialised.
 * Notifications are delivered in process.
 *
 * @param options - where the data lives
 */
export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  return pgliteClient(db);
}

/**
 * Wraps an existing PGlite instance (which must not be used by anything else).
 *
 * @param db - the PGlite instance
 */
export function pgliteClient(db: PGlite): SqlClient {
  const mutex = new Mutex();
  const registry = new ListenerRegistry();
  const unlisten = new Map<string, () => Promise<void>>();
  const run: SqlExecutor = {
    async query<R extends SqlRow>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await db.query<R>(text, params as unknown[]);
      return result.rows;
    },
  };
  let closed: Promise<void> | undefined;
  return {
    kind: 'pglite',
    query: (text, params) => mutex.run(() => run.query(text, params)),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        await db.exec('BEGIN');
        try {
          const result = await fn(run);
          await db.exec('COMMIT');
          return result;
        } catch (error) {
          await db.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async listen(channel, onNotify, onResync) {
      checkChannelName(channel);
      const { subscriber, first } = registry.add(channel, onNotify, onResync);
      if (first) {
        const stop = await mutex.run(() =>
          db.listen(channel, (payload) => registry.dispatch(channel, payload)),
        );
        unlisten.set(channel, () => stop());
      }
      return async () => {
        if (!registry.remove(channel, subscriber)) return;
        const stop = unlisten.get(channel);
        unlisten.delete(channel);
        if (stop) await mutex.run(stop);
      };
    },
    close() {
      closed ??= mutex.run(() => db.close());
      return closed;
    },
  };
}
