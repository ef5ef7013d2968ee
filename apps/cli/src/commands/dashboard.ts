import type { Server } from 'node:http';
import {
  createDashboardHandler,
  createStoreProxy,
  DashboardAssetsMissingError,
  InvalidBasePathError,
  normaliseBasePath,
  normaliseStoreUrl,
} from '@agl/dashboard';
import { AddressInUseError, createConsoleLogger, type LogLevel } from '@agl/store-core';
import { listenOn } from '@agl/store-core/backend';
import { httpUrl } from '@agl/store-server';
import { createAdaptorServer } from '@hono/node-server';
import { type Command, Option } from 'commander';
import { CliError } from '../errors';
import type { CliIo } from '../io';
import { logLevelOption, resolveLogLevel } from '../log-level';
import { intOption } from '../options';

/** The parsed flags of `agl dashboard`. */
export interface DashboardCommandOptions {
  /** `--store`: the store root URL. */
  store: string;
  /** `--host`: the address to bind. */
  host: string;
  /** `--port`: the TCP port (0 = a free one). */
  port: number;
  /** `--base-path`: where the dashboard is served. */
  basePath: string;
  /** `--no-proxy` sets this to false: the browser calls the store itself. */
  proxy: boolean;
  /** `--log-level`. */
  logLevel?: LogLevel;
  /** `--api-key` (or `AGL_STORE_API_KEY`): the store's access key, sent by the proxy. */
  apiKey?: string;
}

async function probe(store: string): Promise<boolean> {
  try {
    const response = await fetch(`${store}/v1/agl/health`, { signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Runs `agl dashboard`: serves the dashboard for a store running elsewhere
 * (ours or the Python one), forwarding read requests to it (or, with
 * `--no-proxy`, letting the browser call it directly).
 *
 * @param options - the parsed flags
 * @param io - output and stop signal
 * @returns 0 after SIGINT/SIGTERM
 * @throws CliError 2 for invalid flags, 1 when the port is taken or the assets are missing
 */
export async function runDashboardCommand(
  options: DashboardCommandOptions,
  io: CliIo,
): Promise<number> {
  const logger = createConsoleLogger({
    level: resolveLogLevel(options.logLevel),
    name: 'agl.dashboard',
    write: io.err,
  });
  if (!/^https?:\/\//.test(options.store))
    throw new CliError(`--store must be an http(s) URL, got ${options.store}`, 2);
  const { url: store, changed } = normaliseStoreUrl(options.store);
  if (changed)
    logger.warn(`Using store URL ${store} (removed a trailing / or /v1/agl from ${options.store})`);
  let basePath: string;
  try {
    basePath = normaliseBasePath(options.basePath);
  } catch (error) {
    if (error instanceof InvalidBasePathError) throw new CliError(error.message, 2);
    throw error;
  }
  let dashboard: Awaited<ReturnType<typeof createDashboardHandler>>;
  try {
    dashboard = await createDashboardHandler({
      basePath,
      mode: options.proxy ? 'proxy' : 'direct',
      apiBase: store,
      storeLabel: store,
    });
  } catch (error) {
    if (error instanceof DashboardAssetsMissingError)
      throw new CliError('dashboard assets not found (is @agl/dashboard installed?)', 1);
    throw error;
  }
  const proxy = options.proxy
    ? createStoreProxy({ store, ...(options.apiKey ? { apiKey: options.apiKey } : {}) })
    : undefined;
  if (options.apiKey && !options.proxy)
    logger.warn('--api-key is not used with --no-proxy: the page asks for the key itself');
  const notFound = () =>
    new Response(JSON.stringify({ detail: 'Not Found' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  const server = createAdaptorServer({
    fetch: async (request: Request) =>
      (await proxy?.fetch(request)) ?? (await dashboard.fetch(request)) ?? notFound(),
    overrideGlobalObjects: false,
  }) as Server;
  const port = await listenOn(server, options.port, options.host).catch((error: Error) => {
    throw error instanceof AddressInUseError
      ? new CliError(
          `port ${options.port} on ${options.host} is already in use (address already in use)`,
          1,
        )
      : new CliError(`the dashboard server failed to start: ${error.message}`, 1);
  });
  logger.info(
    `Dashboard available at ${httpUrl(options.host, port)}${basePath} (store ${store}${options.proxy ? ', read-only proxy' : ', direct'})`,
  );
  if (!(await probe(store)))
    logger.warn(`Store unreachable at ${store}; the dashboard keeps retrying until it answers`);
  const signal = await io.waitForStop();
  logger.info(`Received ${signal}, shutting down`);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}

/**
 * Registers `agl dashboard` on a program.
 *
 * @param program - the `agl` program
 * @param io - output and stop signal
 * @param setExitCode - receives the command's exit code
 */
export function registerDashboardCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  return program
    .command('dashboard')
    .description(
      'Serve the read-only web dashboard for a store server running elsewhere (ours or the Python one).',
    )
    .option('--store <url>', 'store root URL', 'http://127.0.0.1:4747')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 picks a free one)', intOption(0, 65535), 4748)
    .option('--base-path <path>', 'where the dashboard is served', '/')
    .option(
      '--no-proxy',
      'let the browser call the store directly (needs the store to allow this origin with --cors-origin)',
    )
    .addOption(
      new Option(
        '--api-key <key>',
        "the store's access key (agl store --api-key); the proxy sends it, so the page needs none",
      ).env('AGL_STORE_API_KEY'),
    )
    .addOption(logLevelOption())
    .action(async (options: DashboardCommandOptions) => {
      setExitCode(await runDashboardCommand(options, io));
    });
}
