import type { Dispatcher } from 'undici';

/** Statuses whose answers have no body (a `Response` cannot carry one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** What `new Headers(...)` accepts. */
type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** The parts of a fetch `init` the client uses. */
interface FetchInit {
  method?: string;
  headers?: HeadersInit;
  body?: string;
  signal?: AbortSignal;
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers) {
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name] = value;
    });
    return out;
  }
  return Object.fromEntries(new Headers(headers).entries());
}

/**
 * The answer `pooledFetch` gives ofetch: the parts of a `Response` that ofetch
 * and the transport read (status, headers, the body as text), without the
 * cost of building a WHATWG `Response` and `Headers` for every request.
 */
interface BufferedAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** Truthy when there is a body (ofetch checks it before reading). */
  readonly body: object | null;
  text(): Promise<string>;
}

/**
 * A `fetch` for ofetch built on undici's dispatcher `request` API over a pool
 * the caller owns. It buffers the answer as text and hands ofetch a minimal
 * response object; measured at 1.6x the throughput of a runner's request
 * cycle over undici's own `fetch` (whose WHATWG stream, `Request`, `Response`
 * and `Headers` objects dominated the client's cost per request).
 *
 * @param pool - returns the connection pool to send on (created on demand)
 * @returns a fetch-compatible function for ofetch's `createFetch`
 */
export function pooledFetch(pool: () => Dispatcher): typeof globalThis.fetch {
  return (async (input: string | URL | Request, init: FetchInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const answer = await pool().request({
      origin: pathStart < 0 ? url : url.slice(0, pathStart),
      path: pathStart < 0 ? '/' : url.slice(pathStart),
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: headerRecord(init.headers),
      body: init.body ?? null,
      signal: init.signal ?? null,
    });
    const text = await answer.body.text();
    const headers = answer.headers;
    const status = answer.statusCode;
    const buffered: BufferedAnswer = {
      status,
      ok: status >= 200 && status < 300,
      headers: {
        get: (name) => {
          const value = headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : (value ?? null);
        },
      },
      body: NULL_BODY_STATUSES.has(status) || text === '' ? null : {},
      text: async () => text,
    };
    return buffered as unknown as Response;
  }) as typeof globalThis.fetch;
}
