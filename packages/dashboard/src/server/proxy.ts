/**
 * The read-only proxy of the standalone dashboard: forwards `GET`/`HEAD`
 * under `/v1/agl/` to a store and refuses every other method under `/v1/`
 * without contacting it.
 *
 * @module
 */

/** Options of `createStoreProxy`. */
export interface StoreProxyOptions {
  /** Store root URL, e.g. `http://127.0.0.1:4747` (normalise it with `normaliseStoreUrl`). */
  store: string;
  /** Timeout of ordinary requests in seconds (default 30); event streams have none. */
  timeoutSeconds?: number;
  /**
   * The store's access key (`agl store --api-key`), sent as `Authorization:
   * Bearer` with every forwarded request, so the page needs no key of its own.
   * The browser's own `Authorization` header is still dropped.
   */
  apiKey?: string;
}

/** A proxy: answers `/v1/...` requests, `undefined` for anything else. */
export interface StoreProxy {
  /** Handles one request. */
  fetch(request: Request): Promise<Response | undefined>;
}

const READ_ONLY = JSON.stringify({ detail: 'The dashboard proxy is read-only' });

/**
 * Normalises a store URL: removes trailing `/` and a trailing `/v1/agl`.
 *
 * @param url - the URL given by the user
 * @returns the root URL and whether it was changed
 */
export function normaliseStoreUrl(url: string): { url: string; changed: boolean } {
  const trimmed = url
    .replace(/\/+$/, '')
    .replace(/\/v1\/agl$/, '')
    .replace(/\/+$/, '');
  return { url: trimmed, changed: trimmed !== url };
}

/**
 * Creates the proxy. Status, body, `Content-Type` and the store's `Date`
 * header pass through unchanged; `Cookie` and `Authorization` are dropped
 * (the proxy sends its own key when given one); event streams are piped
 * without buffering.
 *
 * @param options - store URL, timeout and access key
 */
export function createStoreProxy(options: StoreProxyOptions): StoreProxy {
  const root = options.store;
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000;
  return {
    async fetch(request: Request): Promise<Response | undefined> {
      const url = new URL(request.url);
      if (url.pathname !== '/v1' && !url.pathname.startsWith('/v1/')) return undefined;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return new Response(READ_ONLY, {
          status: 405,
          headers: { 'content-type': 'application/json', allow: 'GET, HEAD' },
        });
      }
      if (!url.pathname.startsWith('/v1/agl/')) {
        return new Response(JSON.stringify({ detail: 'Not Found' }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        });
      }
      const isStream = url.pathname === '/v1/agl/events';
      const headers = new Headers();
      for (const name of ['accept', 'last-event-id', 'accept-language']) {
        const value = request.headers.get(name);
        if (value) headers.set(name, value);
      }
      if (options.apiKey) headers.set('authorization', `Bearer ${options.apiKey}`);
      const controller = new AbortController();
      const timer = isStream ? undefined : setTimeout(() => controller.abort(), timeoutMs);
      request.signal.addEventListener('abort', () => controller.abort(), { once: true });
      try {
        const upstream = await fetch(`${root}${url.pathname}${url.search}`, {
          method: request.method,
          headers,
          signal: controller.signal,
        });
        const out = new Headers();
        for (const name of [
          'content-type',
          'date',
          'cache-control',
          'x-agl-limit-clamped',
          'x-accel-buffering',
        ]) {
          const value = upstream.headers.get(name);
          if (value) out.set(name, value);
        }
        const body =
          request.method === 'HEAD'
            ? upstream.body
            : isStream
              ? endQuietlyOnAbort(upstream.body, controller.signal)
              : await upstream.arrayBuffer();
        return new Response(body, { status: upstream.status, headers: out });
      } catch (error) {
        const reason = controller.signal.aborted ? 'timed out' : String((error as Error).message);
        return new Response(JSON.stringify({ detail: `Store unreachable at ${root}: ${reason}` }), {
          status: 502,
          headers: { 'content-type': 'application/json' },
        });
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}

/**
 * The upstream event stream, ended cleanly when the browser goes away: its
 * abort tears the upstream body down with an AbortError, which the node
 * adapter would otherwise log as a server error on every page close.
 */
function endQuietlyOnAbort(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal,
): ReadableStream<Uint8Array> | null {
  if (!body) return body;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (signal.aborted) controller.close();
        else controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
