import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@agl/store-core';
import { Fifo } from '@agl/store-core/backend';
import type { NamedResources } from '@agl/types';
import type { RolloutLegacy } from '../wire/rollout';
import type { Task } from '../wire/task';
import type { QueueTaskOptions } from './options';

/**
 * The legacy server's in-memory state: a FIFO of tasks, the claimed tasks,
 * the completed results (destructive reads, last write wins) and the
 * resources snapshots. Created when the server starts, dropped when it stops.
 */
export class LegacyServerState {
  readonly #queue = new Fifo<Task>();
  readonly #claimed = new Map<string, Task>();
  readonly #completed = new Map<string, RolloutLegacy>();
  readonly #resources = new Map<string, NamedResources>();
  readonly #waiters = new Set<(rolloutId: string | null) => void>();
  #latestResourcesId: string | null = null;

  /**
   * @param clock - time source of every timestamp and timeout check
   * @param taskTimeoutSeconds - a claim older than this is requeued by the next claim
   * @param logger - where queue events are logged
   */
  constructor(
    private readonly clock: Clock,
    private readonly taskTimeoutSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Queues a task and returns its generated `rollout-<uuid>` id. */
  queueTask(input: unknown, options: QueueTaskOptions = {}): string {
    const task: Task = {
      rollout_id: `rollout-${randomUUID()}`,
      input,
      mode: options.mode ?? null,
      resources_id: options.resourcesId ?? null,
      create_time: this.clock.now(),
      last_claim_time: null,
      num_claims: 0,
      metadata: options.metadata ?? {},
    };
    this.#queue.push(task);
    this.logger.info(
      `Task queued: ${task.rollout_id} (mode=${task.mode}, resources_id=${task.resources_id})`,
    );
    return task.rollout_id;
  }

  /**
   * Requeues expired claims (to the back of the queue), then claims the head
   * of the queue: a copy with `num_claims + 1` and `last_claim_time = now`.
   *
   * @returns the claimed task, or `null` when the queue is empty
   */
  claimNextTask(): Task | null {
    const now = this.clock.now();
    for (const [id, task] of this.#claimed) {
      if (now - (task.last_claim_time ?? now) > this.taskTimeoutSeconds) {
        this.#claimed.delete(id);
        this.#queue.push(task);
        this.logger.warn(`Task ${id} timed out after ${this.taskTimeoutSeconds}s; requeued.`);
      }
    }
    const next = this.#queue.shift();
    if (next === undefined) return null;
    const claims = (next.num_claims ?? 0) + 1;
    const claimed: Task = { ...next, last_claim_time: now, num_claims: claims };
    this.#claimed.set(claimed.rollout_id, claimed);
    const what = claims > 1 ? `re-claimed (attempt ${claims})` : 'claimed';
    this.logger.info(`Task ${claimed.rollout_id} ${what}.`);
    return claimed;
  }

  /** Stores a snapshot under a generated `res-<uuid>` id, makes it latest and returns the id. */
  updateResources(resources: NamedResources): string {
    const id = `res-${randomUUID()}`;
    this.#resources.set(id, resources);
    this.#latestResourcesId = id;
    this.logger.info(`Resources updated: ${id}`);
    return id;
  }

  /** The id of the latest snapshot, or `null` before the first publish. */
  get latestResourcesId(): string | null {
    return this.#latestResourcesId;
  }

  /** A snapshot's resources, or `null` when unknown or empty (an empty map counts as missing). */
  getResources(resourcesId: string): NamedResources | null {
    const resources = this.#resources.get(resourcesId);
    return resources !== undefined && Object.keys(resources).length > 0 ? resources : null;
  }

  /** Stores a result (overwriting one with the same id) and releases the task's claim. */
  storeRollout(rollout: RolloutLegacy): void {
    this.#claimed.delete(rollout.rollout_id);
    this.#completed.set(rollout.rollout_id, rollout);
    this.logger.info(`Rollout received and stored: ${rollout.rollout_id}`);
    for (const wake of [...this.#waiters]) wake(rollout.rollout_id);
  }

  /** Removes and returns one result, or `null`. */
  takeCompletedRollout(rolloutId: string): RolloutLegacy | null {
    const rollout = this.#completed.get(rolloutId);
    if (rollout === undefined) return null;
    this.#completed.delete(rolloutId);
    return rollout;
  }

  /** Removes and returns every result, in the order their ids first arrived. */
  takeAllCompletedRollouts(): RolloutLegacy[] {
    const all = [...this.#completed.values()];
    this.#completed.clear();
    return all;
  }

  /**
   * Registers a callback run whenever a result is stored (with its id) and
   * when the state is closed (with `null`).
   *
   * @returns the unsubscribe function
   */
  onStored(callback: (rolloutId: string | null) => void): () => void {
    this.#waiters.add(callback);
    return () => this.#waiters.delete(callback);
  }

  /** Wakes every waiter with `null`; called when the server stops. */
  close(): void {
    for (const wake of [...this.#waiters]) wake(null);
  }
}
