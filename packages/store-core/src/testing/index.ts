/**
 * The LightningStore contract suite: one function that registers every
 * behaviour of the store specification as vitest tests against a backend,
 * plus the builders and assertions it uses, for backend-specific tests.
 *
 * @example
 * ```ts
 * import { describeLightningStore } from '@agl/store-core/testing';
 * import { InMemoryLightningStore } from '@agl/store-memory';
 *
 * describeLightningStore({
 *   name: 'InMemoryLightningStore',
 *   create: ({ options }) => new InMemoryLightningStore(options),
 * });
 * ```
 *
 * @module
 */
export * from './assertions';
export * from './async';
export * from './builders';
export * from './describe';
export * from './groups';
export * from './registry';
export * from './scenarios';
export * from './skips';
export * from './types';
