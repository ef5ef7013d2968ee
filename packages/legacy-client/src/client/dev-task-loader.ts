import {
  type Clock,
  InvalidArgumentError,
  type Logger,
  optionWithAlias,
  systemClock,
} from '@agl/store-core';
import type { JsonObject, NamedResources } from '@agl/types';
import { NamedResourcesSchema } from '@agl/types';
import { TIMEOUT_ALIAS } from '../checks';
import { defaultLogger } from '../default-logger';
import { warnDeprecatedOnce } from '../deprecation';
import { parseWire } from '../wire/parse';
import { type LegacyResourcesUpdate, LegacyResourcesUpdateSchema } from '../wire/resources';
import { type RolloutLegacy, type RolloutLegacyInit, RolloutLegacySchema } from '../wire/rollout';
import { type Task, type TaskInit, TaskSchema } from '../wire/task';
import type { LegacyTaskClient, PollNextTaskOptions } from './task-client';

/** Options of {@link DevTaskLoader}. */
export interface DevTaskLoaderOptions {
  /** Where to log (default: warnings to `console.warn`). */
  logger?: Logger;
  /** Time source for `create_time` of generated tasks and wrapped snapshots. */
  clock?: Clock;
}

const TASK_KEYS = new Set(Object.keys(TaskSchema.entries));

/**
 * Whether a value is a pre-built `Task` rather than a task input: an object
 * with a string `rollout_id`, an `input` key and no key outside the Task fields.
 */
function looksLikeTask(value: unknown): value is TaskInit {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.rollout_id === 'string' &&
    'input' in record &&
    Object.keys(record).every((key) => TASK_KEYS.has(key))
  );
}

/**
 * An in-process stand-in for {@link AgentLightningClient} (deprecated): it
 * hands out the given tasks in a loop, serves one resources snapshot and
 * collects posted results in {@link DevTaskLoader.rollouts}. No network.
 */
export class DevTaskLoader implements LegacyTaskClient {
  /** The pseudo endpoint the reference reports for the loader. */
  readonly endpoint = 'local://';
  readonly #tasks: Task[] | null;
  readonly #inputs: unknown[];
  readonly #resources: LegacyResourcesUpdate;
  readonly #rollouts: RolloutLegacy[] = [];
  readonly #clock: Clock;
  #taskCount = 0;

  /**
   * @param tasks - task inputs (any JSON) or pre-built `Task` objects, not mixed; copied
   * @param resources - a `NamedResources` map (wrapped with id `local`) or a `ResourcesUpdate`
   * @param options - logger and clock
   * @throws InvalidArgumentError when `tasks` is empty or mixes tasks and inputs, or
   *   LegacyValidationError when a task or the resources are invalid
   */
  constructor(
    tasks: readonly unknown[],
    resources: NamedResources | LegacyResourcesUpdate,
    options: DevTaskLoaderOptions = {},
  ) {
    warnDeprecatedOnce('DevTaskLoader', options.logger ?? defaultLogger());
    this.#clock = options.clock ?? systemClock;
    if (tasks.length === 0) {
      throw new InvalidArgumentError('DevTaskLoader requires at least one task to be provided.');
    }
    const taskFlags = tasks.map(looksLikeTask);
    if (taskFlags.some((flag) => flag) && !taskFlags.every((flag) => flag)) {
      throw new InvalidArgumentError('All tasks must be either Task or TaskInput objects.');
    }
    this.#inputs = [...tasks];
    this.#tasks = taskFlags[0] ? tasks.map((task) => parseWire(TaskSchema, task, 'Task')) : null;
    this.#resources = this.#wrapResources(resources);
  }

  /** How many tasks `pollNextTask` has returned. */
  get taskCount(): number {
    return this.#taskCount;
  }

  /** The results posted so far, in order. */
  get rollouts(): readonly RolloutLegacy[] {
    return this.#rollouts;
  }

  /**
   * Returns the next task at once, cycling through the list forever. Inputs
   * become tasks `local_task_001`, `local_task_002`, ... with `mode: null`;
   * pre-built tasks are returned as given (normalised once at construction).
   *
   * @param options - an already aborted signal rejects; the deadline is irrelevant here
   * @throws InvalidArgumentError when `timeoutSeconds` and its alias `timeout` disagree
   */
  async pollNextTask(options: PollNextTaskOptions = {}): Promise<Task> {
    optionWithAlias(options.timeoutSeconds, options.timeout, TIMEOUT_ALIAS);
    options.signal?.throwIfAborted();
    const index = this.#taskCount % this.#inputs.length;
    this.#taskCount += 1;
    const prebuilt = this.#tasks?.[index];
    if (prebuilt !== undefined) return prebuilt;
    return {
      rollout_id: `local_task_${String(index + 1).padStart(3, '0')}`,
      input: this.#inputs[index],
      mode: null,
      resources_id: this.#resources.resources_id,
      create_time: this.#clock.now(),
      last_claim_time: null,
      num_claims: null,
      metadata: {},
    };
  }

  /**
   * Returns the loader's snapshot when `resourcesId` is its id.
   *
   * @param resourcesId - the requested id
   * @throws InvalidArgumentError for any other id (the HTTP client returns `null` instead)
   */
  async getResourcesById(resourcesId: string): Promise<LegacyResourcesUpdate> {
    const own = this.#resources.resources_id;
    if (resourcesId !== own) {
      throw new InvalidArgumentError(
        `Resource ID '${resourcesId}' not found. Only '${own}' is available.`,
      );
    }
    return this.#resources;
  }

  /** Returns the loader's snapshot. */
  async getLatestResources(): Promise<LegacyResourcesUpdate> {
    return this.#resources;
  }

  /**
   * Stores a result in {@link DevTaskLoader.rollouts}.
   *
   * @param rollout - the result; only `rollout_id` is required
   * @returns `{status: "received", rollout_id}`
   * @throws LegacyValidationError when `rollout` is not a valid `RolloutLegacy`
   */
  async postRollout(rollout: RolloutLegacyInit): Promise<JsonObject> {
    const parsed = parseWire(RolloutLegacySchema, rollout, 'RolloutLegacy');
    this.#rollouts.push(parsed);
    return { status: 'received', rollout_id: parsed.rollout_id };
  }

  /** `DevTaskLoader(num_tasks=<n>, resources=<resources as JSON>)`. */
  toString(): string {
    return `DevTaskLoader(num_tasks=${this.#inputs.length}, resources=${JSON.stringify(this.#resources.resources)})`;
  }

  #wrapResources(resources: NamedResources | LegacyResourcesUpdate): LegacyResourcesUpdate {
    const record = resources as Record<string, unknown>;
    if (typeof record.resources_id === 'string' && 'resources' in record) {
      return parseWire(LegacyResourcesUpdateSchema, resources, 'ResourcesUpdate');
    }
    const now = this.#clock.now();
    const named = parseWire(NamedResourcesSchema, resources, 'NamedResources');
    return {
      resources_id: 'local',
      create_time: now,
      update_time: now,
      version: 1,
      resources: named,
    };
  }
}
