import { createConsoleLogger, type Logger, type LogLevel, logLevelFromEnv } from '@agl/store-core';
import type { AgentLightningServerOptions } from './options';
import { AgentLightningServer } from './server';

/** Something that emits process signals; `process` by default. */
export interface SignalSource {
  /** Registers a signal listener. */
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  /** Removes a signal listener. */
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** Options of {@link runLegacyServer}. */
export interface RunLegacyServerOptions extends Omit<AgentLightningServerOptions, 'logger'> {
  /**
   * Lowest level logged to the console (default: `AGL_LOG_LEVEL`, else `info`);
   * ignored when `logger` is given.
   */
  logLevel?: LogLevel;
  /** Where to log (default a console logger at `logLevel`). */
  logger?: Logger;
  /** Signals that stop the server (default `SIGINT` and `SIGTERM`). */
  signals?: readonly NodeJS.Signals[];
  /** Where the signals come from (default `process`). */
  signalSource?: SignalSource;
}

/** A server started by {@link runLegacyServer}. */
export interface RunningLegacyServer {
  /** The server (queue tasks, publish resources and read results through it). */
  server: AgentLightningServer;
  /** `http://<host>:<port>` with the bound port. */
  endpoint: string;
  /** Stops the server and removes the signal handlers; safe to call twice. */
  stop(): Promise<void>;
  /** Resolves once the server has stopped, by `stop()` or by a signal. */
  closed: Promise<void>;
}

/**
 * Starts a legacy server the way `agl legacy-server` does: logs its address,
 * and stops cleanly on SIGINT/SIGTERM.
 *
 * @param options - address, claim timeout, log level and signal handling
 * @throws AddressInUseError (of `@agl/store-core`) when the port is taken (nothing is left running)
 */
export async function runLegacyServer(
  options: RunLegacyServerOptions = {},
): Promise<RunningLegacyServer> {
  const { logLevel, logger: given, signals, signalSource, ...serverOptions } = options;
  const logger =
    given ??
    createConsoleLogger({
      name: 'agl.legacy',
      level: logLevel ?? logLevelFromEnv(process.env, 'info'),
    });
  const server = new AgentLightningServer({ ...serverOptions, logger });
  await server.start();
  logger.info('Press Ctrl+C to stop the legacy server.');

  const source = signalSource ?? process;
  const watched = signals ?? (['SIGINT', 'SIGTERM'] as const);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      for (const signal of watched) source.off(signal, onSignal);
      await server.stop();
    })();
    return stopping;
  };
  const onSignal = () => {
    logger.info('Shutting down the legacy server...');
    void stop();
  };
  for (const signal of watched) source.on(signal, onSignal);
  const closed = server.runForever();
  return { server, endpoint: server.endpoint, stop, closed };
}
