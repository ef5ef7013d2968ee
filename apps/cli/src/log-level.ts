import {
  LOG_LEVEL_ENV,
  LOG_LEVELS,
  type LogLevel,
  logLevelFromEnv,
  parseLogLevel,
  UnknownLogLevelError,
} from '@agl/store-core';
import { InvalidArgumentError, Option } from 'commander';
import { CliError } from './errors';

/**
 * The `--log-level <level>` flag, the same for every command: any case,
 * `warning` accepted for `warn`, no default of its own so that `AGL_LOG_LEVEL`
 * applies when the flag is absent (see {@link resolveLogLevel}).
 *
 * @returns the option, for `command.addOption`
 */
export function logLevelOption(): Option {
  return new Option(
    '--log-level <level>',
    `${LOG_LEVELS.join(', ')} (any case; default: $${LOG_LEVEL_ENV}, else info)`,
  ).argParser(parseLogLevelFlag);
}

function parseLogLevelFlag(value: string): LogLevel {
  const level = parseLogLevel(value);
  if (level === undefined)
    throw new InvalidArgumentError(`unknown log level (expected ${LOG_LEVELS.join(', ')})`);
  return level;
}

/**
 * The level a command logs at: the flag, else `AGL_LOG_LEVEL`, else `info`.
 *
 * @param flag - the parsed `--log-level`, if given
 * @param env - the environment (default `process.env`)
 * @returns the level
 * @throws CliError with exit code 2 when `AGL_LOG_LEVEL` names no level
 */
export function resolveLogLevel(
  flag: LogLevel | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LogLevel {
  if (flag !== undefined) return flag;
  try {
    return logLevelFromEnv(env, 'info');
  } catch (error) {
    if (error instanceof UnknownLogLevelError) throw new CliError(error.message, 2);
    throw error;
  }
}
