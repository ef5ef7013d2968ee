import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import type { ContractContext, ContractSuiteOptions } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer, type LightningStoreServerOptions } from '@agl/store-server';
import { LightningStoreClient } from '../../src';
import { NO_RETRIES } from './client-options';

/** Server settings a suite adds (a dashboard, live events, ...). */
type ExtraServerOptions = Omit<LightningStoreServerOptions, 'store' | 'port' | 'logger' | 'clock'>;

/** The store behind the server: a fresh one per test, disposed of after it. */
export interface ServerBackend {
  /** Opens a store with the options the suite gives the test. */
  open(options: ContractContext['options']): LightningStore | Promise<LightningStore>;
  /** Closes a store `open` gave and drops what it kept (default: closes it). */
  dispose?(store: LightningStore): void | Promise<void>;
}

const inMemory: ServerBackend = { open: (options) => new InMemoryLightningStore(options) };

/**
 * Options for `describeLightningStore` that run the contract suite through
 * the client over a real port to a `LightningStoreServer` (a fresh server and
 * client per test), by default backed by an `InMemoryLightningStore`. Other
 * packages' suites reuse it to check that what they add to the server (the
 * dashboard, for one) leaves every answer as it was, or that another backend
 * answers over HTTP as the in-memory one does.
 *
 * @param name - the suite's title
 * @param extra - further server options, built per test
 * @param backend - the store behind the server
 */
export function contractOverHttp(
  name: string,
  extra: () => ExtraServerOptions | Promise<ExtraServerOptions> = () => ({}),
  backend: ServerBackend = inMemory,
): ContractSuiteOptions {
  const servers = new WeakMap<LightningStore, LightningStoreServer>();
  return {
    name,
    async create({ options }) {
      const server = new LightningStoreServer({
        ...(await extra()),
        store: await backend.open(options),
        port: 0,
        logger: silentLogger,
        clock: options.clock,
      });
      await server.start();
      const client = new LightningStoreClient(`http://127.0.0.1:${server.port}`, NO_RETRIES);
      servers.set(client, server);
      return client;
    },
    async destroy(store) {
      await store.close();
      const server = servers.get(store);
      if (!server) return;
      await server.stop();
      await (backend.dispose ? backend.dispose(server.store) : server.store.close());
    },
    skip: [
      {
        reason:
          'the HTTP API rejects limit 0 with 400, which the client throws as InvalidArgumentError, as the LightningStore interface documents for HTTP',
        tests: [
          'query rollouts > limit 0 gives no items and the true total',
          'query attempts > limit 0 gives no items and the true total',
          'sort spans > limit 0 gives no items and the true total',
          'query resources > limit 0 gives no items and the true total',
          'query workers > limit 0 gives no items and the true total',
        ],
      },
    ],
  };
}
