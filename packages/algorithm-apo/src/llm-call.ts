/**
 * One critic or editor call with retries: transient failures (connection
 * errors, timeouts, HTTP 408/409/429/5xx) are retried with exponential
 * back-off and jitter; anything else, or the last failure, becomes an
 * `ApoLlmError` naming the model and the number of attempts. A wrong answer
 * is never returned silently: an answer without choices is an error too.
 *
 * @module
 */
import { InvalidStateError, type Logger, UnavailableError } from '@agl/store-core';
import type { ResolvedRetry } from './options';
import type { ApoChatRequest, ChatCompletionsClient } from './types';

/** A critic or editor call that failed for good (after retries, or at once when not retryable). */
export class ApoLlmError extends UnavailableError {
  /** The model of the failed call. */
  readonly model: string;
  /** Attempts made. */
  readonly attempts: number;
  /** HTTP status of the last failure, when the client reported one. */
  readonly httpStatus: number | undefined;

  /**
   * @param model - the model
   * @param attempts - attempts made
   * @param cause - the last error
   */
  constructor(model: string, attempts: number, cause: unknown) {
    const status = statusOf(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `APO: chat completion with model '${model}' failed after ${attempts} attempt${attempts === 1 ? '' : 's'}${status === undefined ? '' : ` (HTTP ${status})`}: ${reason}`,
      { cause },
    );
    this.model = model;
    this.attempts = attempts;
    this.httpStatus = status;
  }
}

/** A chat completion that came back with no choices. */
export class ApoEmptyResponseError extends InvalidStateError {
  /** @param model - the model that answered */
  constructor(model: string) {
    super(`Chat completion from ${model} returned no choices`);
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Whether a failure is worth another try: no HTTP status (network, timeout) or a transient one. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApoEmptyResponseError) return false;
  const status = statusOf(error);
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait before retry `n` (1-based): doubling from the initial delay, capped, plus up to 25 % jitter. */
export function backoffSeconds(n: number, retry: ResolvedRetry): number {
  const base = Math.min(retry.maxDelaySeconds, retry.initialDelaySeconds * 2 ** (n - 1));
  return base * (1 + 0.25 * retry.random());
}

/**
 * Sends one request and returns `choices[0].message.content` (`null` when absent).
 *
 * @throws ApoLlmError when every attempt failed or the failure is not retryable
 */
export async function completeWithRetry(
  client: ChatCompletionsClient,
  request: ApoChatRequest,
  retry: ResolvedRetry,
  logger: Logger,
): Promise<string | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.chat.completions.create(request);
      const first = response.choices[0];
      if (first === undefined) throw new ApoEmptyResponseError(request.model);
      return first.message.content ?? null;
    } catch (error) {
      if (attempt >= retry.maxAttempts || !isRetryable(error)) {
        throw new ApoLlmError(request.model, attempt, error);
      }
      const wait = backoffSeconds(attempt, retry);
      logger.warn(
        `Chat completion with ${request.model} failed (attempt ${attempt}/${retry.maxAttempts}): ${error instanceof Error ? error.message : String(error)}. Retrying in ${wait.toFixed(2)} s.`,
      );
      await retry.sleep(wait);
    }
  }
}
