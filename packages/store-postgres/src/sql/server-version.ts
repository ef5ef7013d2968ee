import type { SqlExecutor } from './client';

/**
 * The server's version as a number (`server_version_num`: 150020 for 15.20),
 * so that a statement can use what the version offers.
 *
 * @param sql - a connection
 */
export async function serverVersionNum(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ version: string }>(
    `SELECT current_setting('server_version_num') AS version`,
  );
  return Number(row?.version ?? 0);
}
