import { totalmem } from 'node:os';
import { BaseLightningStore, DEFAULT_ENGINE_CAPABILITIES } from '@agl/store-core/backend';
import { resolveEvictionThresholds } from './eviction';
import type { InMemoryStoreOptions } from './options';
import { MemoryStorage } from './storage';

/**
 * The embedded LightningStore: the `@agl/store-core` engine over indexed
 * in-memory tables. Everything lives in process memory, every operation is
 * atomic (each runs synchronously to completion), queries by status read a
 * positional index, `waitForRollouts` is event-driven, the watchdog runs lazily
 * and on a timer, and span memory is accounted with eviction of the oldest
 * rollouts' spans.
 */
export class InMemoryLightningStore extends BaseLightningStore {
  /**
   * @param options - clock, watchdog and span memory settings
   * @throws InvalidArgumentError for invalid memory thresholds
   */
  constructor(options: InMemoryStoreOptions = {}) {
    const thresholds = resolveEvictionThresholds(options, totalmem);
    super(new MemoryStorage(thresholds, options.spanSizeEstimator), {
      ...options,
      name: 'InMemoryLightningStore',
      capabilities: DEFAULT_ENGINE_CAPABILITIES,
    });
  }
}

/**
 * Creates an in-memory store.
 *
 * @deprecated Use `new InMemoryLightningStore(options)`, the one way to build
 * this store; this alias stays for one release.
 * @param options - clock, watchdog and span memory settings
 */
export function createMemoryStore(options: InMemoryStoreOptions = {}): InMemoryLightningStore {
  return new InMemoryLightningStore(options);
}
