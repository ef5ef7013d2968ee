/**
 * The managed store of the client-server strategy: the algorithm side serves
 * the trainer's store over HTTP, runners talk to it through a client.
 *
 * @module
 */

import { LightningStoreClient } from '@agl/store-client';
import { AddressInUseError, type LightningStore } from '@agl/store-core';
import { LightningStoreServer } from '@agl/store-server';
import { getLogger } from '../logging';

/** A started store server and the address runners should use. */
export interface ServedStore {
  /** The store the algorithm works against (the served store itself: same process, same data). */
  store: LightningStore;
  /** `http://<host>:<port>` with the port actually bound. */
  address: string;
  /** Stops the server. */
  stop(): Promise<void>;
}

/**
 * Serves a store over HTTP.
 *
 * @param store - the store to serve
 * @param host - the host to bind and advertise
 * @param port - the port (0 = any free port)
 * @param extra - extra server options (default logger: the trainer's `agl.store` logger)
 * @throws InvalidStateError naming the port when it is already in use
 */
export async function serveStore(
  store: LightningStore,
  host: string,
  port: number,
  extra: Record<string, unknown> = {},
): Promise<ServedStore> {
  const server = new LightningStoreServer({
    logger: getLogger('agl.store'),
    ...extra,
    store,
    host,
    port,
  });
  try {
    await server.start();
  } catch (error) {
    if (error instanceof AddressInUseError) {
      throw new AddressInUseError(host, port, {
        message:
          `Cannot start the store server: port ${port} on ${host} is already in use (another trainer or 'agl store' is probably running there). ` +
          'Choose another port with the `port` option, `serverPort` or AGL_SERVER_PORT; or, to use the store already ' +
          "running there, pass store: new LightningStoreClient('http://<host>:<port>') to the Trainer (it is used directly).",
        cause: error,
      });
    }
    throw error;
  }
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    store,
    address: `http://${advertised.includes(':') ? `[${advertised}]` : advertised}:${server.port}`,
    stop: () => server.stop(),
  };
}

/**
 * Runs `body` with an HTTP client of the server at `address`, closing it afterwards.
 *
 * @param address - the server root
 * @param options - client options
 * @param body - the work
 */
export async function withStoreClient<T>(
  address: string,
  options: Record<string, unknown>,
  body: (store: LightningStore) => Promise<T>,
): Promise<T> {
  const client = new LightningStoreClient(address, {
    logger: getLogger('agl.store-client'),
    ...options,
  });
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
