import { createConsoleLogger, type Logger, logLevelFromEnv } from '@agl/store-core';

/**
 * The logger of every entry point given none: stderr at `AGL_LOG_LEVEL`, else
 * `warn`, so a quiet program still sees the deprecation warnings.
 *
 * @returns a console logger named `agl.legacy`
 */
export function defaultLogger(): Logger {
  return createConsoleLogger({ name: 'agl.legacy', level: logLevelFromEnv(process.env, 'warn') });
}
