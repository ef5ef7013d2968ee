/**
 * The contracts between the trainer and its execution strategies.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { ExecutionEvent } from './event';

/** Runs the algorithm side against a store until done. */
export type AlgorithmBundle = (store: LightningStore, event: ExecutionEvent) => Promise<void>;

/** Runs one runner worker against a store until the event is set (or it decides to stop). */
export type RunnerBundle = (
  store: LightningStore,
  workerId: number,
  event: ExecutionEvent,
) => Promise<void>;

/** Places the bundles (same process, child processes, ...), wires stores and handles shutdown. */
export interface ExecutionStrategy {
  /** How many runner workers the strategy starts, when it decides that itself. */
  readonly nRunners?: number;
  /**
   * Runs both bundles to completion.
   *
   * @param algorithm - the algorithm bundle
   * @param runner - the runner bundle
   * @param store - the store the trainer was configured with
   */
  execute(algorithm: AlgorithmBundle, runner: RunnerBundle, store: LightningStore): Promise<void>;
}
