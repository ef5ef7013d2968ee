import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/** The header by which `@hono/node-server` learns that the handler already wrote the answer. */
const ALREADY_SENT_HEADER = 'x-hono-already-sent';

/**
 * Answers `status` with no body and no `Content-Type`, as the reference does
 * for the OTLP signals it does not accept. Under `@hono/node-server` (which
 * adds `text/plain` to any response lacking a content type) the answer is
 * written to the Node response directly, and the returned `Response` (which
 * still carries the status, for logging middleware) tells the adapter so;
 * elsewhere a plain `Response` is used.
 *
 * @param c - the hono context
 * @param status - the HTTP status
 */
export function emptyResponse(c: Context, status: number): Response {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  if (isServerResponse(outgoing)) {
    outgoing.writeHead(status, { 'content-length': '0' });
    outgoing.end();
    return new Response(null, { status, headers: { [ALREADY_SENT_HEADER]: 'true' } });
  }
  return new Response(null, { status });
}

function isServerResponse(value: unknown): value is ServerResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ServerResponse).writeHead === 'function' &&
    typeof (value as ServerResponse).end === 'function' &&
    !(value as ServerResponse).headersSent
  );
}
