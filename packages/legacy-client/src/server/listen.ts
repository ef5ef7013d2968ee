import { listenOn } from '@agl/store-core/backend';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening HTTP server and how to close it. */
export interface Listening {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Resolves once the server has closed. */
  closed: Promise<void>;
  /** Stops accepting connections, drops idle and open ones, and resolves when closed. */
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
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  return { port: bound, closed, close };
}
