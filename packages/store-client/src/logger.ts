/**
 * Where the client reports retries, failed health probes and swallowed
 * failures. Compatible with `console` and with most logging libraries
 * (pino, winston, consola) that take a message first.
 */
export interface StoreClientLogger {
  /** Details useful only when debugging (every failed send). */
  debug(message: string, ...details: unknown[]): void;
  /** Routine events (a retry about to happen). */
  info(message: string, ...details: unknown[]): void;
  /** Something went wrong but the call carries on (a swallowed failure). */
  warn(message: string, ...details: unknown[]): void;
  /** Something went wrong and the call gives up (the server is unhealthy). */
  error(message: string, ...details: unknown[]): void;
}

import { createConsoleLogger } from '@agl/store-core';

const ignore = (): void => {};

/** A logger that drops everything. */
export const silentLogger: StoreClientLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};

/**
 * The default logger: warnings and errors go to stderr in the line format every `agl`
 * package uses (`<ISO time> <LEVEL> agl.store-client: <message>`); debug and info are dropped.
 */
export const defaultLogger: StoreClientLogger = createConsoleLogger({
  name: 'agl.store-client',
  level: 'warn',
});
