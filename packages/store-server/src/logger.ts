/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;

/** A log level: `debug`, `info`, `warning` or `error`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The logger the server writes to; any object with these four methods will do. */
export interface Logger {
  /** Per-request lines and other details. */
  debug(message: string): void;
  /** Start-up and shutdown. */
  info(message: string): void;
  /** Recoverable problems. */
  warn(message: string): void;
  /** Unexpected failures (a request that answered 500). */
  error(message: string): void;
  /**
   * Whether messages of a level are written; lets callers skip building lines
   * nobody reads (absent = always assume yes).
   */
  isEnabled?(level: LogLevel): boolean;
}

/** A logger that drops everything (for tests and embedding). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  isEnabled: () => false,
};

/**
 * Parses a level name case-insensitively (`DEBUG`, `info`, `WARNING`/`warn`, `ERROR`).
 *
 * @param name - the level name
 * @returns the level, or `undefined` when the name is unknown
 */
export function parseLogLevel(name: string): LogLevel | undefined {
  const lower = name.trim().toLowerCase();
  if (lower === 'warn') return 'warning';
  return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}

/** Options of `createLogger`. */
export interface CreateLoggerOptions {
  /** Least severe level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: `console.error`, so stdout stays free for data). */
  write?: (line: string) => void;
  /** Name shown in each line (default `agl.store`). */
  name?: string;
}

/**
 * Creates a logger that writes `<ISO time> <LEVEL> <name>: <message>` lines at
 * or above a level.
 *
 * @param options - level, sink and name
 * @returns the logger
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => console.error(line));
  const name = options.name ?? 'agl.store';
  const at = (level: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    write(`${new Date().toISOString()} ${level.toUpperCase()} ${name}: ${message}`);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warning'),
    error: at('error'),
    isEnabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
  };
}
