import { listenOn } from '@agl/store-core/backend';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

/** How long requests in flight may take to finish when the server stops. */
const CLOSE_GRACE_MS = 2000;

/** A listening HTTP server and how to close it. */
export interface Listening {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Resolves once the server has closed. */
  closed: Promise<void>;
  /** Stops accepting connections, lets requests in flight finish (2 s at most), and resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves a hono app with `@hono/node-server` and resolves once the port
 * accepts connections.
 *
 * @param app - the app to serve
 * @param host - interface to bind
 * @param port - port to bind (0 = any free port)
 * @throws AddressInUseError (of `@agl/store-core`) when the address is taken
 */
export async function listen(app: Hono, host: string, port: number): Promise<Listening> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host, port });
  const closed = new Promise<void>((done) => server.once('close', () => done()));
  const inUse = `Cannot start the legacy server: port ${port} on ${host} is already in use.`;
  const bound = await listenOn(server, port, host, inUse);
  const close = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      // Requests in flight (a client posting its last result) get their answer;
      // idle keep-alive connections close now, anything still open after the grace period is dropped.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      if ('closeAllConnections' in server) {
        const http = server;
        setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }
    });
  return { port: bound, closed, close };
}
