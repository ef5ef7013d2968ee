import type { StoreOptions } from '@agl/store-core';
import type { EngineStoreOptions } from '@agl/store-core/backend';
import type { Span } from '@agl/types';
import type { EvictionOptions } from './eviction';

/**
 * Options of `InMemoryLightningStore`: the common store options (clock,
 * watchdog debounce and timer) plus span memory accounting.
 */
export interface InMemoryStoreOptions
  extends StoreOptions,
    EvictionOptions,
    Pick<EngineStoreOptions, 'randomHex'> {
  /**
   * Estimates a span's size in bytes for memory accounting (the answer is
   * made a non-negative integer). Default: the UTF-8 byte length of its JSON.
   */
  spanSizeEstimator?: (span: Span) => number;
}
