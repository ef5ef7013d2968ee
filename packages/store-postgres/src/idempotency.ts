import type { IdempotencyScope } from '@agl/store-core/backend';
import type { SqlExecutor, SqlStatement } from './sql/client';
import { allInOrder } from './sql/in-order';

/**
 * Durable idempotency keys: a keyed write takes a transaction-scoped
 * advisory lock on its key (so concurrent requests with one key, in any
 * process, run one after the other), returns the result recorded by an
 * earlier run when there is one, and otherwise records its own result in the
 * same transaction as its effect. A crash before commit loses both; after
 * commit both survive, so a retry is answered from the record and the write
 * is never applied twice while the key lives.
 *
 * @module
 */

/** Expired keys deleted per keyed write (bounded, so one write never pays for a backlog). */
const EXPIRED_PER_WRITE = 32;

/** What a keyed write found: the recorded result of an earlier run, or nothing. */
export type KeyLookup = { found: true; value: unknown } | { found: false };

/**
 * Locks the key for the rest of the transaction and reads its live record.
 *
 * @param sql - the transaction
 * @param partition - the store's partition
 * @param scope - the key
 * @param now - the operation's time in epoch seconds
 */
export async function lockAndLookUp(
  sql: SqlExecutor,
  partition: string,
  scope: IdempotencyScope,
  now: number,
): Promise<KeyLookup> {
  // Both issued at once (one round trip on a pipelining driver); the lookup
  // still runs after the lock is granted, and as its own statement it reads a
  // snapshot taken then, so it sees a record committed while it waited.
  const [, [row]] = await allInOrder([
    sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [
      JSON.stringify([partition, scope.key]),
    ]),
    sql.query<{ result: string }>(
      'SELECT result FROM agl_idempotency WHERE partition = $1 AND key = $2 AND expires_at > $3',
      [partition, scope.key, now],
    ),
  ]);
  return row === undefined ? { found: false } : { found: true, value: JSON.parse(row.result) };
}

/**
 * The JSON text of a result, or `undefined` when it cannot be recorded
 * faithfully (it holds an error or something JSON cannot express): such a
 * result is not remembered and a retry runs again.
 *
 * @param value - the result of the write
 */
export function recordable(value: unknown): string | undefined {
  try {
    return JSON.stringify(value === undefined ? null : value, (_key, item) => {
      if (item instanceof Error) throw item;
      return item;
    });
  } catch {
    return undefined;
  }
}

/**
 * The statement that records a result under the key (replacing an expired
 * record) and deletes a few expired keys of the partition.
 *
 * @param partition - the store's partition
 * @param scope - the key and its lifetime
 * @param now - the operation's time in epoch seconds
 * @param text - the result's JSON text (`recordable`)
 */
export function recordStatement(
  partition: string,
  scope: IdempotencyScope,
  now: number,
  text: string,
): SqlStatement {
  return {
    text: `WITH expired AS (
       DELETE FROM agl_idempotency WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM agl_idempotency
          WHERE partition = $1 AND expires_at <= $4 AND key <> $2
          LIMIT ${EXPIRED_PER_WRITE}))
     )
     INSERT INTO agl_idempotency (partition, key, result, expires_at) VALUES ($1, $2, $3, $5)
     ON CONFLICT (partition, key) DO UPDATE SET result = EXCLUDED.result,
       expires_at = EXCLUDED.expires_at`,
    values: [partition, scope.key, text, now, now + scope.ttlSeconds],
  };
}

/**
 * `lockAndLookUp` for several keys in one round trip: the keys' locks are
 * taken in a fixed order (of their lock ids), so two callers holding
 * overlapping key sets cannot deadlock, then their live records are read.
 *
 * @param sql - the transaction
 * @param partition - the store's partition
 * @param keys - the keys (distinct)
 * @param now - the operation's time in epoch seconds
 * @returns the parsed record of each key that has one
 */
export async function lockAndLookUpMany(
  sql: SqlExecutor,
  partition: string,
  keys: readonly string[],
  now: number,
): Promise<Map<string, unknown>> {
  const [, rows] = await allInOrder([
    sql.query(
      `SELECT count(pg_advisory_xact_lock(h)) FROM (
         SELECT DISTINCT hashtextextended(k, 7) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS x`,
      [keys.map((key) => JSON.stringify([partition, key]))],
    ),
    sql.query<{ key: string; result: string }>(
      `SELECT key, result FROM agl_idempotency
        WHERE partition = $1 AND key = ANY($2::text[]) AND expires_at > $3`,
      [partition, keys, now],
    ),
  ]);
  return new Map(rows.map((row) => [row.key, JSON.parse(row.result)]));
}

/**
 * `recordStatement` for several keys (distinct) in one statement.
 *
 * @param partition - the store's partition
 * @param records - each key, its lifetime and its result's JSON text
 * @param now - the operation's time in epoch seconds
 */
export function recordManyStatement(
  partition: string,
  records: readonly { scope: IdempotencyScope; text: string }[],
  now: number,
): SqlStatement {
  return {
    text: `WITH expired AS (
       DELETE FROM agl_idempotency WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM agl_idempotency
          WHERE partition = $1 AND expires_at <= $4 AND key <> ALL($2::text[])
          LIMIT ${EXPIRED_PER_WRITE}))
     )
     INSERT INTO agl_idempotency (partition, key, result, expires_at)
     SELECT $1, t.key, t.result, t.expires_at
       FROM unnest($2::text[], $3::text[], $5::float8[]) AS t(key, result, expires_at)
     ON CONFLICT (partition, key) DO UPDATE SET result = EXCLUDED.result,
       expires_at = EXCLUDED.expires_at`,
    values: [
      partition,
      records.map((r) => r.scope.key),
      records.map((r) => r.text),
      now,
      records.map((r) => now + r.scope.ttlSeconds),
    ],
  };
}
