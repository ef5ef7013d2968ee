import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import type { ContractSuiteOptions } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer, type LightningStoreServerOptions } from '@agl/store-server';
import { LightningStoreClient } from '../../src';

/** Server settings a suite adds (a dashboard, live events, ...). */
type ExtraServerOptions = Omit<LightningStoreServerOptions, 'store' | 'port' | 'logger' | 'clock'>;

/**
 * Options for `describeLightningStore` that run the contract suite through
 * the client over a real port to a `LightningStoreServer` backed by an
 * `InMemoryLightningStore` (a fresh server and client per test). Other
 * packages' suites reuse it to check that what they add to the server (the
 * dashboard, for one) leaves every answer as it was.
 *
 * @param name - the suite's title
 * @param extra - further server options, built per test
 */
export function contractOverHttp(
  name: string,
  extra: () => ExtraServerOptions | Promise<ExtraServerOptions> = () => ({}),
): ContractSuiteOptions {
  const servers = new WeakMap<LightningStore, LightningStoreServer>();
  return {
    name,
    async create({ options }) {
      const server = new LightningStoreServer({
        ...(await extra()),
        store: new InMemoryLightningStore(options),
        port: 0,
        logger: silentLogger,
        clock: options.clock,
      });
      await server.start();
      const client = new LightningStoreClient(`http://127.0.0.1:${server.port}`, {
        retryDelaysSeconds: [],
        healthRetryDelaysSeconds: [],
        logger: silentLogger,
      });
      servers.set(client, server);
      return client;
    },
    async destroy(store) {
      await store.close();
      const server = servers.get(store);
      await server?.stop();
      await server?.store.close();
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
