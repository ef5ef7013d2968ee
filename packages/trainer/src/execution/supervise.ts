/**
 * Runs a bundle under a stop watchdog: once the stop event
 * is set the bundle gets `gracefulDelay` seconds to return, is then asked to
 * cancel (its abort signal fires), gets another `gracefulDelay`, and is
 * finally abandoned. A promise cannot be killed; an abandoned bundle keeps
 * running in the background until it settles.
 *
 * @module
 */
import { getLogger } from '../logging';
import type { ExecutionEvent } from './event';

const log = getLogger('agl.execution');

/** How a supervised bundle ended. */
export type BundleOutcome =
  | { status: 'returned' }
  | { status: 'failed'; error: unknown }
  | { status: 'abandoned' };

const delay = (seconds: number) =>
  new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), seconds * 1000).unref());

/**
 * Supervises one bundle.
 *
 * @param name - a label for log lines
 * @param start - starts the bundle; receives a signal that fires on cancellation
 * @param event - the stop event
 * @param gracefulDelay - seconds allowed after the event, and again after cancellation
 */
export async function superviseBundle(
  name: string,
  start: (cancel: AbortSignal) => Promise<void>,
  event: ExecutionEvent,
  gracefulDelay: number,
): Promise<BundleOutcome> {
  const cancel = new AbortController();
  const run: Promise<BundleOutcome> = Promise.resolve()
    .then(() => start(cancel.signal))
    .then(
      (): BundleOutcome => ({ status: 'returned' }),
      (error): BundleOutcome =>
        cancel.signal.aborted && (error as Error)?.name === 'AbortError'
          ? { status: 'returned' }
          : { status: 'failed', error },
    );
  const stopped = event.wait().then(() => 'stop' as const);
  const first = await Promise.race([run, stopped]);
  if (first !== 'stop') return first;
  const graceful = await Promise.race([run, delay(gracefulDelay)]);
  if (graceful !== 'timeout') return graceful;
  log.warn(`${name} did not stop within ${gracefulDelay}s of the stop event; cancelling it.`);
  cancel.abort();
  const cancelled = await Promise.race([run, delay(gracefulDelay)]);
  if (cancelled !== 'timeout') return cancelled;
  log.error(`${name} ignored cancellation; abandoning it.`);
  return { status: 'abandoned' };
}
