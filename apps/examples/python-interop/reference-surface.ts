/**
 * A proxy that gives our store server the route surface of the Python
 * server: only the routes of the reference OpenAPI document
 * (`spec/store-openapi.json`) pass; the routes we added (`/spans/batch`,
 * `/spans/next/batch`, `/openapi.json`) answer 404 like the Python server;
 * `GET /v1/agl/health` answers the plain `{"status": "ok"}` (no capabilities);
 * `Idempotency-Key` headers are dropped. Every request is recorded, so a
 * test can check that our client stays on the reference surface.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const SPEC = fileURLToPath(new URL('../../../spec/store-openapi.json', import.meta.url));

/** One route of the reference: method and path pattern. */
interface Route {
  method: string;
  pattern: RegExp;
}

/** The routes of the Python server, from its OpenAPI document. */
function referenceRoutes(specFile = SPEC): Route[] {
  const doc = JSON.parse(readFileSync(specFile, 'utf8')) as { paths: Record<string, object> };
  return Object.entries(doc.paths).flatMap(([path, item]) => {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return Object.keys(item).map((method) => ({ method: method.toUpperCase(), pattern }));
  });
}

/** A running proxy. */
export interface ReferenceSurface {
  /** The proxy's root URL. */
  url: string;
  /** `METHOD /path` of every forwarded request. */
  forwarded: string[];
  /** `METHOD /path` of every request outside the reference surface. */
  blocked: string[];
  /** Stops the proxy. */
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks) : null;
}

/**
 * Starts the proxy in front of `target` on a free local port.
 *
 * @param target - our server's root URL
 */
export async function startReferenceSurface(target: string): Promise<ReferenceSurface> {
  const routes = referenceRoutes();
  const forwarded: string[] = [];
  const blocked: string[] = [];
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const key = `${req.method} ${path}`;
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!routes.some((r) => r.method === req.method && r.pattern.test(path))) {
      blocked.push(key);
      json(404, { detail: 'Not Found' });
      return;
    }
    forwarded.push(key);
    if (key === 'GET /v1/agl/health') {
      json(200, { status: 'ok' });
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const body = await bodyOf(req);
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body ? { body } : {}),
    });
    const type = answer.headers.get('content-type');
    res.writeHead(answer.status, type ? { 'content-type': type } : {});
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    blocked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
