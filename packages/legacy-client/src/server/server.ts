import {
  type Clock,
  InvalidStateError,
  type Logger,
  optionWithAlias,
  systemClock,
} from '@agl/store-core';
import { type NamedResources, NamedResourcesSchema } from '@agl/types';
import { checkPort, checkSeconds, TIMEOUT_ALIAS } from '../checks';
import { defaultLogger } from '../default-logger';
import { warnDeprecatedOnce } from '../deprecation';
import { waitForWake } from '../wait';
import { parseWire } from '../wire/parse';
import type { RolloutLegacy } from '../wire/rollout';
import { createLegacyApp } from './app';
import { type Listening, listen } from './listen';
import {
  type AgentLightningServerOptions,
  type PollCompletedRolloutOptions,
  type QueueTaskOptions,
  QueueTaskOptionsSchema,
} from './options';
import { LegacyServerState } from './state';

/**
 * The legacy task/rollout HTTP server (deprecated; see the README's
 * migration section). It keeps its own in-memory queue — it is not backed by
 * a LightningStore — and is driven in-process by the algorithm side through
 * `queueTask`, `updateResources` and the completed-rollout methods.
 */
export class AgentLightningServer {
  /** The interface the server binds. */
  readonly host: string;
  /** Claims older than this many seconds are requeued by the next `GET /task`. */
  readonly taskTimeoutSeconds: number;
  readonly #requestedPort: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #maxBodyBytes: number;
  #state: LegacyServerState | null = null;
  #listening: Listening | null = null;
  #starting: Promise<void> | null = null;

  /** @param options - address, claim timeout, body limit, clock and logger */
  constructor(options: AgentLightningServerOptions = {}) {
    this.#logger = options.logger ?? defaultLogger();
    warnDeprecatedOnce('AgentLightningServer', this.#logger);
    this.host = options.host ?? '127.0.0.1';
    this.#requestedPort = checkPort(options.port ?? 8000);
    this.taskTimeoutSeconds = checkSeconds('taskTimeoutSeconds', options.taskTimeoutSeconds ?? 300);
    this.#maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
    this.#clock = options.clock ?? systemClock;
  }

  /** The bound port once started (the requested one before). */
  get port(): number {
    return this.#listening?.port ?? this.#requestedPort;
  }

  /** `http://<host>:<port>`. */
  get endpoint(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  /** Whether the server is listening. */
  get isRunning(): boolean {
    return this.#listening !== null;
  }

  /**
   * Creates a fresh state and starts listening; resolves once the port
   * accepts connections. Calling it while running does nothing.
   *
   * @throws AddressInUseError (of `@agl/store-core`) when the address is taken
   */
  async start(): Promise<void> {
    if (this.#listening !== null) return;
    this.#starting ??= this.#start().finally(() => {
      this.#starting = null;
    });
    await this.#starting;
  }

  async #start(): Promise<void> {
    const app = createLegacyApp({
      getState: () => this.#state,
      now: () => this.#clock.now(),
      logger: this.#logger,
      maxBodyBytes: this.#maxBodyBytes,
    });
    this.#state = new LegacyServerState(this.#clock, this.taskTimeoutSeconds, this.#logger);
    try {
      this.#listening = await listen(app, this.host, this.#requestedPort);
    } catch (error) {
      this.#state = null;
      throw error;
    }
    this.#logger.info(
      `Legacy server listening on ${this.endpoint} (task timeout ${this.taskTimeoutSeconds}s)`,
    );
  }

  /** Stops listening, closes open connections and drops the state (results not retrieved are lost). */
  async stop(): Promise<void> {
    const listening = this.#listening;
    if (listening === null) return;
    const state = this.#state;
    this.#state = null;
    state?.close();
    await listening.close();
    this.#listening = null;
    this.#logger.info('Legacy server stopped');
  }

  /** Starts the server if needed and resolves when it is stopped. */
  async runForever(): Promise<void> {
    await this.start();
    await this.#listening?.closed;
  }

  /**
   * Queues a task. `resources_id` stays `null` unless given (it is not
   * defaulted to the latest snapshot).
   *
   * @param sample - the task input (any JSON)
   * @param options - mode, resources id and metadata
   * @returns the new task's `rollout-<uuid>` id
   * @throws InvalidStateError when the server is not running; LegacyValidationError for a bad option
   */
  async queueTask(sample: unknown, options: QueueTaskOptions = {}): Promise<string> {
    const state = this.#requireState();
    const checked = parseWire(QueueTaskOptionsSchema, options, 'queueTask options');
    return state.queueTask(sample, checked as QueueTaskOptions);
  }

  /**
   * Publishes a resources snapshot; it becomes the latest.
   *
   * @param resources - resources by name
   * @returns the snapshot's `res-<uuid>` id
   */
  async updateResources(resources: NamedResources): Promise<string> {
    const state = this.#requireState();
    return state.updateResources(parseWire(NamedResourcesSchema, resources, 'NamedResources'));
  }

  /** Removes and returns the result of one task, or `null` when it has not arrived. */
  async getCompletedRollout(rolloutId: string): Promise<RolloutLegacy | null> {
    return this.#requireState().takeCompletedRollout(rolloutId);
  }

  /**
   * Waits for the result of one task and removes it; it resolves as soon as
   * the result is posted (no polling delay).
   *
   * @param rolloutId - the task's id
   * @param options - `timeoutSeconds` (`null`/`0` = forever) and abort signal
   * @returns the result, or `null` when the timeout passed
   * @throws InvalidArgumentError when `timeoutSeconds` and its alias `timeout` disagree
   */
  async pollCompletedRollout(
    rolloutId: string,
    options: PollCompletedRolloutOptions = {},
  ): Promise<RolloutLegacy | null> {
    const timeout = optionWithAlias(options.timeoutSeconds, options.timeout, TIMEOUT_ALIAS) || null;
    const deadline = timeout === null ? null : performance.now() + timeout * 1000;
    for (;;) {
      const state = this.#requireState();
      const found = state.takeCompletedRollout(rolloutId);
      if (found !== null) return found;
      const left = deadline === null ? null : (deadline - performance.now()) / 1000;
      if (left !== null && left <= 0) return null;
      const subscribe = (wake: () => void) =>
        state.onStored((id) => {
          if (id === null || id === rolloutId) wake();
        });
      await waitForWake(subscribe, left, options.signal);
    }
  }

  /** Removes and returns every result received so far, in arrival order. */
  async retrieveCompletedRollouts(): Promise<RolloutLegacy[]> {
    return this.#requireState().takeAllCompletedRollouts();
  }

  #requireState(): LegacyServerState {
    if (this.#state === null) {
      throw new InvalidStateError('Store not initialized. The server may not be running.');
    }
    return this.#state;
  }
}
