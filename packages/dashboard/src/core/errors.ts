/**
 * What the dashboard shows of a store's error answer: our server's
 * `{detail, error_type, code}`, the Python server's 500
 * `{detail, error_type, traceback}`, and 422 validation lists.
 *
 * @module
 */

/** The displayable parts of an error body. */
export interface StoreErrorInfo {
  /** `detail` when it is text, the first `detail[].msg` of a 422, else `""`. */
  detail: string;
  /** The error type (`RuntimeError`, `NotFoundError`, …), when given. */
  errorType: string | null;
  /** A Python traceback, when given (shown only on request). */
  traceback: string | null;
}

/**
 * Reads an error body.
 *
 * @param body - the parsed JSON body (or text) of a non-2xx answer
 */
export function describeStoreError(body: unknown): StoreErrorInfo {
  if (typeof body !== 'object' || body === null)
    return { detail: typeof body === 'string' ? body : '', errorType: null, traceback: null };
  const b = body as Record<string, unknown>;
  let detail = '';
  if (typeof b.detail === 'string') detail = b.detail;
  else if (Array.isArray(b.detail)) {
    const first = b.detail[0] as { msg?: unknown } | undefined;
    if (typeof first?.msg === 'string') detail = first.msg;
  }
  return {
    detail,
    errorType: typeof b.error_type === 'string' ? b.error_type : null,
    traceback: typeof b.traceback === 'string' ? b.traceback : null,
  };
}

/**
 * Whether an answer means the rollout's spans were evicted from memory:
 * 409 on our server, 500 `RuntimeError` on the Python one, both mentioning "evicted".
 *
 * @param status - HTTP status
 * @param info - the described body
 */
export function isEvictedError(status: number, info: StoreErrorInfo): boolean {
  return (
    (status === 409 || status === 500) && /evicted/i.test(`${info.detail} ${info.traceback ?? ''}`)
  );
}
