/**
 * The exchange with the model server: pooled keep-alive connections, timeouts, and retries with
 * exponential back-off for the failures a reloading or overloaded server produces.
 */
import { Agent, errors, request } from 'undici';
import type { Deployment } from './models.js';

/** Why an exchange failed without an HTTP answer. */
type TransportFailure = 'UpstreamTimeout' | 'UpstreamConnectionError' | 'ClientDisconnected';

/** An unread upstream body: iterated for streams, read whole with `text()` otherwise. */
type UpstreamBody = AsyncIterable<Uint8Array> & {
  destroy(error?: Error): void;
  text(): Promise<string>;
};

/** The outcome of an exchange. */
export type UpstreamResult =
  | {
      kind: 'answer';
      status: number;
      contentType: string;
      /** 2xx: the unread body stream; otherwise `null` and `text` holds the body. */
      body: UpstreamBody | null;
      text: string | null;
      retryCount: number;
    }
  | { kind: 'failure'; failure: TransportFailure; message: string; retryCount: number };

/** Settings of one exchange. */
export interface ExchangeOptions {
  dispatcher: Agent;
  deployment: Deployment;
  path: '/chat/completions' | '/completions';
  body: string;
  stream: boolean;
  maxAttempts: number;
  headersTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  signal: AbortSignal;
  random: () => number;
  sleep: (seconds: number) => Promise<void>;
  onRetry?: (attempt: number, reason: string, delaySeconds: number) => void;
}

/** Statuses a replica answers while reloading or overloaded; retried. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Back-off before retry `i + 1`: `min(0.5 · 2^i, 8)` seconds with ±25 % jitter. */
function retryDelaySeconds(failedAttempt: number, random: () => number): number {
  return Math.min(0.5 * 2 ** failedAttempt, 8) * (0.75 + 0.5 * random());
}

/** A connection pool shared by every upstream origin of a gateway. */
export function createDispatcher(): Agent {
  return new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
}

function classify(error: unknown): TransportFailure {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError)
    return 'UpstreamTimeout';
  if (error instanceof errors.ConnectTimeoutError) return 'UpstreamTimeout';
  return 'UpstreamConnectionError';
}

function abortable(signal: AbortSignal, wait: Promise<void>): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    });
  });
}

/** Sends the request, retrying per policy; never throws. */
export async function exchange(options: ExchangeOptions): Promise<UpstreamResult> {
  const { deployment, signal } = options;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: options.stream ? 'text/event-stream' : 'application/json',
  };
  if (deployment.apiKey !== null) headers.authorization = `Bearer ${deployment.apiKey}`;
  const url = `${deployment.apiBase}${options.path}`;
  const headersTimeout = deployment.timeoutMs ?? options.headersTimeoutMs;
  let last: UpstreamResult = {
    kind: 'failure',
    failure: 'ClientDisconnected',
    message: 'not sent',
    retryCount: 0,
  };
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    if (signal.aborted) {
      return {
        kind: 'failure',
        failure: 'ClientDisconnected',
        message: 'client disconnected',
        retryCount: attempt,
      };
    }
    let reason: string;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body: options.body,
        dispatcher: options.dispatcher,
        signal,
        headersTimeout,
        bodyTimeout: options.bodyIdleTimeoutMs,
      });
      const contentType = String(res.headers['content-type'] ?? '');
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return {
          kind: 'answer',
          status: res.statusCode,
          contentType,
          body: res.body,
          text: null,
          retryCount: attempt,
        };
      }
      const text = await res.body.text();
      last = {
        kind: 'answer',
        status: res.statusCode,
        contentType,
        body: null,
        text,
        retryCount: attempt,
      };
      if (!isRetryableStatus(res.statusCode)) return last;
      reason = `HTTP ${res.statusCode}`;
    } catch (error) {
      if (signal.aborted) {
        return {
          kind: 'failure',
          failure: 'ClientDisconnected',
          message: 'client disconnected',
          retryCount: attempt,
        };
      }
      const failure = classify(error);
      const message =
        failure === 'UpstreamTimeout'
          ? 'Upstream model server timed out'
          : 'Upstream model server request failed';
      last = {
        kind: 'failure',
        failure,
        message: `${message}: ${(error as Error).message}`,
        retryCount: attempt,
      };
      reason = (error as Error).message;
    }
    if (attempt + 1 >= options.maxAttempts) break;
    const delay = retryDelaySeconds(attempt, options.random);
    options.onRetry?.(attempt + 1, reason, delay);
    if (!(await abortable(signal, options.sleep(delay)))) {
      return {
        kind: 'failure',
        failure: 'ClientDisconnected',
        message: 'client disconnected',
        retryCount: attempt,
      };
    }
  }
  return last;
}
