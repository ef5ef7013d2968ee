import { InvalidStateError } from '@agl/store-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgClient, createPgliteClient, MIGRATIONS, migrate } from '../../src/index';
import type { SqlClient } from '../../src/sql/client';
import { uniquePartition } from '../support/database';

describe('migrate on embedded PGlite', () => {
  let client: SqlClient;
  beforeAll(async () => {
    client = await createPgliteClient();
  }, 60_000);
  afterAll(() => client.close());

  it('applies every migration once, then nothing', async () => {
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(await migrate(client)).toEqual({
      applied: MIGRATIONS.map((m) => m.version),
      version: latest,
    });
    expect(await migrate(client)).toEqual({ applied: [], version: latest });
    const rows = await client.query('SELECT version FROM agl_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database whose schema is newer than the package', async () => {
    await client.query("INSERT INTO agl_migrations (version, name) VALUES (9999, 'future')");
    await expect(migrate(client)).rejects.toThrow(/newer than this package supports/);
    await expect(migrate(client)).rejects.toThrow(InvalidStateError);
    await client.query('DELETE FROM agl_migrations WHERE version = 9999');
  });
});

const url = inject('pgUrl');

describe.skipIf(url === null)('migrate on a fresh PostgreSQL database', () => {
  const database = uniquePartition('agl_migrate').replace(/-/g, '_');
  let admin: SqlClient;
  let clients: SqlClient[] = [];

  beforeAll(async () => {
    admin = createPgClient({ databaseUrl: url as string, maxConnections: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    const target = new URL(url as string);
    target.pathname = `/${database}`;
    clients = Array.from({ length: 4 }, () =>
      createPgClient({ databaseUrl: target.toString(), maxConnections: 1 }),
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.close();
  });

  it('four processes migrating at once apply each version exactly once', async () => {
    const results = await Promise.all(clients.map((client) => migrate(client)));
    const applied = results.flatMap((result) => result.applied);
    expect(applied.sort()).toEqual(MIGRATIONS.map((m) => m.version).sort());
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    const [row] = await (clients[0] as SqlClient).query('SELECT count(*) AS n FROM agl_migrations');
    expect(row?.n).toBe(MIGRATIONS.length);
  });
});
