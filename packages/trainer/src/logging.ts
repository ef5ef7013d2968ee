/**
 * Minimal leveled logging for the trainer side. Every module asks
 * `getLogger(name)` for a logger; the sink is process-wide and replaceable
 * (`setLogSink`) so applications can route messages and tests can capture them.
 *
 * @module
 */

/** Severity of a log record, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log record. */
export interface LogRecord {
  /** Severity. */
  level: LogLevel;
  /** The logger's name, e.g. `agl.runner`. */
  logger: string;
  /** The message text. */
  message: string;
  /** An error attached to the record, if any. */
  error?: unknown;
}

/** Receives every log record at or above the configured level. */
export type LogSink = (record: LogRecord) => void;

/** A named logger. */
export interface Logger {
  /** Logs at debug level. */
  debug(message: string, error?: unknown): void;
  /** Logs at info level. */
  info(message: string, error?: unknown): void;
  /** Logs at warn level. */
  warn(message: string, error?: unknown): void;
  /** Logs at error level. */
  error(message: string, error?: unknown): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function levelFromEnv(): LogLevel {
  const raw = (process.env.AGL_LOG_LEVEL ?? '').trim().toLowerCase();
  if (raw === 'warning') return 'warn';
  return raw in RANK ? (raw as LogLevel) : 'info';
}

/**
 * The default sink: `console.error` for warnings and errors, `console.log` otherwise, in the
 * line format every `agl` package uses (`<ISO time> <LEVEL> <name>: <message>`).
 */
export const consoleSink: LogSink = (record) => {
  const line = `${new Date().toISOString()} ${record.level.toUpperCase()} ${record.logger}: ${record.message}`;
  const detail = record.error instanceof Error ? `\n${record.error.stack ?? record.error}` : '';
  if (RANK[record.level] >= RANK.warn) console.error(line + detail);
  else console.log(line + detail);
};

let sink: LogSink = consoleSink;
let minimum: LogLevel = levelFromEnv();

/**
 * Replaces the process-wide sink.
 *
 * @param next - the new sink
 * @returns the previous sink, to restore later
 */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

/**
 * Sets the minimum level that reaches the sink (default: env `AGL_LOG_LEVEL`, else `info`).
 *
 * @param level - the new minimum
 * @returns the previous minimum
 */
export function setLogLevel(level: LogLevel): LogLevel {
  const previous = minimum;
  minimum = level;
  return previous;
}

/**
 * A logger that forwards to the current sink.
 *
 * @param name - the logger name shown in every record
 */
export function getLogger(name: string): Logger {
  const emit = (level: LogLevel, message: string, error?: unknown): void => {
    if (RANK[level] < RANK[minimum]) return;
    sink(
      error === undefined
        ? { level, logger: name, message }
        : { level, logger: name, message, error },
    );
  };
  return {
    debug: (message, error) => emit('debug', message, error),
    info: (message, error) => emit('info', message, error),
    warn: (message, error) => emit('warn', message, error),
    error: (message, error) => emit('error', message, error),
  };
}

/**
 * Collects every record (all levels) until `restore()` is called; for tests.
 *
 * @returns the collected records and a function that restores the previous sink and level
 */
export function captureLogs(): { records: LogRecord[]; restore: () => void } {
  const records: LogRecord[] = [];
  const previousSink = setLogSink((record) => records.push(record));
  const previousLevel = setLogLevel('debug');
  return {
    records,
    restore: () => {
      setLogSink(previousSink);
      setLogLevel(previousLevel);
    },
  };
}
