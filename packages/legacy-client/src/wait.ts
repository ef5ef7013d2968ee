/** Longest delay `setTimeout` honours; longer waits end early and callers loop. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits until `subscribe`'s wake-up callback is called, `seconds` pass, or
 * the signal aborts (then it rejects with the signal's reason).
 *
 * @param subscribe - registers a wake-up callback and returns its unsubscribe function
 * @param seconds - the deadline; `null` = none
 * @param signal - optional abort signal
 * @returns `woken` or `timeout`
 */
export function waitForWake(
  subscribe: (wake: () => void) => () => void,
  seconds: number | null,
  signal?: AbortSignal,
): Promise<'woken' | 'timeout'> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe?.();
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    unsubscribe = subscribe(() => finish(() => resolve('woken')));
    if (done) {
      unsubscribe();
      return;
    }
    if (seconds !== null) {
      const ms = Math.min(MAX_TIMER_MS, Math.max(0, seconds * 1000));
      timer = setTimeout(() => finish(() => resolve('timeout')), ms);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
