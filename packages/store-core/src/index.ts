/**
 * The LightningStore contract: the interface every backend implements, the
 * state machine and query engine they share, the error family that travels
 * over HTTP, and the engine (`BaseLightningStore`) that makes a complete store
 * out of synchronous storage primitives (`StorageBackend`). The contract test
 * suite is at `@agl/store-core/testing`.
 *
 * @module
 */
export * from './clock';
export * from './clone';
export * from './engine/backend';
export * from './engine/base-store';
export * from './engine/copies';
export * from './engine/hooks';
export * from './engine/options';
export * from './errors';
export * from './fifo';
export * from './ids';
export * from './logger';
export * from './mask-url';
export * from './options';
export * from './otel-span';
export * from './query/build';
export * from './query/conditions';
export * from './query/fields';
export * from './query/paginate';
export * from './query/run';
export * from './query/sort';
export * from './query/validate';
export * from './spans/otel-convert';
export * from './spans/shape';
export * from './spans/size';
export * from './spans/timestamps';
export * from './statistics';
export * from './status/attempt-status';
export * from './status/builders';
export * from './status/config';
export * from './status/rollout-status';
export * from './status/validate';
export * from './store';
export * from './waiters';
export * from './watchdog/rule';
export * from './watchdog/watchdog';
export * from './workers/telemetry';
