import {
  InternalStoreError,
  maskCredentials,
  NotFoundError,
  StoreError,
  storeErrorFromWire,
  UnavailableError,
} from '@agl/store-core';
import { isJsonContentType } from '@agl/store-core/backend';

/**
 * The server answered something that is not the store protocol: a 2xx whose
 * body is not JSON, malformed JSON, or JSON of the wrong shape. Never retried
 * (retrying cannot fix it); usually the address points at another service.
 */
export class ProtocolError extends InternalStoreError {
  /** HTTP status of the offending answer. */
  readonly httpStatus: number;
  /** Its `Content-Type` header, or `null` when none was sent. */
  readonly contentType: string | null;

  /**
   * @param message - what is wrong with the answer
   * @param httpStatus - its HTTP status
   * @param contentType - its content type
   * @param cause - the parse or validation error, if any
   */
  constructor(message: string, httpStatus: number, contentType: string | null, cause?: unknown) {
    super(message, cause === undefined ? {} : { cause });
    this.httpStatus = httpStatus;
    this.contentType = contentType;
  }
}

/** Statuses that a proxy or an overloaded server uses for "try again later". */
const GATEWAY_STATUSES = new Set([408, 502, 504]);

/**
 * Turns an HTTP error answer into the store error family: the `code` (our
 * server) or the status decides the class; 408, 502 and 504 without a store
 * `code` become `UnavailableError`.
 *
 * @param status - HTTP status (>= 400)
 * @param contentType - the answer's content type
 * @param text - the answer's body text
 * @param what - the request, for the message (`POST /v1/agl/rollouts`)
 * @param server - the server root; when given, a 404/405 that is not a store answer says the address may be wrong
 */
export function httpStatusError(
  status: number,
  contentType: string | null,
  text: string,
  what: string,
  server?: string,
): StoreError {
  let body: unknown = text;
  if (isJsonContentType(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const hasDetail = 'detail' in record;
  if (GATEWAY_STATUSES.has(status) && typeof record.code !== 'string') {
    return new UnavailableError(
      `${what} answered HTTP ${status}${hasDetail ? `: ${String(record.detail)}` : ''}`,
    );
  }
  const routeMissing =
    (status === 404 || status === 405) &&
    typeof record.code !== 'string' &&
    (!hasDetail || record.detail === 'Not Found' || record.detail === 'Method Not Allowed');
  if (routeMissing && server !== undefined) {
    return new NotFoundError(
      `${what} answered HTTP ${status} (no such route): is ${maskCredentials(server)} an Agent Lightning store? ` +
        "Check the address (AGL_SERVER_HOST and AGL_SERVER_PORT, or the URL given to the client) and that 'agl store' or a trainer serves it there.",
    );
  }
  const wire = hasDetail
    ? body
    : { detail: `${what} answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  return storeErrorFromWire(status, wire);
}

/**
 * The error thrown when the server cannot be reached (connection refused,
 * reset, DNS failure, connect or read timeout).
 *
 * @param what - the request, for the message
 * @param cause - the transport failure
 */
export function transportError(what: string, cause: Error): UnavailableError {
  return new UnavailableError(`${what} failed: ${cause.message}`, { cause });
}

/**
 * Whether a failure may heal by itself: the server was unreachable, timed out
 * or answered 5xx (after the retry schedule). Protocol errors and 4xx answers
 * (bad requests) are not transient.
 *
 * @param error - what a call threw
 */
export function isTransientFailure(error: unknown): error is StoreError {
  return error instanceof StoreError && !(error instanceof ProtocolError) && error.status >= 500;
}
