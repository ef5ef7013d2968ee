import type { StoreOptions } from '@agl/store-core';
import type { SqlClient } from './sql/client';
import type { SynchronousCommit } from './sql/session';

/** The partition a store uses when none is given. */
export const DEFAULT_PARTITION = 'default';

/** Options every PostgreSQL-backed store accepts. */
export interface PostgresStoreOptions extends StoreOptions {
  /**
   * The partition this store reads and writes (default `default`). Stores
   * with different partitions share one database without seeing each
   * other's data; stores (in any process) with the same partition share one
   * state. A non-empty string of at most 200 characters.
   */
  partition?: string;
}

/** Options of `PostgresLightningStore.open`: a store on an existing client. */
export interface OpenPostgresStoreOptions extends PostgresStoreOptions {
  /** The database connection (`createPgClient` or `createPgliteClient`). */
  client: SqlClient;
  /** Close `client` when the store is closed (default false: the caller owns it). */
  ownsClient?: boolean;
  /** Apply pending schema migrations first (default true). */
  migrate?: boolean;
}

/** Options of `createPostgresStore`. */
export interface CreatePostgresStoreOptions extends PostgresStoreOptions {
  /** A `postgres://user@host:port/database` URL. */
  databaseUrl: string;
  /** Most pooled connections (default 10), plus one for `LISTEN`. */
  maxConnections?: number;
  /**
   * When PostgreSQL acknowledges a commit (default `on`: flushed to disk, so
   * acknowledged writes survive a crash of the store process and of the
   * database server). `off` keeps them safe from a store-process crash only;
   * see `SynchronousCommit`.
   */
  synchronousCommit?: SynchronousCommit;
}

/** Options of `createEmbeddedPostgresStore`. */
export interface CreateEmbeddedStoreOptions extends PostgresStoreOptions {
  /** Directory the embedded database persists to (created if needed); absent = in memory only. */
  dataDir?: string;
}
