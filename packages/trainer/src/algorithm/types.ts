/**
 * Types the algorithms share.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { Span } from '@agl/types';

/** A dataset: anything with a length and index access; plain arrays qualify. */
export interface Dataset<T> {
  /** Number of items. */
  readonly length: number;
  /** The item at an index. */
  readonly [index: number]: T;
}

/** What an algorithm's `run` receives. */
export interface AlgorithmRunArgs<T = unknown> {
  /** The training samples, or `null`. */
  trainDataset?: Dataset<T> | null;
  /** The validation samples, or `null`. */
  valDataset?: Dataset<T> | null;
  /**
   * Aborts when the run is asked to stop (Ctrl+C, SIGTERM, the runner side
   * failed): return soon after. The trainer's store already ends its
   * `waitForRollouts` calls on it.
   */
  signal?: AbortSignal;
}

/** An adapter turning stored spans into learning data (see the adapter module). */
export interface AdapterLike<To = unknown> {
  /** Converts spans. */
  adapt(spans: Span[]): To;
}

/** The parts of an LLM proxy the algorithm helpers use. */
export interface LlmProxyLike {
  /** Whether the proxy server is running. */
  isRunning(): boolean;
  /** Starts the proxy. */
  start(): Promise<void> | void;
  /** Stops the proxy. */
  stop(): Promise<void> | void;
  /** Points the proxy at the store it writes spans to. */
  setStore?(store: LightningStore): void;
}
