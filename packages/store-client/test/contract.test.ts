import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { describeLightningStore } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { LightningStoreClient } from '../src';

/**
 * The LightningStore contract suite, run against the client talking over a
 * real port to a `LightningStoreServer` backed by an `InMemoryLightningStore`
 * (one fresh server and client per test).
 */
const servers = new WeakMap<LightningStore, LightningStoreServer>();

describeLightningStore({
  name: 'LightningStoreClient over LightningStoreServer(InMemoryLightningStore)',
  async create({ options }) {
    const server = new LightningStoreServer({
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
});
