/**
 * Process-wide named loggers for the trainer side. Every module asks
 * `getLogger(name)` for a `Logger` of `@agl/store-core`; the records go to one
 * replaceable sink (`setLogSink`, or `setLogger` to hand them to any `Logger`)
 * so applications can route messages and tests can capture them.
 *
 * @module
 */
import {
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  logLevelFromEnv,
  UnknownLogLevelError,
} from '@agl/store-core';

/** One log record. */
export interface LogRecord {
  /** Severity. */
  level: LogLevel;
  /** The logger's name, e.g. `agl.runner`. */
  logger: string;
  /** The message text. */
  message: string;
  /** The first detail attached to the record (usually an error), if any. */
  error?: unknown;
  /** Every detail attached to the record, when there is more than one. */
  details?: unknown[];
}

/** Receives every log record at or above the configured level. */
export type LogSink = (record: LogRecord) => void;

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/**
 * The default sink: `console.error` for warnings and errors, `console.log` otherwise, in the
 * line format every `agl` package uses (`<ISO time> <LEVEL> <name>: <message>`).
 */
export const consoleSink: LogSink = (record) => {
  const line = `${new Date().toISOString()} ${record.level.toUpperCase()} ${record.logger}: ${record.message}`;
  const detail = record.error instanceof Error ? `\n${record.error.stack ?? record.error}` : '';
  if (rank(record.level) >= rank('warn')) console.error(line + detail);
  else console.log(line + detail);
};

// A bad AGL_LOG_LEVEL must not make importing the package throw; it is reported
// once, through the sink, by the first logger that writes.
let envProblem: string | undefined;
function levelFromEnv(): LogLevel {
  try {
    return logLevelFromEnv(process.env, 'info');
  } catch (error) {
    if (!(error instanceof UnknownLogLevelError)) throw error;
    envProblem = `${error.message}; using info`;
    return 'info';
  }
}

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
 * Sends every record to a `Logger` (pino, winston, `createConsoleLogger()` of
 * `@agl/store-core`), prefixing each message with the logger's name.
 *
 * @param logger - where records go from now on
 * @returns the previous sink, to restore later with `setLogSink`
 */
export function setLogger(logger: Logger): LogSink {
  return setLogSink((record) => {
    const details = record.details ?? (record.error === undefined ? [] : [record.error]);
    logger[record.level](`${record.logger}: ${record.message}`, ...details);
  });
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
 * @returns a `Logger` of `@agl/store-core`
 */
export function getLogger(name: string): Logger {
  const emit = (level: LogLevel, message: string, details: unknown[]): void => {
    if (rank(level) < rank(minimum)) return;
    if (envProblem !== undefined) {
      const problem = envProblem;
      envProblem = undefined;
      sink({ level: 'warn', logger: 'agl', message: problem });
    }
    const record: LogRecord = { level, logger: name, message };
    if (details.length > 0) record.error = details[0];
    if (details.length > 1) record.details = details;
    sink(record);
  };
  return {
    debug: (message, ...details) => emit('debug', message, details),
    info: (message, ...details) => emit('info', message, details),
    warn: (message, ...details) => emit('warn', message, details),
    error: (message, ...details) => emit('error', message, details),
    isEnabled: (level) => rank(level) >= rank(minimum),
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
