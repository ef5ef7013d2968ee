/**
 * The embedded in-memory LightningStore: indexed queries, an event-driven
 * `waitForRollouts`, a lazy and timed watchdog, and span memory accounting
 * with eviction.
 *
 * @module
 */
export type { EvictionOptions, EvictionThresholds } from './eviction';
export { resolveEvictionThresholds } from './eviction';
export type { InMemoryStoreOptions } from './options';
export { createMemoryStore, InMemoryLightningStore } from './store';
