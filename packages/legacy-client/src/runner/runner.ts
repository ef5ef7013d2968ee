import { InvalidArgumentError, type Logger } from '@agl/store-core';
import { OtelTracer, type Tracer, TracerTraceToTriplet } from '@agl/trainer';
import { checkCount } from '../checks';
import { isLegacyTaskClient, type LegacyTaskClient } from '../client/task-client';
import { defaultLogger } from '../default-logger';
import { warnDeprecatedOnce } from '../deprecation';
import type { LegacyResourcesUpdate } from '../wire/resources';
import type { Task } from '../wire/task';
import { checkLegacyAgent, type LegacyRolloutAgent } from './agent';
import type { LegacyTripletExporter } from './convert';
import { executeLegacyTask } from './execute-task';

/** Options of {@link LegacyAgentRunner}. */
export interface LegacyAgentRunnerOptions {
  /** The agent: a `LitAgent` from `@agl/trainer` or any {@link LegacyRolloutAgent}. */
  agent: LegacyRolloutAgent;
  /** Where tasks come from and results go: `AgentLightningClient` or `DevTaskLoader`. */
  client: LegacyTaskClient;
  /** The tracer every rollout runs under (default a new `OtelTracer`). */
  tracer?: Tracer;
  /** Builds triplets from the captured spans (default a new `TracerTraceToTriplet`). */
  tripletExporter?: LegacyTripletExporter;
  /** The worker id, for log lines (`initWorker` sets it too). */
  workerId?: number | null;
  /** How many tasks `iter()` processes before returning; `null` (default) = until stopped. */
  maxTasks?: number | null;
  /** Where to log (default: warnings and errors to the console). */
  logger?: Logger;
}

/** Options of {@link LegacyAgentRunner.run} and {@link LegacyAgentRunner.iter}. */
export interface LegacyRunOptions {
  /** Stops waiting for tasks; a rollout already running is finished and posted first. */
  signal?: AbortSignal;
}

/**
 * Drives an agent written for `@agl/trainer` against the legacy protocol:
 * poll a task, fetch its resources, run the agent under the
 * tracer, convert the return value into a `RolloutLegacy` and post it.
 */
export class LegacyAgentRunner {
  /** The agent. */
  readonly agent: LegacyRolloutAgent;
  /** The task source. */
  readonly client: LegacyTaskClient;
  /** The tracer every rollout runs under. */
  readonly tracer: Tracer;
  /** The span → triplet converter. */
  readonly tripletExporter: LegacyTripletExporter;
  /** How many tasks `iter()` processes; `null` = until stopped. */
  readonly maxTasks: number | null;
  #workerId: number | null;
  readonly #logger: Logger;

  /** @param options - agent, client, tracer, exporter, worker id, task limit and logger */
  constructor(options: LegacyAgentRunnerOptions) {
    checkLegacyAgent(options.agent);
    if (!isLegacyTaskClient(options.client)) {
      throw new InvalidArgumentError(
        'The client must implement pollNextTask, getResourcesById, getLatestResources and postRollout.',
      );
    }
    this.agent = options.agent;
    this.client = options.client;
    this.tracer = options.tracer ?? new OtelTracer();
    this.tripletExporter = options.tripletExporter ?? new TracerTraceToTriplet();
    this.maxTasks = options.maxTasks == null ? null : checkCount('maxTasks', options.maxTasks, 0);
    this.#workerId = options.workerId ?? null;
    this.#logger = options.logger ?? defaultLogger();
    warnDeprecatedOnce('LegacyAgentRunner', this.#logger);
  }

  /** The worker id given to `initWorker` (or the constructor), or `null`. */
  get workerId(): number | null {
    return this.#workerId;
  }

  /** Prepares the tracer (`tracer.init()`). */
  async init(): Promise<void> {
    await this.tracer.init();
  }

  /** Remembers the worker id and prepares the tracer for it. */
  async initWorker(workerId: number): Promise<void> {
    this.#workerId = workerId;
    await this.tracer.initWorker(workerId);
  }

  /** Releases the tracer's worker state. */
  async teardownWorker(workerId: number): Promise<void> {
    await this.tracer.teardownWorker(workerId);
  }

  /** Tears the tracer down. */
  async teardown(): Promise<void> {
    await this.tracer.teardown();
  }

  /**
   * Runs `body` between `init()`/`initWorker(workerId ?? 0)` and the matching
   * teardowns (each teardown only when its setup succeeded).
   *
   * @param body - e.g. `(runner) => runner.iter()`
   */
  async lifespan<R>(body: (runner: this) => Promise<R> | R): Promise<R> {
    await this.init();
    try {
      const id = this.#workerId ?? 0;
      await this.initWorker(id);
      try {
        return await body(this);
      } finally {
        await this.teardownWorker(id);
      }
    } finally {
      await this.teardown();
    }
  }

  /**
   * One iteration: waits for a task and processes it.
   *
   * @param options - abort signal for the wait
   * @returns `true` when a result was posted; `false` when no task came
   *   (aborted, or the client's deadline passed) or its resources were missing
   */
  async run(options: LegacyRunOptions = {}): Promise<boolean> {
    this.agent.setRunner?.(this);
    const { signal } = options;
    let task: Task | null;
    try {
      task = await this.client.pollNextTask(signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) return false;
      throw error;
    }
    if (task === null) return false;
    const prefix = `[Worker ${this.#workerId ?? 'Unknown'} | Rollout ${task.rollout_id}]`;
    const snapshot = await this.#resourcesFor(task);
    if (snapshot === null) {
      this.#logger.error(`${prefix} Failed to fetch resources. Skipping.`);
      return false;
    }
    await executeLegacyTask(
      {
        agent: this.agent,
        client: this.client,
        tracer: this.tracer,
        tripletExporter: this.tripletExporter,
        runner: this,
        logger: this.#logger,
        prefix,
      },
      task,
      snapshot,
    );
    return true;
  }

  /**
   * The loop: runs iterations until `maxTasks` results were
   * posted or the signal aborts.
   *
   * @param options - abort signal
   * @returns how many results were posted
   */
  async iter(options: LegacyRunOptions = {}): Promise<number> {
    let processed = 0;
    const label = `[Worker ${this.#workerId ?? 'Unknown'}]`;
    while (!options.signal?.aborted && (this.maxTasks === null || processed < this.maxTasks)) {
      if (await this.run(options)) {
        processed += 1;
        if (processed === 1 || processed % 10 === 0) {
          this.#logger.info(`${label} Progress: ${processed}/${this.maxTasks ?? 'unlimited'}`);
        }
      }
      // Let timers and I/O run between passes: with an in-process client and a
      // synchronous agent a pass never leaves the microtask queue, which would
      // starve everything else on the event loop (other workers, signals, the algorithm).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return processed;
  }

  #resourcesFor(task: Task): Promise<LegacyResourcesUpdate | null> {
    return task.resources_id
      ? this.client.getResourcesById(task.resources_id)
      : this.client.getLatestResources();
  }
}
