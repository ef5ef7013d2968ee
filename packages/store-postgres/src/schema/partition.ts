import type { SqlClient } from '../sql/client';

const TABLES = [
  'agl_spans',
  'agl_span_sequences',
  'agl_attempts',
  'agl_rollouts',
  'agl_workers',
  'agl_resources',
  'agl_idempotency',
];

/**
 * Deletes every row of a partition (rollouts, attempts, spans, workers,
 * resources, sequence counters, idempotency keys) in one transaction. Stores open on that
 * partition see an empty store afterwards.
 *
 * @param client - the database
 * @param partition - the partition to empty
 * @returns the number of rows deleted
 */
export async function deletePartition(client: SqlClient, partition: string): Promise<number> {
  return client.transaction(async (tx) => {
    let deleted = 0;
    for (const table of TABLES) {
      const rows = await tx.query(`DELETE FROM ${table} WHERE partition = $1 RETURNING 1`, [
        partition,
      ]);
      deleted += rows.length;
    }
    return deleted;
  });
}
