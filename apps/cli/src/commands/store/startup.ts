import { request } from 'node:http';
import { AddressInUseError, type Logger } from '@agl/store-core';
import { httpUrl, type LightningStoreServer } from '@agl/store-server';
import { CliError } from '../../errors';
import type { StoreCommandOptions } from './options';

/** GET /v1/agl/health over a fresh connection; resolves with the status (0 when unreachable). */
function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/v1/agl/health`, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Starts the server, turning a taken port into one clear line (exit 1).
 *
 * @param server - the server to start
 * @param options - the parsed flags (for the message)
 * @throws CliError with exit code 1
 */
export async function startServer(
  server: LightningStoreServer,
  options: StoreCommandOptions,
): Promise<void> {
  try {
    await server.start();
  } catch (error) {
    if (error instanceof AddressInUseError)
      throw new CliError(
        `port ${options.port} on ${options.host} is already in use (address already in use)`,
        1,
      );
    throw new CliError(`the store server failed to start: ${(error as Error).message}`, 1);
  }
}

/**
 * Logs the bind address, the access endpoint, the start-up time and the result of a health probe.
 *
 * @param server - the started server
 * @param logger - where the lines go
 * @param startedAt - `Date.now()` when start-up began
 * @param backend - where the data lives (backend, database, partition), for the first line
 */
export async function announce(
  server: LightningStoreServer,
  logger: Logger,
  startedAt: number,
  backend: string,
): Promise<void> {
  logger.info(`Starting server at ${httpUrl(server.host, server.port)} (${backend})`);
  logger.info(
    `Store server is reachable at ${server.endpoint} (started in ${Date.now() - startedAt} ms)`,
  );
  const local = ['0.0.0.0', '::'].includes(server.host)
    ? httpUrl('127.0.0.1', server.port)
    : server.endpoint;
  const status = await probe(local);
  if (status === 200) logger.info('Health check passed: GET /v1/agl/health answered 200');
  else
    logger.warn(`Health check failed: GET ${local}/v1/agl/health answered ${status || 'nothing'}`);
}
