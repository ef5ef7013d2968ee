import type { Logger } from '@agl/store-core';
import type { MiddlewareHandler } from 'hono';

interface NodeEnv {
  outgoing?: { headersSent?: boolean; statusCode?: number };
  incoming?: {
    httpVersion?: string;
    socket?: { remoteAddress?: string; remotePort?: number };
  };
}

const LOGGED_PREFIXES = ['/v1/agl', '/v1/traces'];

/**
 * Logs one debug line per request under `/v1/agl` and `/v1/traces`: client
 * address, method, path, HTTP version, status and duration in milliseconds.
 *
 * @param logger - where the lines go
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (!LOGGED_PREFIXES.some((prefix) => path.startsWith(prefix))) return next();
    const started = performance.now();
    await next();
    const env = c.env as NodeEnv | undefined;
    const incoming = env?.incoming;
    // A handler may have written the answer to Node directly (see the 307 redirect).
    const status = env?.outgoing?.headersSent ? env.outgoing.statusCode : c.res.status;
    const socket = incoming?.socket;
    const client = socket?.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : '-';
    const version = incoming?.httpVersion ?? '1.1';
    const ms = (performance.now() - started).toFixed(2);
    logger.debug(`${client} - "${c.req.method} ${path} HTTP/${version}" ${status} ${ms}ms`);
  };
}
