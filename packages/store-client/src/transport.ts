import { createFetch, FetchError } from 'ofetch';
import { Agent } from 'undici';
import { pooledFetch } from './pooled-fetch';
import { linkSignals } from './signals';

/** One HTTP request of the client. */
export interface HttpRequest {
  /** HTTP method. */
  readonly method: 'GET' | 'POST';
  /** Path below the server root, starting with `/` (already percent-encoded). */
  readonly path: string;
  /** Query string parameters, in order. */
  readonly query?: readonly (readonly [string, string])[];
  /** JSON body; `undefined` = no body at all. */
  readonly body?: unknown;
  /** Extra headers, e.g. `Idempotency-Key`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the request; the transport then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * How long the server may deliberately hold this request before answering
   * (a long wait), in ms; added to the request timeout so a held answer is
   * not mistaken for a dead server.
   */
  readonly holdMs?: number;
}

/** The answer to an `HttpRequest`, whatever its status. */
export interface HttpResponse {
  /** HTTP status. */
  readonly status: number;
  /** `Content-Type` header, or `null`. */
  readonly contentType: string | null;
  /** The body as text (`''` when empty). */
  readonly text: string;
}

/** A send that did not produce an answer: the server could not be reached or was too slow. */
export class TransportFailure extends Error {
  /** `timeout` when the request timeout fired, `network` for every other transport error. */
  readonly kind: 'timeout' | 'network';

  /**
   * @param kind - what happened
   * @param message - a description
   * @param cause - the underlying error
   */
  constructor(kind: 'timeout' | 'network', message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportFailure';
    this.kind = kind;
  }
}

/** Timeouts of the transport, in milliseconds, and the access key it sends. */
export interface TransportTimeouts {
  /** Overall time of one send, and the socket read timeout. */
  readonly requestTimeoutMs: number;
  /** Time to open a connection. */
  readonly connectionTimeoutMs: number;
  /** Access key sent as `Authorization: Bearer <key>`, when set. */
  readonly apiKey?: string;
}

/**
 * Sends JSON requests over a keep-alive connection pool (an undici `Agent`)
 * that the transport owns: `close()` destroys the pool and releases every
 * socket; the next `send` opens a new one.
 */
export class HttpTransport {
  readonly #root: string;
  readonly #timeouts: TransportTimeouts;
  readonly #fetch: ReturnType<typeof createFetch>;
  #agent: Agent | null = null;

  /**
   * @param root - the server root URL
   * @param timeouts - request and connect timeouts
   */
  constructor(root: string, timeouts: TransportTimeouts) {
    this.#root = root;
    this.#timeouts = timeouts;
    this.#fetch = createFetch({ fetch: pooledFetch(() => this.#pool()), Headers, AbortController });
  }

  #pool(): Agent {
    this.#agent ??= new Agent({
      connect: { timeout: this.#timeouts.connectionTimeoutMs },
      // The per-request timer in `send` bounds every request (held waits get
      // longer), so undici's own header/body timeouts are off.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 15_000,
    });
    return this.#agent;
  }

  /**
   * Sends one request, without retries.
   *
   * @param request - the request
   * @returns the answer, whatever its status
   * @throws TransportFailure when no answer arrived; the signal's reason when aborted
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const link = linkSignals(request.signal);
    const limitMs = this.#timeouts.requestTimeoutMs + Math.max(0, request.holdMs ?? 0);
    const timer = setTimeout(
      () => link.abort(new TransportFailure('timeout', `no answer within ${limitMs} ms`)),
      limitMs,
    );
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (this.#timeouts.apiKey !== undefined)
      headers.authorization = `Bearer ${this.#timeouts.apiKey}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.#fetch.raw<string, 'text'>(this.#url(request), {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: link.signal,
        retry: false,
        ignoreResponseError: true,
        responseType: 'text',
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: typeof response._data === 'string' ? response._data : '',
      };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const reason = link.signal.aborted ? link.signal.reason : undefined;
      if (reason instanceof TransportFailure) throw reason;
      const cause = error instanceof FetchError && error.cause !== undefined ? error.cause : error;
      throw new TransportFailure(isTimeout(cause) ? 'timeout' : 'network', describe(cause), cause);
    } finally {
      clearTimeout(timer);
      link.dispose();
    }
  }

  #url(request: HttpRequest): string {
    const query = request.query?.length
      ? `?${new URLSearchParams(request.query.map(([key, value]): [string, string] => [key, value]))}`
      : '';
    return `${this.#root}${request.path}${query}`;
  }

  /** Destroys the connection pool (in-flight requests fail); the next `send` opens a new one. */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = null;
    if (agent) await agent.destroy();
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** The error and its causes, outermost first (at most 6 levels). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 6; ) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTimeout(error: unknown): boolean {
  return causeChain(error).some((e) => TIMEOUT_CODES.has(codeOf(e) ?? ''));
}

function describe(error: unknown): string {
  const chain = causeChain(error);
  const messages = chain.map((e) => (e instanceof Error ? e.message : String(e))).filter(Boolean);
  const code = chain.map(codeOf).find((c) => c !== undefined);
  const text = [...new Set(messages)].join(': ');
  return code && !text.includes(code) ? `${text} [${code}]` : text;
}
