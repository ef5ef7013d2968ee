import cluster from 'node:cluster';
import { createConsoleLogger, type Logger, maskCredentials } from '@agl/store-core';
import { LightningStoreServer } from '@agl/store-server';
import { type Command, Option } from 'commander';
import { CliError } from '../../errors';
import type { CliIo } from '../../io';
import { logLevelOption, resolveLogLevel } from '../../log-level';
import { collect, intOption, numberOption } from '../../options';
import { checkBackend, describeBackend, openStore } from './backend';
import { CLUSTER_START_FAILED, runClusterPrimary } from './cluster';
import { checkDashboardFlags, openDashboard } from './dashboard';
import type { StoreCommandOptions } from './options';
import { announce, startServer } from './startup';

/**
 * Runs `agl store`: a store (in memory, or on PostgreSQL) served over HTTP
 * until SIGINT or SIGTERM, then a graceful shutdown. With `--n-workers N` on
 * a PostgreSQL server, N processes serve the same port.
 *
 * @param options - the parsed flags
 * @param io - output and stop signal
 * @returns the exit code (0 after a clean shutdown)
 * @throws CliError with exit code 1 when the server cannot start, 2 for invalid store settings
 */
export async function runStoreCommand(options: StoreCommandOptions, io: CliIo): Promise<number> {
  checkBackend(options);
  checkDashboardFlags(options);
  const level = resolveLogLevel(options.logLevel);
  // No line of `agl store` may show a database password.
  const logger = createConsoleLogger({
    level,
    name: 'agl.store',
    write: (line) => io.err(maskCredentials(line)),
  });
  if (options.nWorkers > 1 && cluster.isPrimary)
    return runClusterPrimary(options.nWorkers, io, logger);
  try {
    return await serve(options, io, logger);
  } catch (error) {
    // A cluster worker reports a failed start through its exit code; the primary prints one line.
    if (cluster.isWorker && error instanceof CliError) {
      logger.error(error.message);
      process.exit(CLUSTER_START_FAILED);
    }
    throw error;
  }
}

async function serve(options: StoreCommandOptions, io: CliIo, logger: Logger): Promise<number> {
  const startedAt = Date.now();
  // Listen for SIGINT/SIGTERM from the start: a signal during a slow start-up (opening a
  // database, the health probe) must still lead to a clean shutdown, not a kill.
  const stopRequested = io.waitForStop();
  const dashboard = await openDashboard(options, logger);
  const store = await openStore(options);
  const server = new LightningStoreServer({
    // Live change hints need every write to pass through this process.
    events: options.nWorkers === 1,
    ...(dashboard ? { dashboard } : {}),
    store,
    host: options.host,
    port: options.port,
    logger,
    corsOrigins: options.corsOrigin,
    debug: options.debug ?? false,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.tracker ? { trackers: options.tracker as ('prometheus' | 'console')[] } : {}),
  });
  if (options.tracker?.length)
    logger.info(`Metrics trackers enabled: ${options.tracker.join(', ')}`);
  try {
    await startServer(server, options);
    await announce(server, logger, startedAt, describeBackend(options));
    if (dashboard) logger.info(`Dashboard available at ${server.endpoint}${dashboard.basePath}`);
    const signal = await stopRequested;
    logger.info(`Received ${signal}, shutting down`);
    await server.stop();
  } finally {
    await store.close();
  }
  return 0;
}

/**
 * Registers `agl store` on a program.
 *
 * @param program - the `agl` program
 * @param io - output and stop signal
 * @param setExitCode - receives the command's exit code
 */
export function registerStoreCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  return program
    .command('store')
    .description(
      'Run a LightningStore server over HTTP, backed by an in-memory store (default) or PostgreSQL.',
    )
    .option(
      '--host <host>',
      'address to bind (default: this machine only; 0.0.0.0 = every interface, reachable from other machines)',
      '127.0.0.1',
    )
    .option('--port <port>', 'TCP port (0 picks a free one)', intOption(0, 65535), 4747)
    .addOption(
      new Option('--cors-origin <origin>', 'allowed CORS origin, repeatable; * allows every origin')
        .argParser(collect)
        .default([], 'none, CORS off'),
    )
    .addOption(logLevelOption())
    .addOption(
      new Option('--backend <name>', 'store backend: memory, or postgres (server or embedded)')
        .choices(['memory', 'postgres', 'mongo'])
        .default('memory'),
    )
    .option(
      '--database-url <url>',
      'PostgreSQL connection URL, e.g. postgres://user@127.0.0.1:5432/agl (postgres backend); several agl store processes on one database and partition serve one shared state',
    )
    .option(
      '--data-dir <dir>',
      'run PostgreSQL embedded in this process (PGlite), persisted to this directory (postgres backend; created if missing; one process per directory)',
    )
    .addOption(
      new Option(
        '--synchronous-commit <mode>',
        'when PostgreSQL acknowledges a commit (--database-url only): on waits for the disk, so acknowledged writes survive a database crash; off is faster and survives a store-process crash only',
      )
        .choices(['on', 'off', 'local', 'remote_write', 'remote_apply'])
        .default('on'),
    )
    .option(
      '--partition <name>',
      "partition inside the database; stores on different partitions do not see each other's data",
      'default',
    )
    .option(
      '--n-workers <n>',
      'server processes sharing the port; more than 1 needs --backend postgres --database-url',
      intOption(1),
      1,
    )
    .option(
      '--mongo-uri <uri>',
      'MongoDB URI (mongo backend only; not available here)',
      'mongodb://localhost:27017/?replicaSet=rs0',
    )
    .addOption(
      new Option(
        '--tracker <name...>',
        'metrics: prometheus serves /v1/prometheus/ and /metrics; console logs a summary every 30 s',
      ).choices(['prometheus', 'console']),
    )
    .option(
      '--dashboard',
      'serve the web dashboard (the default; fails when its files are missing)',
    )
    .option('--no-dashboard', 'do not serve the web dashboard')
    .option('--dashboard-base-path <path>', 'where the dashboard is served', '/')
    .option('--debug', 'include tracebacks in error answers')
    .addOption(
      new Option(
        '--api-key <key>',
        'require this key (Authorization: Bearer, or x-api-key) on every route but health and the dashboard files (the dashboard page asks for it)',
      ).env('AGL_STORE_API_KEY'),
    )
    .option(
      '--eviction-threshold-bytes <bytes>',
      'span bytes above which old rollouts lose their spans',
      intOption(1),
    )
    .option(
      '--eviction-threshold-ratio <ratio>',
      'the same as a ratio of system memory, in (0, 1] (default 0.7)',
      numberOption(Number.MIN_VALUE, 1),
    )
    .option(
      '--safe-threshold-bytes <bytes>',
      'span bytes eviction brings usage back under',
      intOption(0),
    )
    .option(
      '--safe-threshold-ratio <ratio>',
      'the same as a ratio of system memory, in [0, 1] (default: 80% of the eviction threshold)',
      numberOption(0, 1),
    )
    .option(
      '--scan-debounce-seconds <seconds>',
      'minimum seconds between two lazy watchdog scans',
      numberOption(0),
      10,
    )
    .option(
      '--claim-timeout-seconds <seconds>',
      'requeue a claimed rollout that had no heartbeat for this long (default 600; 0 = never)',
      numberOption(0),
    )
    .option(
      '--watchdog-interval-seconds <seconds>',
      'seconds between timed watchdog scans (0 disables the timer)',
      numberOption(0),
      5,
    )
    .action(async (options: StoreCommandOptions) => {
      setExitCode(await runStoreCommand(options, io));
    });
}
