import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { PortInUseError } from '../errors';

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
 * @throws PortInUseError when the address is taken
 */
export function listen(app: Hono, host: string, port: number): Promise<Listening> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host, port });
  const closed = new Promise<void>((done) => server.once('close', () => done()));
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port, error) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const bound = (server.address() as AddressInfo).port;
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
      resolve({ port: bound, closed, close });
    });
  });
}
