import { describeLightningStore } from '@agl/store-core/testing';
import { contractOverHttp } from './helpers/contract-over-http';

/**
 * The LightningStore contract suite, run against the client talking over a
 * real port to a `LightningStoreServer` backed by an `InMemoryLightningStore`
 * (one fresh server and client per test).
 */
describeLightningStore(
  contractOverHttp('LightningStoreClient over LightningStoreServer(InMemoryLightningStore)'),
);
