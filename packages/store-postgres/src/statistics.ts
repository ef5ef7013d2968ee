import { buildStatistics } from '@agl/store-core/backend';
import type { StoreStatistics } from '@agl/types';
import type { SqlExecutor } from './sql/client';

const TABLES = {
  total_rollouts: 'agl_rollouts',
  total_attempts: 'agl_attempts',
  total_spans: 'agl_spans',
  total_resources: 'agl_resources',
  total_workers: 'agl_workers',
} as const;

/**
 * The partition's statistics in one statement: `name`, the
 * five collection sizes and `uptime`. A database store has no span memory
 * accounting, so the memory figures of the in-memory store are not reported.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param name - the store's name
 * @param uptime - seconds since the store was opened
 */
export async function readStatistics(
  sql: SqlExecutor,
  partition: string,
  name: string,
  uptime: number,
): Promise<StoreStatistics> {
  const columns = Object.entries(TABLES)
    .map(([key, table]) => `(SELECT count(*) FROM ${table} WHERE partition = $1) AS ${key}`)
    .join(', ');
  const [row] = await sql.query(`SELECT ${columns}`, [partition]);
  const count = (key: keyof typeof TABLES) => Number(row?.[key] ?? 0);
  return buildStatistics(
    name,
    {
      total_rollouts: count('total_rollouts'),
      total_attempts: count('total_attempts'),
      total_spans: count('total_spans'),
      total_resources: count('total_resources'),
      total_workers: count('total_workers'),
    },
    { uptime },
  );
}
