import { InvalidStateError } from '@agl/store-core';
import type { SqlClient } from '../sql/client';
import { MIGRATIONS, type Migration } from './migrations';

/** Advisory lock key held (per transaction) while migrations run: "AGL" + 0. */
export const MIGRATION_LOCK_KEY = 0x41474c00;

/** What `migrate` did. */
export interface MigrationResult {
  /** Versions applied by this call, oldest first (empty when the schema was current). */
  readonly applied: readonly number[];
  /** The schema version now in the database. */
  readonly version: number;
}

/**
 * Brings the database schema up to date. Safe to run from several processes
 * at once: one transaction takes a transaction-scoped advisory lock, reads
 * `agl_migrations` and applies the missing versions (PostgreSQL DDL is
 * transactional, so a failure applies nothing); concurrent callers wait for
 * the lock and then find nothing left to do.
 *
 * @param client - the database
 * @param migrations - the migrations (default: this package's)
 * @throws InvalidStateError when the database has a newer schema than this package knows
 */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS agl_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM agl_migrations');
    const done = new Set(rows.map((row) => row.version));
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    const newest = Math.max(0, ...done);
    if (newest > latest) {
      throw new InvalidStateError(
        `The database schema is at version ${newest}, newer than this package supports (${latest}); upgrade @agl/store-postgres`,
      );
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO agl_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied, version: latest };
  });
}
