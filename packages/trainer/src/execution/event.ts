/**
 * The cooperative stop flag shared by the algorithm and runner bundles.
 * Backed by an `AbortController`; `clear()` swaps in a
 * fresh one.
 *
 * @module
 */

/** A cooperative stop flag. */
export class ExecutionEvent {
  #controller = new AbortController();
  #waiters = new Set<() => void>();

  /** Sets the flag (idempotent) and wakes every waiter. */
  set(): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort();
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Clears the flag. */
  clear(): void {
    if (this.#controller.signal.aborted) this.#controller = new AbortController();
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return this.#controller.signal.aborted;
  }

  /** An abort signal that fires when the flag is set (a new one after `clear()`). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Waits until the flag is set or the timeout passes.
   *
   * @param timeoutSeconds - seconds to wait at most; omitted = no limit
   * @returns whether the flag is set
   */
  wait(timeoutSeconds?: number): Promise<boolean> {
    if (this.isSet()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        if (timer) clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(this.isSet());
      };
      this.#waiters.add(wake);
      if (timeoutSeconds !== undefined)
        timer = setTimeout(wake, Math.max(0, timeoutSeconds * 1000));
    });
  }
}

/**
 * Sleeps, returning early when the event is set or the signal aborts.
 *
 * @param seconds - how long
 * @param event - an optional stop event
 * @returns whether the sleep was cut short by the event
 */
export async function sleepUnlessSet(
  seconds: number,
  event?: ExecutionEvent | null,
): Promise<boolean> {
  if (!event) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds * 1000)));
    return false;
  }
  return event.wait(seconds);
}
