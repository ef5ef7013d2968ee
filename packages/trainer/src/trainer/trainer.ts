/**
 * The `Trainer`: wires algorithm, store, runners, tracer,
 * adapter and hooks, and hands an algorithm bundle and a runner bundle to
 * an execution strategy.
 *
 * @module
 */
import {
  InvalidArgumentError,
  type LightningStore,
  logLevelFromEnv,
  optionWithAlias,
} from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import type { LitAgent } from '../agent/lit-agent';
import { type Algorithm, FastAlgorithm } from '../algorithm/algorithm';
import { Baseline } from '../algorithm/baseline';
import { storeStoppedBy } from '../algorithm/stop-signal';
import type { AdapterLike, Dataset, LlmProxyLike } from '../algorithm/types';
import type { ExecutionEvent } from '../execution/event';
import type { ExecutionStrategy } from '../execution/types';
import { getLogger } from '../logging';
import { toWireResources } from '../resources/hydrate';
import type { HookCallbacks } from '../runner/hook';
import type { Runner } from '../runner/runner';
import type { Tracer } from '../tracer/tracer';
import { IdleWatch } from './idle-watch';
import type { TrainerOptions } from './options';
import { defaultProgressReporter, type ProgressReporter } from './progress';
import { ProgressMonitor } from './progress-monitor';
import * as r from './resolve';
import { RunnerPool } from './runner-pool';
import { checkStoreWiring } from './store-wiring';

const log = getLogger('agl.trainer');

/** Options of `fit` and `dev`. */
export interface FitOptions<T> {
  /** The validation samples. */
  valDataset?: Dataset<T> | null;
}

/** Runs an agent against an algorithm through a store, with a configurable execution strategy. */
export class Trainer {
  /** Runner workers. */
  readonly nRunners: number;
  /** Per-runner rollout cap, or `null`. */
  readonly maxRollouts: number | null;
  /** The tracer (runner 0 uses it; other in-process workers get a fresh copy). */
  readonly tracer: Tracer;
  /** The adapter handed to the algorithm. */
  readonly adapter: AdapterLike;
  /** The algorithm, or `null`. */
  readonly algorithm: Algorithm | null;
  /** Resources handed to the algorithm, or `null`. */
  readonly initialResources: NamedResources | null;
  /** The port given to the constructor, or `null`. */
  readonly port: number | null;
  /** The execution strategy. */
  readonly strategy: ExecutionStrategy;
  /** The store. */
  readonly store: LightningStore;
  /** The runner (worker 0 of this process). */
  readonly runner: Runner;
  /** The LLM proxy, or `null`. */
  readonly llmProxy: LlmProxyLike | null;
  /** The hooks. */
  readonly hooks: HookCallbacks[];
  readonly #options: TrainerOptions;
  readonly #pool: RunnerPool;
  readonly #progressIntervalSeconds: number | null;

  /**
   * @param options - components (as specs) and settings; see `TrainerOptions`
   * @throws InvalidArgumentError when an option and its deprecated alias are both given with different values
   */
  constructor(options: TrainerOptions = {}) {
    this.#options = options;
    // A misspelt AGL_LOG_LEVEL would otherwise be ignored in silence.
    logLevelFromEnv(process.env);
    // `null` means "not given" for these, as the reference's `None`.
    let nRunners =
      optionWithAlias(
        options.nRunners ?? undefined,
        options.nWorkers ?? undefined,
        r.warnedAlias('nRunners', 'nWorkers'),
      ) ?? 1;
    this.maxRollouts =
      optionWithAlias(
        options.maxRollouts ?? undefined,
        options.maxTasks ?? undefined,
        r.warnedAlias('maxRollouts', 'maxTasks'),
      ) ?? null;
    this.#progressIntervalSeconds =
      optionWithAlias(
        options.progressIntervalSeconds ?? undefined,
        options.progressInterval ?? undefined,
        r.warnedAlias('progressIntervalSeconds', 'progressInterval'),
      ) ?? null;
    if (options.daemon === false)
      log.warn('`daemon` only affected the legacy multiprocessing path; it is ignored.');
    if (options.dev !== undefined)
      log.warn('`dev` is deprecated and only affected the legacy fitV0 path.');
    this.tracer = r.resolveTracer(options.tracer);
    this.adapter = r.resolveAdapter(options);
    this.algorithm = r.resolveAlgorithm(options.algorithm);
    this.initialResources = options.initialResources
      ? toWireResources(options.initialResources)
      : null;
    this.port = options.port ?? null;
    this.strategy = r.resolveStrategy(options.strategy, nRunners, this.port);
    checkStoreWiring(this.strategy, options.store !== undefined && options.store !== null);
    this.store = r.resolveStore(options.store);
    this.runner = r.resolveRunner(options.runner, this.tracer, this.maxRollouts);
    const own = this.strategy.nRunners;
    if (typeof own === 'number' && Number.isInteger(own) && own > 0) nRunners = own;
    this.nRunners = nRunners;
    this.llmProxy = r.resolveLlmProxy(options.llmProxy, this.store);
    this.hooks = r.resolveHooks(options.hooks);
    this.#pool = new RunnerPool(
      this.runner,
      options.runner,
      this.tracer,
      options.tracer,
      this.maxRollouts,
    );
  }

  /** Deprecated alias of `nRunners`. */
  get nWorkers(): number {
    return this.nRunners;
  }

  /** Deprecated alias of `adapter`. */
  get tripletExporter(): AdapterLike {
    return this.adapter;
  }

  /**
   * Trains: runs the algorithm and the runners with the configured strategy until the algorithm is done.
   *
   * @param agent - the agent the runners execute
   * @param trainDataset - the training samples
   * @param options - the validation samples
   * @throws InvalidArgumentError when given a server URL (the legacy protocol lives in `@agl/legacy-client`)
   */
  async fit<T>(
    agent: LitAgent<T>,
    trainDataset?: Dataset<T> | string | null,
    options: FitOptions<T> = {},
  ): Promise<void> {
    if (typeof trainDataset === 'string') {
      log.warn('Passing a server URL to fit() selects the deprecated legacy protocol.');
      throw new InvalidArgumentError(
        'Trainer.fit() does not accept a server URL; use fitV0 from @agl/legacy-client for the legacy protocol.',
        { pythonType: 'TypeError' },
      );
    }
    await this.#execute(agent, this.algorithm, trainDataset ?? null, options.valDataset ?? null);
  }

  /**
   * A quick run with a fast algorithm (default `Baseline`) using the configured strategy.
   *
   * @param agent - the agent the runners execute
   * @param trainDataset - the training samples
   * @param options - the validation samples
   * @throws InvalidArgumentError when the algorithm does not extend `FastAlgorithm`
   */
  async dev<T>(
    agent: LitAgent<T>,
    trainDataset?: Dataset<T> | null,
    options: FitOptions<T> = {},
  ): Promise<void> {
    const algorithm = this.algorithm ?? new Baseline();
    if (!(algorithm instanceof FastAlgorithm)) {
      throw new InvalidArgumentError(
        `Trainer.dev() requires an algorithm that inherits from FastAlgorithm, got ${algorithm.constructor.name}. Use fit() for other algorithms.`,
        { pythonType: 'TypeError' },
      );
    }
    await this.#execute(agent, algorithm, trainDataset ?? null, options.valDataset ?? null);
  }

  async #execute<T>(
    agent: LitAgent<T>,
    algorithm: Algorithm | null,
    train: Dataset<T> | null,
    val: Dataset<T> | null,
  ): Promise<void> {
    agent.setTrainer(this);
    const algorithmBundle = (store: LightningStore, event: ExecutionEvent) =>
      this.#algorithmBundle(algorithm, store, event, train, val);
    const runnerBundle = (store: LightningStore, workerId: number, event: ExecutionEvent) =>
      this.#pool.runWorker(agent as LitAgent<unknown>, this.hooks, store, workerId, event);
    await this.strategy.execute(algorithmBundle, runnerBundle, this.store);
  }

  #reporter(): ProgressReporter | null {
    const progress = this.#options.progress ?? true;
    if (progress === false) return null;
    return progress === true ? defaultProgressReporter() : progress;
  }

  async #algorithmBundle<T>(
    algorithm: Algorithm | null,
    store: LightningStore,
    event: ExecutionEvent,
    trainDataset: Dataset<T> | null,
    valDataset: Dataset<T> | null,
  ): Promise<void> {
    const reporter = this.#reporter();
    const monitor = reporter
      ? new ProgressMonitor(store, reporter, {
          intervalSeconds: this.#progressIntervalSeconds ?? 1,
        })
      : null;
    monitor?.start();
    // The trainer owns a gateway it had to start: runners need it from the first rollout, and a
    // listening server would keep the process alive after fit().
    let startedProxy = false;
    // Stop the progress line as soon as the run is asked to stop: an algorithm that
    // ignores the stop is abandoned, and its `finally` below may never run.
    const stopMonitor = () => void monitor?.stop();
    event.signal.addEventListener('abort', stopMonitor, { once: true });
    const idle = new IdleWatch(store, {
      warnAfterSeconds: this.#options.idleWarningSeconds ?? 30,
      warn: (message) => log.warn(message),
    });
    if (algorithm) idle.start();
    try {
      if (!algorithm) {
        while (!(await event.wait(0.1))) {}
        return;
      }
      algorithm.setTrainer(this);
      algorithm.setStore(storeStoppedBy(store, event.signal));
      algorithm.setAdapter(this.adapter);
      if (this.initialResources) algorithm.setInitialResources(this.initialResources);
      if (this.llmProxy) {
        this.llmProxy.setStore?.(store);
        algorithm.setLlmProxy(this.llmProxy);
        if (!this.llmProxy.isRunning()) {
          await this.llmProxy.start();
          startedProxy = true;
        }
      }
      await algorithm.run({ trainDataset, valDataset, signal: event.signal });
    } catch (error) {
      // The error reaches fit()'s caller: one line here, the stack at debug level.
      log.error(`Algorithm bundle encountered an error: ${(error as Error)?.message ?? error}`);
      log.debug('Stack of the algorithm error.', error);
      throw error;
    } finally {
      if (startedProxy && this.llmProxy?.isRunning()) await this.llmProxy.stop();
      idle.stop();
      event.signal.removeEventListener('abort', stopMonitor);
      await monitor?.stop();
    }
  }
}
