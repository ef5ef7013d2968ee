/** Whether `value` is a thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs `body` and calls `finish` once it has completed, synchronously for a
 * plain result or after the promise settles for a promise. A failure is
 * passed to `fail` before `finish`, then re-thrown.
 *
 * @internal shared by the tracers' `operationContext`
 */
export function runScoped<T>(body: () => T, fail: (error: unknown) => void, finish: () => void): T {
  let result: T;
  try {
    result = body();
  } catch (error) {
    fail(error);
    finish();
    throw error;
  }
  if (!isPromiseLike(result)) {
    finish();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      finish();
      return value;
    },
    (error: unknown) => {
      fail(error);
      finish();
      throw error;
    },
  ) as T;
}
