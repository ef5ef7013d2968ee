/**
 * Waits for real time to pass. Only for `waitForRollouts` timing: watchdog and
 * debounce tests move the `ManualClock` instead.
 *
 * @param seconds - how long
 */
export function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/**
 * Resolves like `promise`, or rejects when it takes longer than `seconds`: a
 * liveness guard that turns a hang into a clear failure.
 *
 * @param promise - the operation
 * @param seconds - the generous upper bound
 * @param what - what is awaited, for the error message
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  seconds: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise whose settlement can be inspected synchronously. */
export interface TrackedPromise<T> {
  /** The wrapped promise. */
  readonly promise: Promise<T>;
  /** Whether it has resolved or rejected yet. */
  readonly settled: boolean;
}

/**
 * Wraps a promise to observe whether it has settled.
 *
 * @param promise - the promise to watch
 */
export function track<T>(promise: Promise<T>): TrackedPromise<T> {
  const state = { settled: false };
  const watched = promise.finally(() => {
    state.settled = true;
  });
  return {
    promise: watched,
    get settled() {
      return state.settled;
    },
  };
}

/** Options of {@link until}. */
export interface UntilOptions {
  /** Give up after this many seconds (default 30: generous, for loaded machines). */
  timeoutSeconds?: number;
  /** Pause between two checks, in seconds (default 0.025). */
  intervalSeconds?: number;
  /** What is awaited, for the error message (default `condition`). */
  what?: string;
}

/**
 * Polls `check` until it holds: for state another process or connection
 * changes, where no event says when. Rejects with `Timed out waiting for
 * <what>` after `timeoutSeconds`.
 *
 * @param check - returns (or resolves to) whether the state is reached
 * @param options - deadline, pause and description
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  options: UntilOptions = {},
): Promise<void> {
  const { timeoutSeconds = 30, intervalSeconds = 0.025, what = 'condition' } = options;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(intervalSeconds);
  }
}
