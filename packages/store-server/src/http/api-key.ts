import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** Paths answered without a key: liveness and readiness, for load balancers and our client's probes. */
const OPEN_PATHS: ReadonlySet<string> = new Set(['/v1/agl/health', '/v1/agl/ready']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`.
 *
 * @param authorization - the `Authorization` header, if any
 * @param apiKeyHeader - the `x-api-key` header, if any
 */
export function presentedKey(
  authorization: string | undefined,
  apiKeyHeader: string | undefined,
): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '')?.[1];
  return bearer ?? apiKeyHeader?.trim() ?? undefined;
}

/**
 * Requires the access key on every route but health and readiness. Comparison is on
 * digests in constant time, so the answer time says nothing about the key.
 * A missing or wrong key answers 401 `{"detail": "Unauthorized"}` with
 * `WWW-Authenticate: Bearer`.
 *
 * @param apiKey - the key (non-empty)
 * @param isOpen - further requests served without a key (the dashboard's static files)
 */
export function apiKeyMiddleware(
  apiKey: string,
  isOpen: (method: string, path: string) => boolean = () => false,
): MiddlewareHandler {
  const expected = digest(apiKey);
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path) || c.req.method === 'OPTIONS') return next();
    if (isOpen(c.req.method, c.req.path)) return next();
    const key = presentedKey(c.req.header('authorization'), c.req.header('x-api-key'));
    if (key !== undefined && timingSafeEqual(digest(key), expected)) return next();
    return c.json({ detail: 'Unauthorized' }, 401, { 'www-authenticate': 'Bearer' });
  };
}
