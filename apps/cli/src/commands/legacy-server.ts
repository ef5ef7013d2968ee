import { runLegacyServer } from '@agl/legacy-client';
import { AddressInUseError, type LogLevel } from '@agl/store-core';
import { type Command, InvalidArgumentError } from 'commander';
import { logLevelOption, resolveLogLevel } from '../log-level';

/** Options of `agl legacy-server` after parsing. */
interface LegacyServerCliOptions {
  host: string;
  port: number;
  taskTimeout: number;
  logLevel?: LogLevel;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new InvalidArgumentError('must be an integer from 0 to 65535.');
  }
  return port;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError('must be a number of seconds, zero or more.');
  }
  return seconds;
}

/**
 * Registers `agl legacy-server` on a commander program: it runs the
 * deprecated legacy task/rollout server until SIGINT or SIGTERM (exit 0);
 * a taken port prints one line and exits 1.
 *
 * @param program - the `agl` program (or any parent command)
 * @returns the new subcommand
 */
export function registerLegacyServerCommand(program: Command): Command {
  return program
    .command('legacy-server')
    .description(
      'Run the deprecated legacy task/rollout server (GET /task, POST /rollout). ' +
        'New setups should use `agl store` and @agl/store-client.',
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, 8000)
    .option(
      '--task-timeout <seconds>',
      'requeue a claimed task after this many seconds',
      parseSeconds,
      300,
    )
    .addOption(logLevelOption())
    .action(async (options: LegacyServerCliOptions) => {
      // An unknown AGL_LOG_LEVEL ends the command like any bad argument (exit 2, one line).
      const logLevel = resolveLogLevel(options.logLevel);
      try {
        const running = await runLegacyServer({
          host: options.host,
          port: options.port,
          taskTimeoutSeconds: options.taskTimeout,
          logLevel,
        });
        await running.closed;
        process.exitCode = 0;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(
          error instanceof AddressInUseError ? message : `agl legacy-server: ${message}`,
        );
        process.exitCode = 1;
      }
    });
}
