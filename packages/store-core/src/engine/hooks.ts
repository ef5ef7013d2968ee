import type { Attempt, PaginatedResult, Rollout, Span, Worker } from '@agl/types';
import type { StoreObserver } from '../observer';
import type { ListQuery } from '../query/build';
import type { StoreCounters } from '../statistics';

/** A stored rollout with its attempts (creation order), as the rollout hooks return them. */
export interface RolloutEntry {
  /** The stored rollout. */
  readonly rollout: Rollout;
  /** Its attempts in creation order (the last one is the latest). */
  readonly attempts: readonly Attempt[];
}

/**
 * Optional methods of a `StorageBackend`. Each one lets a backend answer
 * faster from its own indexes, or report what only it knows; without it the
 * engine scans the primitive collections with the shared query engine.
 */
export interface StorageHooks {
  /**
   * Answers a rollout query (filter, sort and page of `query`) from indexes.
   * Items are stored rollouts with their attempts: the engine attaches the
   * latest attempt and copies.
   *
   * @param query - the normalised query
   * @returns the page, or `undefined` to let the engine scan `listRollouts()`
   */
  queryRollouts?(query: ListQuery): PaginatedResult<RolloutEntry> | undefined;
  /**
   * Answers a worker query from indexes.
   *
   * @param query - the normalised query
   * @returns the page, or `undefined` to let the engine scan `listWorkers()`
   */
  queryWorkers?(query: ListQuery): PaginatedResult<Worker> | undefined;
  /**
   * Answers a span query of one rollout (the must group names the rollout and
   * the resolved attempt). Items go to the caller as they are: return copies.
   *
   * @param rolloutId - the rollout
   * @param query - the normalised query
   * @returns the page, or `undefined` to let the engine scan `listSpans(rolloutId)`
   */
  querySpans?(rolloutId: string, query: ListQuery): PaginatedResult<Span> | undefined;
  /**
   * The rollouts the watchdog must look at, with their attempts: at least
   * every `preparing` or `running` rollout whose config has a timeout or
   * unresponsive limit (more are filtered out). Without it the watchdog scans
   * `listRollouts()`.
   */
  watchedRollouts?(): Iterable<RolloutEntry>;
  /**
   * Whether spans of a rollout were dropped (eviction, retention); the engine
   * then answers `querySpans` with `SpansEvictedError`.
   *
   * @param rolloutId - the rollout
   */
  spansEvicted?(rolloutId: string): boolean;
  /** The five collection totals; without it the engine counts by scanning. */
  counters?(): StoreCounters;
  /** Further figures for `statistics()`, after `name`, the totals and `uptime`. */
  statistics?(): Readonly<Record<string, number>>;
  /**
   * Receives the store's observers once, at construction, for the work the
   * backend does on its own (span eviction): call `observer.spansEvicted`
   * after each eviction pass.
   *
   * @param observer - forwards to every observer added to the store
   */
  observe?(observer: StoreObserver): void;
  /** Flushes and releases resources; called once by the store's `close()`. */
  close?(): void | Promise<void>;
}
