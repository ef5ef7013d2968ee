import type { StoreCapabilities } from '@agl/types';
import type { StoreOptions } from '../options';

/** Options of `BaseLightningStore`: the common store options plus its identity. */
export interface EngineStoreOptions extends StoreOptions {
  /** The store's name, reported by `statistics()` (default `LightningStore`). */
  name?: string;
  /** What the store declares (default: thread- and async-safe, copies, no OTLP endpoint). */
  capabilities?: StoreCapabilities;
  /**
   * Draws the hex digits of new rollout and attempt ids (default
   * `randomHex`, a cryptographically secure source). Only for reproducible
   * test data: ids from a predictable source can be guessed.
   */
  randomHex?: (length: number) => string;
}

/** The engine's default capabilities: every operation atomic, results copied, no OTLP endpoint. */
export const DEFAULT_ENGINE_CAPABILITIES: StoreCapabilities = Object.freeze({
  thread_safe: true,
  async_safe: true,
  zero_copy: false,
  otlp_traces: false,
});
