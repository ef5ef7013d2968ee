import type { Attempt, ResourcesUpdate, Rollout, Span, Worker } from '@agl/types';
import type { StorageHooks } from './hooks';

/** Rollouts and their attempts. */
export interface RolloutStorage {
  /**
   * The rollout with this id, or `undefined`.
   *
   * @param rolloutId - the rollout id
   */
  getRollout(rolloutId: string): Rollout | undefined;
  /**
   * Stores a new rollout (its id is unused) at the end of the natural order.
   *
   * @param rollout - the new rollout
   */
  insertRollout(rollout: Rollout): void;
  /**
   * Writes back a rollout the engine changed (status, `end_time`, fields). Its
   * place in the natural order does not change.
   *
   * @param rollout - the changed rollout
   */
  putRollout(rollout: Rollout): void;
  /** Every rollout in natural (creation) order. */
  listRollouts(): Iterable<Rollout>;
  /**
   * The attempts of a rollout in creation order, so the last one has the
   * highest `sequence_id`; empty for an unknown rollout.
   *
   * @param rolloutId - the rollout id
   */
  attemptsOf(rolloutId: string): readonly Attempt[];
  /**
   * Stores a new attempt of an existing rollout; it becomes the latest.
   *
   * @param attempt - the new attempt
   */
  insertAttempt(attempt: Attempt): void;
  /**
   * Writes back an attempt the engine changed.
   *
   * @param attempt - the changed attempt
   */
  putAttempt(attempt: Attempt): void;
}

/** The FIFO of rollout ids waiting for a runner. */
export interface QueueStorage {
  /**
   * Appends a rollout id. The engine only calls it when `isQueued` is false.
   *
   * @param rolloutId - the rollout id
   */
  enqueue(rolloutId: string): void;
  /** Removes and returns the oldest id, or `undefined` when the queue is empty. */
  dequeue(): string | undefined;
  /**
   * Whether the rollout has an entry in the queue.
   *
   * @param rolloutId - the rollout id
   */
  isQueued(rolloutId: string): boolean;
}

/** Workers, keyed by id. */
export interface WorkerStorage {
  /**
   * The worker with this id, or `undefined`.
   *
   * @param workerId - the worker id
   */
  getWorker(workerId: string): Worker | undefined;
  /**
   * Stores a worker: a new id goes to the end of the natural order, a known id is replaced in place.
   *
   * @param worker - the new or changed worker
   */
  putWorker(worker: Worker): void;
  /** Every worker in natural (creation) order. */
  listWorkers(): Iterable<Worker>;
}

/** Versioned resources snapshots and the "latest" pointer. */
export interface ResourcesStorage {
  /**
   * The snapshot with this id, or `undefined`.
   *
   * @param resourcesId - the snapshot id
   */
  getResources(resourcesId: string): ResourcesUpdate | undefined;
  /**
   * Stores a snapshot (new id: appended; known id: replaced in place) and makes it the latest.
   *
   * @param snapshot - the new or changed snapshot
   */
  putResources(snapshot: ResourcesUpdate): void;
  /** The snapshot of the most recent `putResources`, or `undefined` before any. */
  latestResources(): ResourcesUpdate | undefined;
  /** Every snapshot in natural (creation) order. */
  listResources(): Iterable<ResourcesUpdate>;
}

/**
 * Spans: written once, never changed, and the bulk of the data. The engine
 * does not copy them, so a backend converts once into its own form: spans
 * come in as the caller's objects and go out as the caller's objects.
 */
export interface SpanStorage {
  /**
   * Whether a span with this identity is stored.
   *
   * @param rolloutId - the rollout
   * @param attemptId - the attempt
   * @param spanId - the span id
   */
  hasSpan(rolloutId: string, attemptId: string, spanId: string): boolean;
  /**
   * Stores a group of new spans of one rollout and attempt (existing rollout
   * and attempt, no duplicates): all of them, or none when it throws. The
   * spans are the caller's objects: keep copies or a serialised form.
   *
   * @param spans - the spans, in input order
   */
  insertSpans(spans: readonly Span[]): void;
  /**
   * The spans of a rollout in insertion order, as objects the caller may
   * keep and change (copies, or freshly parsed).
   *
   * @param rolloutId - the rollout
   */
  listSpans(rolloutId: string): Iterable<Span>;
}

/** The span sequence counter of each rollout id. */
export interface SequenceStorage {
  /**
   * The last sequence id issued or seen for a rollout id (0 when none).
   *
   * @param rolloutId - the rollout id (it need not exist)
   */
  getSequence(rolloutId: string): number;
  /**
   * Sets a rollout id's counter (the engine only raises it).
   *
   * @param rolloutId - the rollout id
   * @param value - the new value
   */
  setSequence(rolloutId: string, value: number): void;
}

/**
 * The synchronous storage primitives `BaseLightningStore` runs on. The engine
 * implements every `LightningStore` method (status model, queue rules, worker
 * telemetry, watchdog, queries, waiters) by calling these; a backend only keeps
 * data.
 *
 * Rules a backend can rely on, and must follow:
 *
 * - **Synchronous on purpose.** Every store operation runs from start to end
 *   without yielding, so it is atomic in one event loop. A backend on an
 *   asynchronous database implements `LightningStore` directly with the shared
 *   functions of `@agl/store-core` instead (see docs/custom-store.md).
 * - **Ownership.** Rollouts, attempts, workers and resources the engine passes
 *   in are the backend's to keep (the engine built or copied them). Reads may
 *   return the stored objects themselves: the engine copies what it hands to a
 *   caller. Spans are the exception (see `SpanStorage`): the backend copies.
 * - **Writes go through the backend.** The engine may change an object it read,
 *   but always writes it back with `put*` within the same operation, so a
 *   persistent backend sees every mutation in its `insert*`, `put*`,
 *   `enqueue`, `dequeue` and `setSequence` methods.
 * - **Natural order** is creation order; `put*` never moves an item.
 */
export interface StorageBackend
  extends RolloutStorage,
    QueueStorage,
    WorkerStorage,
    ResourcesStorage,
    SpanStorage,
    SequenceStorage,
    StorageHooks {}
