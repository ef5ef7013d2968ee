/**
 * Work a store does on its own (not as the answer to a call), reported as it
 * happens so that a server can count it: the watchdog ending attempts and
 * requeueing rollouts, span memory eviction. Backends call the observers
 * where the work is done, after it is committed.
 *
 * @module
 */
import type { Attempt, AttemptStatus, Rollout, RolloutStatus } from '@agl/types';

/** Why the watchdog ended an attempt: its timeout, its silence, or a claim that lost its answer. */
export type WatchdogReason = 'timeout' | 'unresponsive' | 'stranded_claim';

/** One attempt ended by the watchdog. */
export interface WatchdogEvent {
  /** Why it was ended. */
  readonly reason: WatchdogReason;
  /** Whether its rollout went back to the queue (`requeuing`); otherwise it failed. */
  readonly requeued: boolean;
  /**
   * What changed, so that a server can publish it as a change hint: the
   * rollout and its ended attempt with their statuses after the change.
   * Absent only from events built by hand (tests, other backends).
   */
  readonly change?: WatchdogChange;
}

/** The rollout and attempt a watchdog verdict changed, as they are after it. */
export interface WatchdogChange {
  /** The rollout's id. */
  readonly rolloutId: string;
  /** Its status after the verdict (`requeuing` or `failed`, or unchanged). */
  readonly rolloutStatus: RolloutStatus;
  /** The ended attempt's id. */
  readonly attemptId: string;
  /** Its sequence number within the rollout. */
  readonly sequenceId: number;
  /** Its status after the verdict (`timeout` or `unresponsive`). */
  readonly attemptStatus: AttemptStatus;
  /** The worker it ran on, if any. */
  readonly workerId: string | null;
}

/** One eviction pass of span memory. */
export interface EvictionEvent {
  /** Rollouts whose spans were dropped. */
  readonly rollouts: number;
  /** Spans dropped. */
  readonly spans: number;
  /** Accounted span bytes freed. */
  readonly bytes: number;
}

/**
 * Receives what a store did on its own. Every member is optional; calls are
 * synchronous and must be cheap (a counter increment), because they run
 * inside the store's work. An observer that throws is ignored.
 */
export interface StoreObserver {
  /**
   * The watchdog ended the latest attempt of a rollout.
   *
   * @param event - why, and whether the rollout was requeued
   */
  watchdogEnded?(event: WatchdogEvent): void;
  /**
   * Spans were evicted to bring span memory back under the safe threshold.
   *
   * @param event - what one eviction pass dropped
   */
  spansEvicted?(event: EvictionEvent): void;
}

/** A store that reports its own work to observers (`addObserver`). */
export interface ObservableStore {
  /**
   * Adds an observer.
   *
   * @param observer - receives the store's events from now on
   * @returns removes it again
   */
  addObserver(observer: StoreObserver): () => void;
}

/**
 * The observers of one store, itself a `StoreObserver` that forwards each
 * event to every one of them. Backends keep one and call it where the work
 * is done; with no observer each call is a check of an empty set.
 */
export class StoreObservers implements StoreObserver, ObservableStore {
  readonly #observers = new Set<StoreObserver>();

  /** @inheritdoc */
  addObserver(observer: StoreObserver): () => void {
    this.#observers.add(observer);
    return () => {
      this.#observers.delete(observer);
    };
  }

  /** @inheritdoc */
  watchdogEnded(event: WatchdogEvent): void {
    for (const observer of this.#observers) call(() => observer.watchdogEnded?.(event));
  }

  /** @inheritdoc */
  spansEvicted(event: EvictionEvent): void {
    for (const observer of this.#observers) call(() => observer.spansEvicted?.(event));
  }
}

// An observer's failure must never fail the store's own work.
function call(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored on purpose
  }
}

/**
 * The `change` of a watchdog event, read from the rollout and attempt the
 * verdict was just applied to.
 *
 * @param rollout - the rollout, after the change
 * @param attempt - its ended attempt, after the change
 */
export function watchdogChange(rollout: Rollout, attempt: Attempt): WatchdogChange {
  return {
    rolloutId: rollout.rollout_id,
    rolloutStatus: rollout.status,
    attemptId: attempt.attempt_id,
    sequenceId: attempt.sequence_id,
    attemptStatus: attempt.status,
    workerId: attempt.worker_id ?? null,
  };
}
