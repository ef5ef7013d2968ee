import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@agl/store-core';
import { CliError } from '../../errors';
import type { CliIo } from '../../io';

/** Exit code a worker uses to report that it could not start. */
const START_FAILED = 3;

/**
 * Runs `agl store --n-workers N` as a primary process that forks N workers
 * (node:cluster): each worker serves the same port over its own connection to
 * the shared database, and the primary only supervises. SIGINT/SIGTERM stops
 * every worker gracefully; the primary exits 0 when all stopped cleanly.
 *
 * @param workers - number of server processes
 * @param io - stop signal
 * @param logger - where supervision lines go
 * @returns the exit code
 * @throws CliError with exit code 1 when the workers cannot start
 */
export async function runClusterPrimary(
  workers: number,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  logger.info(`Serving with ${workers} server processes sharing one port (node:cluster)`);
  const alive = new Set<Worker>();
  let stopping = false;
  let failed: string | undefined;
  const allExited = new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      alive.delete(worker);
      if (!stopping) {
        failed ??=
          code === START_FAILED
            ? 'a server process could not start'
            : `a server process exited (${signal ?? code})`;
        stopping = true;
        for (const other of alive) other.kill('SIGTERM');
      }
      if (alive.size === 0) resolve();
    });
  });
  for (let i = 0; i < workers; i++) alive.add(cluster.fork({ AGL_STORE_WORKER_INDEX: String(i) }));
  const signal = await Promise.race([io.waitForStop(), allExited.then(() => undefined)]);
  if (signal !== undefined) {
    logger.info(`Received ${signal}, stopping ${alive.size} server processes`);
    stopping = true;
    for (const worker of alive) worker.kill('SIGTERM');
    await allExited;
  }
  if (failed !== undefined && signal === undefined) throw new CliError(failed, 1);
  return 0;
}

/** The exit code a cluster worker uses when it cannot start (the primary reports it). */
export const CLUSTER_START_FAILED = START_FAILED;
