/**
 * A persistent, multi-process LightningStore on PostgreSQL (node-postgres),
 * with an embedded mode on PGlite for machines without a server.
 *
 * @module
 */

export { TERMINAL_CHANNEL } from './channel';
export { DATA_DIR_LOCK_FILE, DataDirLockedError, lockDataDir } from './data-dir-lock';
export { createEmbeddedPostgresStore, createPostgresStore } from './factory';
export {
  type CreateEmbeddedStoreOptions,
  type CreatePostgresStoreOptions,
  DEFAULT_PARTITION,
  type OpenPostgresStoreOptions,
  type PostgresStoreOptions,
} from './options';
export { MIGRATION_LOCK_KEY, type MigrationResult, migrate } from './schema/migrate';
export { MIGRATIONS, type Migration } from './schema/migrations';
export { deletePartition } from './schema/partition';
export type {
  NotificationHandler,
  SqlClient,
  SqlExecutor,
  SqlRow,
  SqlStatement,
} from './sql/client';
export { createPgClient, type PgClientOptions } from './sql/pg-client';
export { createPgliteClient, type PgliteClientOptions, pgliteClient } from './sql/pglite-client';
export type { SynchronousCommit } from './sql/session';
export { PostgresLightningStore } from './store';
