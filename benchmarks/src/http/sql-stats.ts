/**
 * A diagnostic for the PostgreSQL rows: wraps the store's SQL client and
 * counts the statements each server process sends (a transaction's `BEGIN`
 * and `COMMIT` count as one round trip each), printed to stderr when the
 * server stops. Enabled with `AGL_BENCH_SQL_STATS=1`; divide by the rollouts
 * of the row for round trips per rollout.
 *
 * @module
 */
import type { SqlClient, SqlExecutor } from '@agl/store-postgres';

const counts = new Map<string, number>();

function count(text: string): void {
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * The client, counting what goes through it.
 *
 * @param client - the real client
 */
export function countingClient(client: SqlClient): SqlClient {
  const counted = (sql: SqlExecutor): SqlExecutor => ({
    query: (text, params) => {
      count(text);
      return sql.query(text, params);
    },
  });
  return {
    ...client,
    kind: client.kind,
    query: counted(client).query,
    transaction: (fn) => {
      count('BEGIN … COMMIT (2 round trips)');
      return client.transaction((tx) => fn(counted(tx)));
    },
    ...(client.transactionThen
      ? {
          transactionThen: <T>(
            fn: (tx: SqlExecutor) => Promise<T>,
            last: (result: T) => readonly { text: string; values: readonly unknown[] }[],
          ) => {
            count('BEGIN … COMMIT, pipelined');
            return (client.transactionThen as NonNullable<typeof client.transactionThen>)(
              (tx) => fn(counted(tx)),
              (result) => {
                const statements = last(result);
                for (const s of statements) count(`(with COMMIT) ${s.text}`);
                return statements;
              },
            );
          },
        }
      : {}),
    listen: (...args) => client.listen(...args),
    close: () => client.close(),
  };
}

/** Forgets the counts so far (the set-up's statements). */
export function resetSqlStats(): void {
  counts.clear();
}

/**
 * Writes the counts, most frequent first, to stderr.
 *
 * @param rollouts - when given, also each count per rollout
 */
export function printSqlStats(rollouts?: number): void {
  const lines = [...counts].sort((a, b) => b[1] - a[1]);
  const per = (n: number) => (rollouts ? ` ${(n / rollouts).toFixed(2).padStart(6)}/rollout` : '');
  const total = lines.reduce((sum, [, n]) => sum + n, 0);
  process.stderr.write(
    `SQL statements of process ${process.pid}${per(total) ? ` (all:${per(total)})` : ''}:\n${lines.map(([k, n]) => `${String(n).padStart(8)}${per(n)}  ${k}`).join('\n')}\n`,
  );
}
