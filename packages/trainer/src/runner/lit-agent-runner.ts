/**
 * `LitAgentRunner`: dequeues rollouts, runs the agent
 * under the tracer and reports the outcome to the store.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError, InvalidStateError, optionWithAlias } from '@agl/store-core';
import type { AttemptedRollout, Rollout } from '@agl/types';
import type { LitAgent } from '../agent/lit-agent';
import type { ExecutionEvent } from '../execution/event';
import { sleepUnlessSet } from '../execution/event';
import { getLogger } from '../logging';
import { toWireResources } from '../resources/hydrate';
import type { Tracer } from '../tracer/tracer';
import { executeAttempt } from './execute-attempt';
import { startHeartbeat } from './heartbeat';
import type { HookCallbacks } from './hook';
import {
  Runner,
  type RunnerInitOptions,
  type RunnerIterOptions,
  type RunnerStepOptions,
} from './runner';
import { systemSnapshot } from './system-snapshot';
import { jittered, type RandomSource } from './timing';

const log = getLogger('agl.runner');

/** Options of `LitAgentRunner` (reference defaults). */
export interface LitAgentRunnerOptions {
  /** The tracer used for every rollout (required). */
  tracer: Tracer;
  /** Stop `iter()` after this many rollouts; `null` = never. */
  maxRollouts?: number | null;
  /** Seconds between empty dequeues (default 5; spec key `poll_interval`). */
  pollIntervalSeconds?: number;
  /** @deprecated Use `pollIntervalSeconds`; kept for one release (and for the spec key `poll_interval`); both with different values throw. */
  pollInterval?: number;
  /** Seconds between worker heartbeats (default 10; `<= 0` disables them; spec key `heartbeat_interval`). */
  heartbeatIntervalSeconds?: number;
  /** @deprecated Use `heartbeatIntervalSeconds`; kept for one release (and for the spec key `heartbeat_interval`); both with different values throw. */
  heartbeatInterval?: number;
  /** Uniform ± jitter in seconds for poll and heartbeat intervals (default 0.5; spec key `interval_jitter`). */
  intervalJitterSeconds?: number;
  /** @deprecated Use `intervalJitterSeconds`; kept for one release (and for the spec key `interval_jitter`); both with different values throw. */
  intervalJitter?: number;
  /**
   * @deprecated Accepted for parity and otherwise ignored: `thread` (default) and
   * `asyncio` both run on the event loop with non-blocking snapshots.
   */
  heartbeatLaunchMode?: 'thread' | 'asyncio';
  /** @deprecated Accepted for parity and ignored: GPU statistics are not collected. */
  heartbeatIncludeGpu?: boolean;
  /** Random source for the jitter (tests). */
  random?: RandomSource;
  /** Takes the heartbeat snapshot (default: `systemSnapshot`). */
  snapshot?: () => Promise<Record<string, unknown>>;
}

/** The runner that executes `LitAgent`s. */
export class LitAgentRunner<T = unknown> extends Runner<T> {
  /** Option keys the trainer may inject defaults for (component specs). */
  static readonly optionKeys: readonly string[] = ['tracer', 'maxRollouts'];
  /** Every key a `{type: 'LitAgentRunner', ...}` spec may set. */
  static readonly specKeys: readonly string[] = [
    'tracer',
    'maxRollouts',
    'pollInterval',
    'heartbeatInterval',
    'intervalJitter',
    'heartbeatLaunchMode',
    'heartbeatIncludeGpu',
    'random',
    'snapshot',
  ];

  /** The options this runner was built with. */
  readonly options: Readonly<LitAgentRunnerOptions>;
  /** Stop `iter()` after this many rollouts; `null` = never. */
  readonly maxRollouts: number | null;
  #tracer: Tracer;
  #agent: LitAgent<T> | null = null;
  #store: LightningStore | null = null;
  #workerId: number | null = null;
  #hooks: readonly HookCallbacks[] = [];
  readonly #pollIntervalSeconds: number;
  readonly #heartbeatIntervalSeconds: number;
  readonly #intervalJitterSeconds: number;

  /** @param options - tracer, limits and intervals */
  constructor(options: LitAgentRunnerOptions) {
    super();
    if (!options?.tracer) throw new InvalidArgumentError('LitAgentRunner requires a tracer.');
    const mode = options.heartbeatLaunchMode ?? 'thread';
    if (mode !== 'thread' && mode !== 'asyncio') {
      throw new InvalidArgumentError(
        `Unsupported heartbeat_launch_mode: ${String(mode)}. Use 'asyncio' or 'thread'.`,
      );
    }
    this.options = { ...options };
    this.#pollIntervalSeconds =
      optionWithAlias(options.pollIntervalSeconds, options.pollInterval, {
        name: 'pollIntervalSeconds',
        aliasName: 'pollInterval',
      }) ?? 5;
    this.#heartbeatIntervalSeconds =
      optionWithAlias(options.heartbeatIntervalSeconds, options.heartbeatInterval, {
        name: 'heartbeatIntervalSeconds',
        aliasName: 'heartbeatInterval',
      }) ?? 10;
    this.#intervalJitterSeconds =
      optionWithAlias(options.intervalJitterSeconds, options.intervalJitter, {
        name: 'intervalJitterSeconds',
        aliasName: 'intervalJitter',
      }) ?? 0.5;
    this.#tracer = options.tracer;
    this.maxRollouts = options.maxRollouts ?? null;
  }

  /** The tracer used for every rollout. */
  get tracer(): Tracer {
    return this.#tracer;
  }

  /** A new runner with the same options, optionally with another tracer (one runner per worker). */
  clone(overrides: Partial<LitAgentRunnerOptions> = {}): LitAgentRunner<T> {
    return new LitAgentRunner<T>({ ...this.options, ...overrides });
  }

  /** Stores the agent and hooks, registers itself on the agent, and initialises the tracer. */
  override async init(agent: LitAgent<T>, options: RunnerInitOptions = {}): Promise<void> {
    this.#agent = agent;
    agent.setRunner(this);
    this.#hooks = [...(options.hooks ?? [])];
    await this.#tracer.init();
  }

  /** Remembers the store and worker id, and prepares the tracer for this worker. */
  override async initWorker(workerId: number, store: LightningStore): Promise<void> {
    this.#store = store;
    this.#workerId = workerId;
    await this.#tracer.initWorker(workerId, store);
  }

  /** Forgets the worker id and releases the tracer's worker state. */
  override async teardownWorker(workerId: number): Promise<void> {
    this.#workerId = null;
    await this.#tracer.teardownWorker(workerId);
  }

  /** Forgets agent, store and hooks, and tears the tracer down. */
  override async teardown(): Promise<void> {
    this.#agent = null;
    this.#store = null;
    this.#workerId = null;
    this.#hooks = [];
    await this.#tracer.teardown();
  }

  /** The agent; throws `InvalidArgumentError` before `init()`. */
  getAgent(): LitAgent<T> {
    if (!this.#agent) throw new InvalidArgumentError('Agent not initialized. Call init() first.');
    return this.#agent;
  }

  /** The store; throws `InvalidArgumentError` before `initWorker()`. */
  getStore(): LightningStore {
    if (!this.#store)
      throw new InvalidArgumentError('Store not initialized. Call init_worker() first.');
    return this.#store;
  }

  /** `Worker-<n>`, or `Worker-Unknown` when no worker id is set. */
  getWorkerId(): string {
    return this.#workerId === null ? 'Worker-Unknown' : `Worker-${this.#workerId}`;
  }

  #startHeartbeat(): () => Promise<void> {
    const interval = this.#heartbeatIntervalSeconds;
    if (interval <= 0) return async () => {};
    if (this.#workerId === null) {
      log.warn('Cannot start heartbeat loop without worker_id.');
      return async () => {};
    }
    return startHeartbeat({
      store: this.getStore(),
      workerId: this.getWorkerId(),
      interval,
      jitter: this.#intervalJitterSeconds,
      snapshot: this.options.snapshot ?? systemSnapshot,
      ...(this.options.random ? { random: this.options.random } : {}),
    });
  }

  async #pollSleep(event: ExecutionEvent | null | undefined): Promise<void> {
    const seconds = jittered(
      this.#pollIntervalSeconds,
      this.#intervalJitterSeconds,
      this.options.random,
    );
    await sleepUnlessSet(seconds, event);
  }

  #execute(rollout: AttemptedRollout, raise: boolean): Promise<string> {
    const context = {
      agent: this.getAgent() as LitAgent<unknown>,
      runner: this,
      tracer: this.#tracer,
      store: this.getStore(),
      hooks: this.#hooks,
      workerId: this.getWorkerId(),
    };
    return executeAttempt(rollout, context, raise);
  }

  /**
   * Dequeues and executes rollouts until the event is set or `maxRollouts`
   * is reached. Agent errors become failed attempts; store errors from
   * dequeue or the resource lookup escape.
   */
  override async iter(options: RunnerIterOptions = {}): Promise<void> {
    const event = options.event ?? null;
    const stopHeartbeat = this.#startHeartbeat();
    let processed = 0;
    try {
      while (!event?.isSet() && (this.maxRollouts === null || processed < this.maxRollouts)) {
        let next: AttemptedRollout | null = null;
        while (!event?.isSet()) {
          next = await this.getStore().dequeueRollout({ workerId: this.getWorkerId() });
          if (next) break;
          await this.#pollSleep(event);
        }
        if (!next) return;
        await this.#execute(next, false);
        processed += 1;
        if (processed === 1 || processed % 10 === 0) {
          log.info(
            `[${this.getWorkerId()}] Progress: ${processed}/${this.maxRollouts ?? 'unlimited'} rollouts.`,
          );
        }
      }
    } finally {
      await stopHeartbeat();
    }
  }

  /**
   * Runs one rollout outside the queue: publishes `resources` when given,
   * starts a rollout for this worker, executes it (agent errors propagate
   * after the attempt is marked `failed`) and returns the finished rollout.
   * Without a mode, the validation method runs.
   */
  override async step(input: T, options: RunnerStepOptions = {}): Promise<Rollout> {
    const store = this.getStore();
    let resourcesId: string | null = null;
    if (options.resources)
      resourcesId = (await store.addResources(toWireResources(options.resources))).resources_id;
    const rollout = await store.startRollout(input, {
      mode: options.mode ?? null,
      resourcesId,
      workerId: this.getWorkerId(),
    });
    await this.#execute(rollout, true);
    const finished = await store.getRolloutById(rollout.rollout_id);
    if (!finished)
      throw new InvalidStateError('Failed to fetch completed rollout by id after step');
    return finished;
  }
}
