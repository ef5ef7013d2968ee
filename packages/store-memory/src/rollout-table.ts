import { watchdogWatches } from '@agl/store-core/backend';
import { type Attempt, ROLLOUT_STATUSES, type Rollout, type RolloutStatus } from '@agl/types';
import { OrderedStatusIndex } from './indexes/status-index';

/** A stored rollout with its attempts and bookkeeping. */
export interface RolloutRecord {
  /** Creation ordinal: the rollout's position in natural order. */
  readonly seq: number;
  /** The stored rollout (wire shape). */
  rollout: Rollout;
  /** Attempts in creation order; the last one has the highest `sequence_id`. */
  readonly attempts: Attempt[];
  /** Whether the rollout has an entry in the queue. */
  queued: boolean;
}

function isWatched(rollout: Rollout): boolean {
  return watchdogWatches(rollout.status, rollout.config);
}

/**
 * Every rollout, in creation order, indexed by id, by status (keeping
 * creation order) and by "watched" (`preparing`/`running` with a timeout or
 * unresponsive limit: the only ones the watchdog has to look at).
 */
export class RolloutTable {
  readonly #records: RolloutRecord[] = [];
  readonly #byId = new Map<string, RolloutRecord>();
  readonly #byStatus = new OrderedStatusIndex<RolloutStatus>(ROLLOUT_STATUSES);
  readonly #watched = new Set<RolloutRecord>();
  #attempts = 0;

  /** Number of rollouts. */
  get size(): number {
    return this.#records.length;
  }

  /** Number of attempts over all rollouts. */
  get attemptCount(): number {
    return this.#attempts;
  }

  /** Every record, in creation order (do not mutate the array). */
  get all(): readonly RolloutRecord[] {
    return this.#records;
  }

  /** Records the watchdog must check: `preparing`/`running` with a limit configured. */
  get watched(): ReadonlySet<RolloutRecord> {
    return this.#watched;
  }

  /**
   * Looks a rollout up by id.
   *
   * @param rolloutId - the id
   */
  get(rolloutId: string): RolloutRecord | undefined {
    return this.#byId.get(rolloutId);
  }

  /**
   * Record at a creation ordinal.
   *
   * @param seq - the ordinal
   */
  at(seq: number): RolloutRecord {
    return this.#records[seq] as RolloutRecord;
  }

  /**
   * Stores a new rollout at the end of the natural order.
   *
   * @param rollout - the new rollout (owned by the table from now on)
   */
  insert(rollout: Rollout): RolloutRecord {
    const record: RolloutRecord = {
      seq: this.#records.length,
      rollout,
      attempts: [],
      queued: false,
    };
    this.#records.push(record);
    this.#byId.set(rollout.rollout_id, record);
    this.#byStatus.set(record.seq, rollout.status);
    this.#rewatch(record);
    return record;
  }

  /**
   * Stores a changed rollout and keeps the indexes in step.
   *
   * @param record - the rollout's record
   * @param rollout - the changed rollout (usually `record.rollout` itself)
   */
  update(record: RolloutRecord, rollout: Rollout): void {
    record.rollout = rollout;
    this.#byStatus.set(record.seq, rollout.status);
    this.#rewatch(record);
  }

  /**
   * Adds an attempt to a rollout (it becomes the latest).
   *
   * @param record - the rollout
   * @param attempt - the new attempt
   */
  addAttempt(record: RolloutRecord, attempt: Attempt): void {
    record.attempts.push(attempt);
    this.#attempts++;
  }

  #rewatch(record: RolloutRecord): void {
    if (isWatched(record.rollout)) this.#watched.add(record);
    else this.#watched.delete(record);
  }

  /**
   * Number of rollouts whose status is listed.
   *
   * @param statuses - the statuses
   */
  countByStatus(statuses: Iterable<RolloutStatus>): number {
    return this.#byStatus.count(statuses);
  }

  /**
   * Creation ordinals of rollouts whose status is listed, in creation order.
   *
   * @param statuses - the statuses
   * @param offset - matches to skip
   * @param limit - page size (`-1` = all)
   */
  seqsByStatus(statuses: Iterable<RolloutStatus>, offset = 0, limit = -1): number[] {
    return this.#byStatus.positions(statuses, offset, limit);
  }
}
