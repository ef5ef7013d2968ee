/** Longest delay `setTimeout` honours; longer waits end there and callers loop. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `seconds`, or rejects with the signal's reason as soon as it aborts:
 * retry pauses and poll intervals end at once on shutdown. Waits longer than
 * about 24.8 days end early (the longest timer Node honours).
 *
 * @param seconds - how long to wait (0 or less yields to the next timer tick)
 * @param signal - cancels the wait
 * @returns a promise that resolves after the wait
 */
export function sleepSeconds(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, seconds * 1000)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
