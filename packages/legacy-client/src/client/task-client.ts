import type { JsonObject } from '@agl/types';
import type { LegacyResourcesUpdate } from '../wire/resources';
import type { RolloutLegacyInit } from '../wire/rollout';
import type { Task } from '../wire/task';

/** Options of {@link LegacyTaskClient.pollNextTask}. */
export interface PollNextTaskOptions {
  /** Stops polling: the call rejects with the signal's reason (an `AbortError` by default). */
  signal?: AbortSignal;
  /**
   * Overall deadline in seconds; when it passes without a task the call
   * resolves to `null`. Absent = the client's default (forever unless configured);
   * `null` = no deadline.
   */
  timeoutSeconds?: number | null;
  /** @deprecated Use `timeoutSeconds`; kept for one release (both with different values throw). */
  timeout?: number | null;
}

/**
 * What a legacy runner needs from its task source. Both the HTTP
 * {@link AgentLightningClient} and the in-process {@link DevTaskLoader}
 * implement it, so either can be passed wherever a task client is expected.
 */
export interface LegacyTaskClient {
  /** How many tasks `pollNextTask` has returned so far. */
  readonly taskCount: number;

  /**
   * Waits for the next task.
   *
   * @param options - abort signal and overall deadline
   * @returns the task, or `null` when the deadline passed without one
   */
  pollNextTask(options?: PollNextTaskOptions): Promise<Task | null>;

  /**
   * Fetches a resources snapshot by id.
   *
   * @param resourcesId - the snapshot's id (a task's `resources_id`)
   * @returns the snapshot, or `null` when it is not available (the HTTP client);
   *   `DevTaskLoader` throws for an id other than its own
   */
  getResourcesById(resourcesId: string): Promise<LegacyResourcesUpdate | null>;

  /** Fetches the latest resources snapshot, or `null` when none is available. */
  getLatestResources(): Promise<LegacyResourcesUpdate | null>;

  /**
   * Reports the result of a task.
   *
   * @param rollout - the result; only `rollout_id` is required
   * @returns the receiver's answer, or `null` when the result could not be delivered
   */
  postRollout(rollout: RolloutLegacyInit): Promise<JsonObject | null>;
}

/** Whether a value implements {@link LegacyTaskClient} (`DevTaskLoader` counts). */
export function isLegacyTaskClient(value: unknown): value is LegacyTaskClient {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['pollNextTask', 'getResourcesById', 'getLatestResources', 'postRollout'].every(
    (method) => typeof record[method] === 'function',
  );
}
