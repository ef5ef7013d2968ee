import type { IncomingMessage, ServerResponse } from 'node:http';
import { STORE_API_PREFIX } from '@agl/types';
import { writeAnswer } from '../http/answer';
import type { RouteMatch } from './dispatch';
import { NodeRouteRequest } from './request';
import type { RouteRunner } from './runner';

/**
 * Serves a Node request directly when it is one of the store routes and the
 * app has nothing else to do for it; answers `false` (nothing written) otherwise.
 */
export type FastPath = (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;

/**
 * Request targets whose path and query come out of URL parsing unchanged:
 * no percent escapes, dot segments or backslashes in the path, and a query of
 * plain characters. Anything else takes the general path.
 */
const PLAIN_TARGET = /^\/v1\/agl\/[\w\-~/.]*(\?[\w\-~.=&%+,:]*)?$/;

/** Hosts already checked (a server sees very few distinct `Host` headers). */
const MAX_KNOWN_HOSTS = 64;

/**
 * Whether `@hono/node-server` accepts this `Host` header (it answers 400 to
 * one that does not survive URL parsing unchanged), tested the same way.
 */
function acceptedHost(host: string): boolean {
  try {
    const url = new URL(`http://${host}/`);
    return url.hostname.length === host.length || url.hostname === host.replace(/:\d+$/, '');
  } catch {
    return false;
  }
}

/**
 * The fast path of `LightningStoreServer`: a request to a store route goes
 * from the Node request straight to the route and its answer straight to the
 * socket, without the platform `Request`/`Response` objects, web streams and
 * hono dispatch that the general path builds for it (together a third of
 * the server's time under a runner-shaped load). Only used when the app has
 * no middleware that would see or change the request (no CORS, API key,
 * metrics or debug request log), and only for `GET`/`POST` requests with a
 * plain target and an acceptable `Host`, which the general path would route
 * to the same store route: the answer bytes are the same either way.
 *
 * @param dispatch - the app's store route dispatcher
 * @param earlier - paths that other app routes answer before the store routes
 */
export function createFastPath(
  dispatch: (method: string, path: string) => RouteMatch<RouteRunner> | undefined,
  earlier: ReadonlySet<string>,
): FastPath {
  const hosts = new Map<string, boolean>();
  const hostOk = (host: string | undefined): boolean => {
    if (host === undefined || host === '') return false;
    let ok = hosts.get(host);
    if (ok === undefined) {
      ok = acceptedHost(host);
      if (hosts.size < MAX_KNOWN_HOSTS) hosts.set(host, ok);
    }
    return ok;
  };
  return (incoming, outgoing) => {
    const { method, url = '' } = incoming;
    if (method !== 'GET' && method !== 'POST') return false;
    if (!url.startsWith(STORE_API_PREFIX) || !PLAIN_TARGET.test(url) || url.includes('/.'))
      return false;
    if (!hostOk(incoming.headers.host)) return false;
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    if (earlier.has(path)) return false;
    const match = dispatch(method, path);
    if (match === undefined) return false;
    const request = new NodeRouteRequest(
      method,
      path,
      mark < 0 ? '' : url.slice(mark + 1),
      incoming,
      outgoing,
    );
    match.value(request, match.params).then(
      (answer) => {
        if (!outgoing.headersSent && !outgoing.destroyed) writeAnswer(outgoing, answer);
        if (!incoming.complete) drain(incoming);
      },
      () => {
        // Route runners turn every failure into an answer; this is a last resort.
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-length': '0' });
        outgoing.end();
      },
    );
    return true;
  };
}

/** How long an unread request body may take to arrive after the answer before the connection is closed. */
const DRAIN_TIMEOUT_MS = 500;

/**
 * Reads and drops what is left of a request body the route did not read (as
 * `@hono/node-server` does), so the connection can serve the next request.
 */
function drain(incoming: IncomingMessage): void {
  const timer = setTimeout(() => incoming.socket?.destroySoon(), DRAIN_TIMEOUT_MS);
  timer.unref();
  incoming.once('end', () => clearTimeout(timer));
  incoming.resume();
}
