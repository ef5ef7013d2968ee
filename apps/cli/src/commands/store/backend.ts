import { type LightningStore, maskCredentials } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { CliError } from '../../errors';
import { memoryStoreOptions, type StoreCommandOptions } from './options';

/**
 * Refuses backend settings that cannot work, before anything starts: the
 * mongo backend, a postgres backend without exactly one of `--database-url`
 * and `--data-dir`, `--synchronous-commit` without a PostgreSQL server, and
 * several server processes on a store that lives in one process (memory, or
 * embedded PostgreSQL).
 *
 * @param options - the parsed flags
 * @throws CliError with exit code 1 (cannot run) or 2 (contradictory flags)
 */
export function checkBackend(options: StoreCommandOptions): void {
  if (options.backend === 'mongo')
    throw new CliError(
      'the mongo backend is not available in the TypeScript CLI; use --backend memory or --backend postgres',
      1,
    );
  const { databaseUrl, dataDir } = options;
  if (options.backend === 'postgres') {
    if (databaseUrl === undefined && dataDir === undefined)
      throw new CliError(
        '--backend postgres needs --database-url URL (a PostgreSQL server) or --data-dir DIR (embedded)',
        2,
      );
    if (databaseUrl !== undefined && dataDir !== undefined)
      throw new CliError('give either --database-url or --data-dir, not both', 2);
  } else if (databaseUrl !== undefined || dataDir !== undefined) {
    throw new CliError('--database-url and --data-dir need --backend postgres', 2);
  }
  if (options.synchronousCommit !== 'on' && databaseUrl === undefined)
    throw new CliError('--synchronous-commit needs --backend postgres --database-url URL', 2);
  if (options.nWorkers > 1 && !(options.backend === 'postgres' && databaseUrl !== undefined))
    throw new CliError(
      `--n-workers ${options.nWorkers} needs a store shared across processes (--backend postgres --database-url URL); ` +
        `the ${options.backend === 'postgres' ? 'embedded PostgreSQL' : options.backend} backend runs in one process (use --n-workers 1)`,
      1,
    );
}

/**
 * Opens the store the flags ask for: in memory, on a PostgreSQL server, or on
 * embedded PostgreSQL persisted to a directory.
 *
 * @param options - the parsed flags (already checked by `checkBackend`)
 * @throws CliError with exit code 2 for invalid memory thresholds, 1 when the database cannot be opened
 */
export async function openStore(options: StoreCommandOptions): Promise<LightningStore> {
  const watchdog = memoryStoreOptions(options);
  if (options.backend !== 'postgres') {
    try {
      return new InMemoryLightningStore(watchdog);
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
  }
  // Loaded only for this backend: the memory store needs no database driver.
  const postgres = await import('@agl/store-postgres');
  const common = {
    partition: options.partition,
    scanDebounceSeconds: watchdog.scanDebounceSeconds ?? 10,
    watchdogIntervalSeconds: watchdog.watchdogIntervalSeconds ?? null,
    ...(watchdog.claimTimeoutSeconds === undefined
      ? {}
      : { claimTimeoutSeconds: watchdog.claimTimeoutSeconds }),
  };
  try {
    return options.databaseUrl !== undefined
      ? await postgres.createPostgresStore({
          ...common,
          databaseUrl: options.databaseUrl,
          synchronousCommit: options.synchronousCommit,
        })
      : await postgres.createEmbeddedPostgresStore({
          ...common,
          dataDir: options.dataDir as string,
        });
  } catch (error) {
    const where = options.databaseUrl ?? options.dataDir;
    throw new CliError(
      maskCredentials(`cannot open the PostgreSQL store at ${where}: ${(error as Error).message}`),
      1,
    );
  }
}

/**
 * Where the store lives, for the start-up line: the backend, its database
 * (password masked) and the partition.
 *
 * @param options - the parsed flags
 */
export function describeBackend(options: StoreCommandOptions): string {
  if (options.backend !== 'postgres') return 'backend memory (in this process, lost on exit)';
  const database =
    options.databaseUrl !== undefined
      ? `database ${maskCredentials(options.databaseUrl)}`
      : `embedded database in ${options.dataDir}`;
  return `backend postgres, ${database}, partition '${options.partition}'`;
}
