import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the real-server tests look for PostgreSQL (`AGL_TEST_DATABASE_URL`). */
export function testDatabaseUrl(): string {
  return process.env.AGL_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * Tries to connect and run `SELECT 1`.
 *
 * @param url - the database URL
 * @returns `null` when it works, else a short reason
 */
export async function probeDatabase(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A partition name no other test uses. */
export function uniquePartition(prefix = 'test'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
