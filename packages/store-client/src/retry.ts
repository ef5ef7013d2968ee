import type { Logger, StoreError } from '@agl/store-core';
import { sleepSeconds } from '@agl/store-core/backend';

/** The result of one send: a value, or an error that may or may not be worth retrying. */
export type SendOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: StoreError; readonly retryable: boolean };

/** How `withRetries` runs one call. */
export interface RetryContext {
  /** Pauses before the 2nd, 3rd, ... send; the schedule is `[0, ...delays]`. */
  readonly retryDelaysMs: readonly number[];
  /** Health probe run after every retryable failure; `false` stops the retries. */
  readonly probe: (signal: AbortSignal) => Promise<boolean>;
  /** Where retries are reported. */
  readonly logger: Logger;
  /** Aborts the pauses and the probe (close of the client, caller's signal). */
  readonly signal: AbortSignal;
  /** The request, for log messages. */
  readonly what: string;
}

/**
 * Runs `send` under the reference's retry algorithm: up to `1 + delays`
 * sends; a non-retryable failure is thrown at once; after each retryable
 * failure (the last one included) the health probe runs, and an unhealthy
 * server ends the call with that failure.
 *
 * @param send - performs one send; it may also throw (aborts), which ends the call
 * @param context - schedule, probe, logger and signal
 * @returns the first successful value
 */
export async function withRetries<T>(
  send: () => Promise<SendOutcome<T>>,
  context: RetryContext,
): Promise<T> {
  const schedule = [0, ...context.retryDelaysMs];
  let lastError: StoreError | undefined;
  for (const [index, delay] of schedule.entries()) {
    if (delay > 0) {
      context.logger.info(
        `Retrying ${context.what} in ${delay} ms (send ${index + 1} of ${schedule.length})`,
      );
      await sleepSeconds(delay / 1000, context.signal);
    }
    const outcome = await send();
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable) throw outcome.error;
    lastError = outcome.error;
    context.logger.debug(
      `${context.what} failed (send ${index + 1} of ${schedule.length})`,
      outcome.error,
    );
    if (!(await context.probe(context.signal))) {
      context.logger.error(
        `Store server is unhealthy; giving up on ${context.what}`,
        outcome.error,
      );
      throw outcome.error;
    }
  }
  // The schedule always has at least one entry, so a failure was recorded.
  throw lastError as StoreError;
}
