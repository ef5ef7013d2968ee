import type { MiddlewareHandler } from 'hono';

const ALLOWED_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

/**
 * Normalises configured CORS origins like the reference: trimmed, empties
 * dropped, any `*` turns the list into the wildcard.
 *
 * @param origins - the configured origins
 * @returns `'*'`, the list of origins, or `null` when CORS is off
 */
export function normaliseCorsOrigins(origins: readonly string[]): '*' | string[] | null {
  const cleaned = origins.map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (cleaned.includes('*')) return '*';
  return cleaned.length > 0 ? cleaned : null;
}

/**
 * CORS middleware with the reference's semantics: every method and header
 * allowed, credentials allowed, response headers exposed. An allowed origin
 * is echoed in `Access-Control-Allow-Origin`; other origins are served
 * without it. A preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) answers 200 for an allowed origin and 400
 * otherwise.
 *
 * @param allowed - `'*'` or the allowed origins (see `normaliseCorsOrigins`)
 */
export function corsMiddleware(allowed: '*' | readonly string[]): MiddlewareHandler {
  const isAllowed = (origin: string) => allowed === '*' || allowed.includes(origin);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const preflight =
      c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (preflight) {
      const headers: Record<string, string> = { vary: 'Origin', 'content-type': 'text/plain' };
      if (!isAllowed(origin))
        return new Response('Disallowed CORS origin', { status: 400, headers });
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-methods'] = ALLOWED_METHODS;
      headers['access-control-allow-credentials'] = 'true';
      headers['access-control-max-age'] = '600';
      const requested = c.req.header('access-control-request-headers');
      if (requested) headers['access-control-allow-headers'] = requested;
      return new Response('OK', { status: 200, headers });
    }
    await next();
    if (!isAllowed(origin)) return;
    const exposed = [...c.res.headers.keys()].filter((name) => !name.startsWith('access-control-'));
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.set('access-control-allow-credentials', 'true');
    if (exposed.length > 0) c.res.headers.set('access-control-expose-headers', exposed.join(', '));
    c.res.headers.append('vary', 'Origin');
  };
}
