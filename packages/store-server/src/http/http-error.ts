import type { ValidationErrorItem } from '@agl/types';

/**
 * An HTTP answer decided before the store was called (validation, size
 * limits, forbidden nulls). The error handler sends `body` as JSON with `status`.
 */
export class HttpError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** JSON body. */
  readonly body: unknown;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status - HTTP status
   * @param body - JSON body
   * @param message - for logs
   * @param headers - extra response headers
   */
  constructor(
    status: number,
    body: unknown,
    message = `HTTP ${status}`,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * A 400 with the reference's `{"detail": "<message>"}` body.
 *
 * @param message - the detail
 */
export function badRequest(message: string): HttpError {
  return new HttpError(400, { detail: message }, message);
}

/**
 * A 422 with a FastAPI-style `{"detail": [...]}` body.
 *
 * @param details - the validation entries
 */
export function unprocessable(details: ValidationErrorItem[]): HttpError {
  return new HttpError(422, { detail: details }, 'Request validation failed');
}

/**
 * A 413 for a body above the configured limit. The connection is closed
 * after the answer: the rest of the body was not read.
 *
 * @param limit - the limit in bytes
 */
export function payloadTooLarge(limit: number): HttpError {
  const detail = `Request body is larger than the limit of ${limit} bytes`;
  return new HttpError(413, { detail }, detail, { connection: 'close' });
}
