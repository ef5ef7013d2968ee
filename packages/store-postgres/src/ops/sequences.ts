import type { SqlExecutor } from '../sql/client';

/**
 * Issues sequence ids in one atomic upsert of the per-rollout counters
 * (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`): each rollout's counter
 * grows by the number of ids asked for it, and concurrent callers, in any
 * process, get disjoint ranges. Counters are locked in id order, so batches
 * never deadlock.
 *
 * @param sql - a connection or transaction
 * @param partition - the store's partition
 * @param rolloutIds - one entry per id wanted (a rollout may repeat)
 * @returns the ids, in input order, consecutive per rollout
 */
export async function issueSequenceIds(
  sql: SqlExecutor,
  partition: string,
  rolloutIds: readonly string[],
): Promise<number[]> {
  if (rolloutIds.length === 0) return [];
  const counts = new Map<string, number>();
  for (const id of rolloutIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const ids = [...counts.keys()].sort();
  const rows = await sql.query<{ rollout_id: string; value: number }>(
    `INSERT INTO agl_span_sequences AS s (partition, rollout_id, value)
      SELECT $1, t.rollout_id, t.n FROM unnest($2::text[], $3::int8[]) AS t(rollout_id, n)
       ORDER BY t.rollout_id
      ON CONFLICT (partition, rollout_id) DO UPDATE SET value = s.value + EXCLUDED.value
      RETURNING rollout_id, value`,
    [partition, ids, ids.map((id) => counts.get(id))],
  );
  const next = new Map<string, number>();
  for (const row of rows) {
    next.set(row.rollout_id, Number(row.value) - (counts.get(row.rollout_id) ?? 0) + 1);
  }
  return rolloutIds.map((id) => {
    const value = next.get(id) as number;
    next.set(id, value + 1);
    return value;
  });
}
