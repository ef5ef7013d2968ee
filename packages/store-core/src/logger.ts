/**
 * The one logging contract of every `@agl/*` package. Each class or function
 * that logs takes an optional `logger` option of type {@link Logger}; anything
 * with these four methods fits (`console`, pino, winston, a test spy).
 *
 * @module
 */
import { InvalidArgumentError } from './errors';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A log level: `debug`, `info`, `warn` or `error`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where every package writes its log lines. */
export interface Logger {
  /** Details useful only when debugging (per-request lines, every failed try). */
  debug(message: string, ...details: unknown[]): void;
  /** Routine events (start-up, shutdown, a retry about to happen). */
  info(message: string, ...details: unknown[]): void;
  /** Something went wrong but work carries on. */
  warn(message: string, ...details: unknown[]): void;
  /** Something failed. */
  error(message: string, ...details: unknown[]): void;
  /**
   * Whether a level is written; lets callers skip building lines nobody reads
   * (absent: assume yes).
   */
  isEnabled?(level: LogLevel): boolean;
}

const ignore = (): void => {};

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  isEnabled: () => false,
};

/**
 * Parses a level name case-insensitively; `warning` is accepted for `warn`
 * (the name Python's logging uses).
 *
 * @param name - the level name
 * @returns the level, or `undefined` when the name is not a level
 */
export function parseLogLevel(name: string | undefined): LogLevel | undefined {
  if (name === undefined) return undefined;
  const lower = name.trim().toLowerCase();
  const level = lower === 'warning' ? 'warn' : lower;
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : undefined;
}

/** Environment variable every command and package reads for its default level. */
export const LOG_LEVEL_ENV = 'AGL_LOG_LEVEL';

/**
 * The level named by `AGL_LOG_LEVEL`, or `fallback` when it is unset.
 *
 * @param env - the environment to read (default `process.env`)
 * @param fallback - the level when the variable is unset or empty (default `info`)
 * @returns the level
 * @throws {@link UnknownLogLevelError} when the variable names no level
 */
export function logLevelFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  fallback: LogLevel = 'info',
): LogLevel {
  const raw = env[LOG_LEVEL_ENV];
  if (raw === undefined || raw.trim() === '') return fallback;
  const level = parseLogLevel(raw);
  if (level === undefined) throw new UnknownLogLevelError(raw, LOG_LEVEL_ENV);
  return level;
}

/** A log level name that is not one of {@link LOG_LEVELS}. */
export class UnknownLogLevelError extends InvalidArgumentError {
  /**
   * @param value - the name given
   * @param source - where it came from (a flag or variable name)
   */
  constructor(value: string, source: string) {
    super(`${source}: unknown log level '${value}' (expected ${LOG_LEVELS.join(', ')})`);
  }
}

/** Options of {@link createConsoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Least severe level written (default: `AGL_LOG_LEVEL`, else `info`). */
  level?: LogLevel;
  /** Name shown in each line, such as `agl.store` (default `agl`). */
  name?: string;
  /** Where lines go (default `console.error`, so stdout stays free for data). */
  write?: (line: string) => void;
}

/**
 * A logger writing `<ISO time> <LEVEL> <name>: <message>` lines at or above a
 * level. Error details print their stack; other details print as JSON.
 *
 * @param options - level, name and sink
 * @returns the logger
 */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? logLevelFromEnv(process.env, 'info'));
  const write = options.write ?? ((line: string) => console.error(line));
  const name = options.name ?? 'agl';
  const at =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const tail = details.map(renderDetail).join('');
      write(`${new Date().toISOString()} ${level.toUpperCase()} ${name}: ${message}${tail}`);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isEnabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
  };
}

function renderDetail(detail: unknown): string {
  if (detail instanceof Error) return `\n${detail.stack ?? `${detail.name}: ${detail.message}`}`;
  if (typeof detail === 'string') return ` ${detail}`;
  try {
    return ` ${JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
}
