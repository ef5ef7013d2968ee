/**
 * `LightningStoreClient`: the LightningStore of `@agl/store-core` over HTTP,
 * talking to `@agl/store-server` or to the Python reference's store server,
 * with the reference's retry and health-probe policy, idempotency keys and
 * batched span writes when the server offers them.
 *
 * @module
 */
export { BATCH_ROUTES, type ServerFeatures } from './batch';
export { LightningStoreClient } from './client';
export { isTransientFailure, ProtocolError } from './errors';
export {
  STORE_CLIENT_DEFAULTS,
  type StoreClientConfig,
  type StoreClientOptions,
} from './options';
export { IDEMPOTENCY_HEADER } from './requester';
