import { mkdir } from 'node:fs/promises';
import { lockDataDir } from './data-dir-lock';
import type { CreateEmbeddedStoreOptions, CreatePostgresStoreOptions } from './options';
import type { SqlClient } from './sql/client';
import { createPgClient } from './sql/pg-client';
import { createPgliteClient } from './sql/pglite-client';
import { PostgresLightningStore } from './store';

function storeOptions<T extends { partition?: string }>(options: T, client: SqlClient) {
  return { ...options, client, ownsClient: true };
}

/**
 * Opens a store on a PostgreSQL server: a connection pool to `databaseUrl`,
 * migrations applied, notifications subscribed. `close()` closes the pool.
 *
 * @param options - database URL, pool size, durability, partition, clock and watchdog settings
 * @throws UnavailableError when the server cannot be reached
 *
 * @example
 * ```ts
 * const store = await createPostgresStore({ databaseUrl: 'postgres://postgres@127.0.0.1/agl' });
 * ```
 */
export async function createPostgresStore(
  options: CreatePostgresStoreOptions,
): Promise<PostgresLightningStore> {
  const { databaseUrl, maxConnections, synchronousCommit, ...rest } = options;
  const client = createPgClient({
    databaseUrl,
    ...(maxConnections === undefined ? {} : { maxConnections }),
    ...(synchronousCommit === undefined ? {} : { synchronousCommit }),
  });
  return PostgresLightningStore.open(storeOptions(rest, client));
}

/**
 * Opens a store on embedded PGlite (PostgreSQL in WebAssembly, in this
 * process), persisted to `dataDir` (created if needed) or kept in memory
 * when no directory is given. One process at a time may open a directory:
 * a lock file (`agl-store.lock`, the owner's pid) refuses a second one, and a
 * lock left by a process that no longer runs is taken over.
 * `close()` closes the database.
 *
 * @param options - data directory, partition, clock and watchdog settings
 * @throws DataDirLockedError when another live process has the directory open
 *
 * @example
 * ```ts
 * const store = await createEmbeddedPostgresStore({ dataDir: './agl-data' });
 * ```
 */
export async function createEmbeddedPostgresStore(
  options: CreateEmbeddedStoreOptions = {},
): Promise<PostgresLightningStore> {
  const { dataDir, ...rest } = options;
  if (dataDir === undefined)
    return PostgresLightningStore.open(storeOptions(rest, await createPgliteClient({})));
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const pglite = await createPgliteClient({ dataDir });
    // The lock lives as long as the database: closing the store closes the client.
    const client: SqlClient = {
      ...pglite,
      close: async () => {
        try {
          await pglite.close();
        } finally {
          await unlock();
        }
      },
    };
    return await PostgresLightningStore.open(storeOptions(rest, client));
  } catch (error) {
    await unlock();
    throw error;
  }
}
