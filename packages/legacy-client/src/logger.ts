/** Severity levels understood by {@link createConsoleLogger}, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;

/** A log level: `debug`, `info`, `warning` or `error`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The logger every entry point of this package writes to. Inject your own
 * (pino, winston, a test spy) through the `logger` option of each class.
 */
export interface LegacyLogger {
  /** Detailed diagnostics, such as a failed poll. */
  debug(message: string): void;
  /** Normal events: a task queued, claimed or completed. */
  info(message: string): void;
  /** Something the user should act on, such as a deprecation. */
  warn(message: string): void;
  /** A failure. */
  error(message: string): void;
}

/**
 * Builds a logger that writes messages at or above `level` to the console
 * (`console.warn` for warnings, `console.error` for errors, `console.log`
 * below that), each prefixed with `[agl legacy]`.
 *
 * @param level - the lowest level written (default `warning`, like Python's logging)
 */
export function createConsoleLogger(level: LogLevel = 'warning'): LegacyLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (own: LogLevel, write: (message: string) => void) =>
    LOG_LEVELS.indexOf(own) >= threshold
      ? (message: string) => write(`[agl legacy] ${message}`)
      : () => {};
  return {
    debug: at('debug', (m) => console.log(m)),
    info: at('info', (m) => console.log(m)),
    warn: at('warning', (m) => console.warn(m)),
    error: at('error', (m) => console.error(m)),
  };
}

/** The default logger: warnings through `console.warn`, errors through `console.error`. */
export const defaultLogger: LegacyLogger = createConsoleLogger('warning');

/**
 * Parses a log level name case-insensitively (`warn` is accepted for `warning`).
 *
 * @param name - the name to parse
 * @returns the level, or `null` when the name is not a level
 */
export function parseLogLevel(name: string): LogLevel | null {
  const lower = name.trim().toLowerCase();
  const normalised = lower === 'warn' ? 'warning' : lower;
  return (LOG_LEVELS as readonly string[]).includes(normalised) ? (normalised as LogLevel) : null;
}
