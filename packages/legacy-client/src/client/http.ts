import type { Logger } from '@agl/store-core';

/** The header the reference client sends on every request. */
const CLIENT_HEADER = 'X-AgentLightning-Client';

/** Marks a request that did not produce a usable JSON body. */
export const UNAVAILABLE = Symbol('unavailable');

/** One request of the legacy client. */
export interface LegacyRequest {
  /** `GET` or `POST`. */
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  /** JSON body to send (POST only). */
  body?: unknown;
  /** Total time allowed for the request, in seconds. */
  timeoutSeconds: number;
  /** Caller's signal: when it aborts, the request rejects with its reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends one request. Any transport failure, timeout, non-2xx status or
 * unparseable body yields {@link UNAVAILABLE} (logged at debug level), like
 * the reference's request helper; only the caller's own abort is thrown.
 *
 * @param request - what to send
 * @param logger - where to report failures
 * @returns the parsed JSON body, or `UNAVAILABLE`
 */
export async function requestJson(
  request: LegacyRequest,
  logger: Logger,
): Promise<unknown | typeof UNAVAILABLE> {
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(request.timeoutSeconds * 1000)));
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { [CLIENT_HEADER]: 'true' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const label = `${request.method} ${request.url}`;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      signal,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      logger.debug(`${label} answered ${response.status}: ${text.slice(0, 200)}`);
      return UNAVAILABLE;
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    logger.debug(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    return UNAVAILABLE;
  }
}

/**
 * Resolves an absolute path against the endpoint like the reference does:
 * any path of the endpoint is dropped (`http://h:1/prefix` + `/task` → `http://h:1/task`).
 *
 * @param endpoint - the server's base URL
 * @param path - an absolute path such as `/task`
 */
export function resolveUrl(endpoint: string, path: string): string {
  return new URL(path, endpoint).toString();
}
