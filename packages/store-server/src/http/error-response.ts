import type { Logger } from '@agl/store-core';
import { StoreError, storeErrorToWire } from '@agl/store-core';
import { type Answer, answerToResponse, jsonAnswer } from './answer';
import { HttpError } from './http-error';

/** How errors are rendered. */
export interface ErrorRenderOptions {
  /** Where unexpected failures are logged. */
  readonly logger: Logger;
  /** Adds a `traceback` (the stack) to store and internal error bodies. */
  readonly debug: boolean;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name;
  return typeof error;
}

/**
 * The answer for an error raised while handling a request: an `HttpError`
 * as decided; a `StoreError` with its own status and
 * `{"detail", "error_type", "code"}`; anything else 500
 * `{"detail": "Internal server error", "error_type"}`, logged.
 *
 * @param error - what was thrown
 * @param options - logger and debug flag
 * @param where - `METHOD path`, for the log line
 */
export function errorToResponse(error: unknown, options: ErrorRenderOptions, where = ''): Response {
  return answerToResponse(errorToAnswer(error, options, where));
}

/**
 * The answer for an error raised while handling a request, as plain data
 * (see `errorToResponse`).
 *
 * @param error - what was thrown
 * @param options - logger and debug flag
 * @param where - `METHOD path`, for the log line
 */
export function errorToAnswer(error: unknown, options: ErrorRenderOptions, where = ''): Answer {
  if (error instanceof HttpError) return jsonAnswer(error.status, error.body, error.headers);
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const traceback = options.debug ? { traceback: stack } : {};
  if (error instanceof StoreError) {
    return jsonAnswer(error.status, { ...storeErrorToWire(error), ...traceback });
  }
  options.logger.error(`Unexpected error while handling ${where}: ${stack}`);
  return jsonAnswer(500, {
    detail: 'Internal server error',
    error_type: errorName(error),
    ...traceback,
  });
}
