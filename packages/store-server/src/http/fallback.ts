import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { jsonResponse } from './respond';

/** A method and path template, in registration order. */
export interface RouteTemplate {
  /** HTTP method. */
  readonly method: string;
  /** Path template with `{name}` parameters. */
  readonly path: string;
}

/** Compiles a `{name}` path template to a regular expression matching one segment per parameter. */
function compile(template: string): RegExp {
  const escaped = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

/**
 * Builds the answer for a request no route handled, like the reference's
 * router: when the path with its trailing slash removed names a route, a 307
 * redirect to it (absolute `location`, no body); when a route has this path
 * but another method, 405 `{"detail": "Method Not Allowed"}` with an `allow`
 * header naming the first such route's method; otherwise 404
 * `{"detail": "Not Found"}`.
 *
 * @param templates - every route, in registration order
 * @returns a hono not-found handler
 */
export function routingFallback(templates: readonly RouteTemplate[]) {
  const compiled = templates.map((t) => ({ method: t.method, pattern: compile(t.path) }));
  const firstMatch = (path: string) => compiled.find(({ pattern }) => pattern.test(path));
  return (c: Context): Response => {
    const path = c.req.path;
    const sameRoute = firstMatch(path);
    if (sameRoute) {
      return jsonResponse(405, { detail: 'Method Not Allowed' }, { allow: sameRoute.method });
    }
    if (path.length > 1 && path.endsWith('/') && firstMatch(path.slice(0, -1))) {
      const url = new URL(c.req.url);
      url.pathname = path.slice(0, -1);
      const location = url.toString();
      // Under @hono/node-server, write the redirect ourselves: the adapter would add a
      // `text/plain` content type to a body-less answer, the reference sends none.
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      if (outgoing && !outgoing.headersSent) {
        outgoing.writeHead(307, { location, 'content-length': '0' });
        outgoing.end();
        return RESPONSE_ALREADY_SENT;
      }
      return c.body(null, 307, { location });
    }
    return jsonResponse(404, { detail: 'Not Found' });
  };
}
