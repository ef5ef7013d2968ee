import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { NodeIncoming } from '../http/body';

/**
 * What a store route needs of a request. Two sources implement it: a hono
 * context (any adapter, `app.request`), and a Node request taken straight
 * from `LightningStoreServer`'s listener for the common case (see
 * `fast-path.ts`), which skips building a platform `Request` at all.
 */
export interface RouteRequest {
  /** `GET`, `POST`, ... */
  readonly method: string;
  /** The path, as hono reports it (for log lines and error messages). */
  readonly path: string;
  /** A request header (lower-case name), repeated ones joined with `, `. */
  header(name: string): string | undefined;
  /** The parsed query string. */
  searchParams(): URLSearchParams;
  /** The Node request, when there is one (its body is read directly). */
  readonly incoming: NodeIncoming | undefined;
  /** The platform request, when there is one (read when `incoming` is absent). */
  readonly raw: Request | undefined;
  /** Aborted when the client goes away (built on demand: only long waits ask). */
  signal(): AbortSignal;
}

/**
 * The route request of a hono context.
 *
 * @param c - the context
 */
export function honoRouteRequest(c: Context): RouteRequest {
  return {
    method: c.req.method,
    path: c.req.path,
    header: (name) => c.req.header(name),
    searchParams: () => new URL(c.req.url).searchParams,
    incoming: (c.env as { incoming?: NodeIncoming } | undefined)?.incoming,
    raw: c.req.raw,
    signal: () => c.req.raw.signal,
  };
}

/** The route request of a Node request whose path and query were checked by the fast path. */
export class NodeRouteRequest implements RouteRequest {
  #signal: AbortSignal | undefined;

  /**
   * @param method - `GET` or `POST`
   * @param path - the path (without the query)
   * @param query - the query string without `?` (`''` when none)
   * @param incoming - the Node request
   * @param outgoing - its response (closing it early aborts `signal()`)
   */
  constructor(
    readonly method: string,
    readonly path: string,
    private readonly query: string,
    readonly incoming: IncomingMessage,
    private readonly outgoing: ServerResponse,
  ) {}

  /** Not built on this path. */
  get raw(): undefined {
    return undefined;
  }

  /** @param name - lower-case header name */
  header(name: string): string | undefined {
    const value = this.incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The query string, parsed. */
  searchParams(): URLSearchParams {
    return new URLSearchParams(this.query);
  }

  /** Aborted when the connection closes before the answer was sent. */
  signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    const controller = new AbortController();
    this.outgoing.once('close', () => {
      if (this.incoming.errored) controller.abort(this.incoming.errored.toString());
      else if (!this.outgoing.writableFinished)
        controller.abort('Client connection prematurely closed.');
    });
    this.#signal = controller.signal;
    return this.#signal;
  }
}
