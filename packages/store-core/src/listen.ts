import type { Server } from 'node:net';
import { AddressInUseError } from './errors';

/**
 * Starts a server listening and resolves once it accepts connections. A taken
 * address rejects with {@link AddressInUseError}; other socket errors reject
 * as they are. Shared by every HTTP server of the project so that "port in
 * use" looks the same everywhere.
 *
 * @param server - a `node:net` or `node:http` server, not yet listening
 * @param port - the port (0 = any free port)
 * @param host - the interface to bind
 * @param inUseMessage - the message of the error for a taken address (default names `host:port`)
 * @returns the port actually bound
 * @throws AddressInUseError when another process holds the address
 */
export function listenOn(
  server: Server,
  port: number,
  host: string,
  inUseMessage?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new AddressInUseError(host, port, {
              cause: error,
              ...(inUseMessage === undefined ? {} : { message: inUseMessage }),
            })
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
