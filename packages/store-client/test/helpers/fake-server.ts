import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Query pairs in order. */
  readonly query: [string, string][];
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body text (`''` when none was sent). */
  readonly text: string;
  /** Whether any body bytes were sent. */
  readonly hasBody: boolean;
  /** The body parsed as JSON, `undefined` when none or not JSON. */
  readonly json: unknown;
}

/** What the fake server answers. */
export interface FakeReply {
  readonly status?: number;
  /** JSON-serialised unless `raw` is given. */
  readonly body?: unknown;
  /** Exact body text. */
  readonly raw?: string;
  /** Content type; default `application/json`; `null` = no header. */
  readonly contentType?: string | null;
  /** Drop the connection without answering. */
  readonly destroy?: boolean;
  /** Wait this long before answering (to trigger client timeouts). */
  readonly delayMs?: number;
}

/** Decides the answer to each request. */
export type FakeHandler = (request: SeenRequest) => FakeReply | Promise<FakeReply>;

/** A running fake server. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: SeenRequest[];
  /** Requests other than `GET /v1/agl/health`. */
  calls(): SeenRequest[];
  /** `"GET /v1/agl/health"`-style labels of every request, in order. */
  sequence(): string[];
  /** Number of TCP connections currently open to the server. */
  openConnections(): Promise<number>;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const HEALTH = '/v1/agl/health';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function toSeen(request: IncomingMessage, text: string): SeenRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: [...url.searchParams.entries()],
    headers: request.headers,
    text,
    hasBody: text.length > 0,
    json,
  };
}

function answer(response: ServerResponse, reply: FakeReply): void {
  if (reply.destroy) {
    response.socket?.destroy();
    return;
  }
  const contentType = reply.contentType === undefined ? 'application/json' : reply.contentType;
  const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  response.statusCode = reply.status ?? 200;
  if (contentType !== null) response.setHeader('content-type', contentType);
  response.end(text);
}

/**
 * Starts a node:http server on a free port that records every request and
 * answers with `handler`. `GET /v1/agl/health` answers 200 `{"status":"ok"}`
 * unless the handler is asked first via `healthHandler`.
 */
export async function startFakeServer(
  handler: FakeHandler,
  healthHandler: FakeHandler = () => ({ body: { status: 'ok' } }),
): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (request, response) => {
    const seen = toSeen(request, await readBody(request));
    requests.push(seen);
    const reply = await (seen.path === HEALTH && seen.method === 'GET' ? healthHandler : handler)(
      seen,
    );
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) answer(response, reply);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    answer(response, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.filter((r) => r.path !== HEALTH),
    sequence: () => requests.map((r) => `${r.method} ${r.path}`),
    openConnections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
