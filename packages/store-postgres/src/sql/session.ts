import { InvalidArgumentError } from '@agl/store-core';

/**
 * When PostgreSQL acknowledges a commit (`synchronous_commit`):
 *
 * - `on` (the default): after the commit's WAL is flushed to disk. An
 *   acknowledged write survives a crash of the store process and of the
 *   PostgreSQL server or its machine.
 * - `off`: as soon as the commit is in PostgreSQL's memory; the WAL writer
 *   flushes it within `3 × wal_writer_delay` (600 ms by default). An
 *   acknowledged write still survives a crash (even SIGKILL) of the store
 *   process, but a crash of the PostgreSQL server or its machine can lose the
 *   writes of that last moment (never corrupting the database).
 * - `local`, `remote_write`, `remote_apply`: for replicated servers, as
 *   PostgreSQL documents them (`local` is `on` without waiting for standbys).
 */
export type SynchronousCommit = 'on' | 'off' | 'local' | 'remote_write' | 'remote_apply';

const SYNCHRONOUS_COMMIT: ReadonlySet<string> = new Set([
  'on',
  'off',
  'local',
  'remote_write',
  'remote_apply',
]);

/**
 * The run-time settings every pooled connection starts with, as the
 * libpq `options` string (`-c name=value ...`), after any `options` given in
 * the database URL:
 *
 * - `plan_cache_mode=force_generic_plan`: the store's statements are
 *   prepared once per connection and then always run their generic plan.
 *   Every one of them addresses rows through an index whose leading column
 *   is `partition`, so the generic plan is the right one; custom plans are
 *   planned again on every call (a large share of the database's CPU) and,
 *   for a partition the statistics do not know yet, estimate it at one row
 *   and pick plans that scan the whole partition.
 * - `synchronous_commit`: see `SynchronousCommit`.
 *
 * @param databaseUrl - the `postgres://` URL (its `options` parameter is kept)
 * @param synchronousCommit - when commits are acknowledged (default `on`)
 * @throws InvalidArgumentError for an unknown `synchronousCommit` value
 */
export function sessionOptions(
  databaseUrl: string,
  synchronousCommit: SynchronousCommit = 'on',
): string {
  if (!SYNCHRONOUS_COMMIT.has(synchronousCommit)) {
    throw new InvalidArgumentError(
      `synchronousCommit must be one of ${[...SYNCHRONOUS_COMMIT].join(', ')}`,
    );
  }
  const settings = [
    '-c plan_cache_mode=force_generic_plan',
    `-c synchronous_commit=${synchronousCommit}`,
  ];
  const given = urlOptions(databaseUrl);
  return (given ? [given, ...settings] : settings).join(' ');
}

function urlOptions(databaseUrl: string): string | null {
  try {
    return new URL(databaseUrl).searchParams.get('options');
  } catch {
    // Not a URL node-postgres understands either; it reports that when connecting.
    return null;
  }
}
