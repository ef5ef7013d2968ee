import type {
  Attempt,
  AttemptedRollout,
  NamedResources,
  PaginatedResult,
  ResourcesUpdate,
  Rollout,
  Span,
  StoreCapabilities,
  StoreStatistics,
  Worker,
} from '@agl/types';
import { systemClock } from '../clock';
import { InvalidArgumentError, NotImplementedStoreError, SpansEvictedError } from '../errors';
import { type ObservableStore, type StoreObserver, StoreObservers } from '../observer';
import { resolveClaimTimeout } from '../options';
import type { OtelSpanLike } from '../otel-span';
import type {
  AddOtelSpanOptions,
  AttemptUpdate,
  CreateRolloutOptions,
  DequeueManyOptions,
  EnqueueRolloutItem,
  LightningStore,
  QueryAttemptsOptions,
  QueryResourcesOptions,
  QueryRolloutsOptions,
  QuerySpansOptions,
  QueryWorkersOptions,
  RolloutUpdate,
  StartRolloutOptions,
  WaitOptions,
  WorkerOptions,
  WorkerUpdate,
} from '../store';
import { RolloutWaiters, waitTimeoutSeconds } from '../waiters';
import { Watchdog } from '../watchdog/watchdog';
import type { StorageBackend } from './backend';
import type { EngineContext } from './context';
import { copyResources, copyRollout, copyWorker } from './copies';
import * as attempts from './ops/attempts';
import * as create from './ops/create';
import * as queue from './ops/queue';
import * as resources from './ops/resources';
import * as rollouts from './ops/rollouts';
import { nextSequenceId } from './ops/sequences';
import * as spans from './ops/spans';
import { engineStatistics } from './ops/statistics';
import { checkRolloutIds, waitForTerminal } from './ops/wait';
import * as workers from './ops/workers';
import { DEFAULT_ENGINE_CAPABILITIES, type EngineStoreOptions } from './options';
import { watchdogScan } from './watchdog-scan';

/**
 * A complete `LightningStore` over a synchronous `StorageBackend`: the
 * engine implements every method (status model, queue, worker telemetry,
 * lazy and timed watchdog, queries, event-driven waits, statistics) and the
 * backend only keeps data. Each operation runs synchronously to completion,
 * so it is atomic; results are copies. Extend it (`class MyStore extends
 * BaseLightningStore`) or construct it with a backend.
 */
export class BaseLightningStore implements LightningStore, ObservableStore {
  /** The store's name. */
  readonly name: string;
  /** What the store supports. */
  readonly capabilities: StoreCapabilities;
  readonly #ctx: EngineContext;
  readonly #watchdog: Watchdog;
  readonly #observers = new StoreObservers();
  readonly #createdAt: number;
  #closed = false;

  /**
   * @param backend - the storage primitives (owned by the store from now on)
   * @param options - clock, watchdog settings, name and capabilities
   */
  constructor(backend: StorageBackend, options: EngineStoreOptions = {}) {
    const clock = options.clock ?? systemClock;
    this.name = options.name ?? 'LightningStore';
    this.capabilities = options.capabilities ?? DEFAULT_ENGINE_CAPABILITIES;
    this.#ctx = {
      backend,
      clock,
      waiters: new RolloutWaiters<Rollout>({ copy: copyRollout }),
      randomHex: options.randomHex,
    };
    this.#createdAt = clock.now();
    const claimTimeout = resolveClaimTimeout(options);
    backend.observe?.(this.#observers);
    this.#watchdog = new Watchdog({
      clock,
      scan: (now) => watchdogScan(this.#ctx, now, claimTimeout, this.#observers),
      scanDebounceSeconds: options.scanDebounceSeconds,
      watchdogIntervalSeconds: options.watchdogIntervalSeconds,
    });
  }

  /**
   * Adds an observer of the store's own work: attempts the watchdog ends,
   * span evictions of the backend.
   *
   * @param observer - receives the events from now on
   * @returns removes it again
   */
  addObserver(observer: StoreObserver): () => void {
    return this.#observers.addObserver(observer);
  }

  /** Runs the lazy watchdog scan when due (synchronously, before the operation). */
  #scan(): EngineContext {
    this.#watchdog.maybeScan();
    return this.#ctx;
  }

  /** @inheritdoc */
  async startRollout(input: unknown, options: StartRolloutOptions = {}): Promise<AttemptedRollout> {
    return create.startRollout(this.#scan(), input, options);
  }

  /** @inheritdoc */
  async enqueueRollout(input: unknown, options: CreateRolloutOptions = {}): Promise<Rollout> {
    return create.enqueueMany(this.#scan(), [{ ...options, input }])[0] as Rollout;
  }

  /** @inheritdoc */
  async enqueueManyRollouts(items: readonly EnqueueRolloutItem[]): Promise<Rollout[]> {
    return create.enqueueMany(this.#scan(), items);
  }

  /** @inheritdoc */
  async dequeueRollout(options: WorkerOptions = {}): Promise<AttemptedRollout | null> {
    return queue.dequeueMany(this.#scan(), 1, options.workerId)[0] ?? null;
  }

  /** @inheritdoc */
  async dequeueManyRollouts(options: DequeueManyOptions = {}): Promise<AttemptedRollout[]> {
    const limit = options.limit ?? 1;
    if (!Number.isInteger(limit)) throw new InvalidArgumentError('limit must be an integer');
    return queue.dequeueMany(this.#scan(), limit, options.workerId);
  }

  /** @inheritdoc */
  async startAttempt(rolloutId: string, options: WorkerOptions = {}): Promise<AttemptedRollout> {
    return queue.startAttempt(this.#scan(), rolloutId, options.workerId);
  }

  /** @inheritdoc */
  async queryRollouts(
    options: QueryRolloutsOptions = {},
  ): Promise<PaginatedResult<Rollout | AttemptedRollout>> {
    return rollouts.queryRollouts(this.#scan(), options);
  }

  /** @inheritdoc */
  async getRolloutById(rolloutId: string): Promise<Rollout | AttemptedRollout | null> {
    return rollouts.getRolloutById(this.#scan(), rolloutId);
  }

  /** @inheritdoc */
  async updateRollout(rolloutId: string, update: RolloutUpdate): Promise<Rollout> {
    return rollouts.updateRollout(this.#scan(), rolloutId, update);
  }

  /** @inheritdoc */
  async updateAttempt(
    rolloutId: string,
    attemptId: string,
    update: AttemptUpdate,
  ): Promise<Attempt> {
    return attempts.updateAttempt(this.#scan(), rolloutId, attemptId, update);
  }

  /** @inheritdoc */
  async queryAttempts(
    rolloutId: string,
    options: QueryAttemptsOptions = {},
  ): Promise<PaginatedResult<Attempt>> {
    return attempts.queryAttempts(this.#scan(), rolloutId, options);
  }

  /** @inheritdoc */
  async getLatestAttempt(rolloutId: string): Promise<Attempt | null> {
    return attempts.getLatestAttempt(this.#scan(), rolloutId);
  }

  /** @inheritdoc */
  async addResources(named: NamedResources): Promise<ResourcesUpdate> {
    return resources.upsertResources(this.#ctx, null, named);
  }

  /** @inheritdoc */
  async updateResources(resourcesId: string, named: NamedResources): Promise<ResourcesUpdate> {
    return resources.upsertResources(this.#scan(), resourcesId, named);
  }

  /** @inheritdoc */
  async getResourcesById(resourcesId: string): Promise<ResourcesUpdate | null> {
    const snapshot = this.#ctx.backend.getResources(resourcesId);
    return snapshot ? copyResources(snapshot) : null;
  }

  /** @inheritdoc */
  async getLatestResources(): Promise<ResourcesUpdate | null> {
    const latest = this.#ctx.backend.latestResources();
    return latest ? copyResources(latest) : null;
  }

  /** @inheritdoc */
  async queryResources(
    options: QueryResourcesOptions = {},
  ): Promise<PaginatedResult<ResourcesUpdate>> {
    return resources.queryResources(this.#ctx, options);
  }

  /** @inheritdoc */
  async addSpan(span: Span): Promise<Span | null> {
    return spans.addManySpans(this.#ctx, [span])[0] ?? null;
  }

  /** @inheritdoc */
  async addManySpans(items: readonly Span[]): Promise<Span[]> {
    return spans.addManySpans(this.#ctx, items);
  }

  /** @inheritdoc */
  async addOtelSpan(
    rolloutId: string,
    attemptId: string,
    otelSpan: OtelSpanLike,
    options: AddOtelSpanOptions = {},
  ): Promise<Span | null> {
    const sequenceId = options.sequenceId ?? null;
    return spans.addOtelSpan(this.#ctx, rolloutId, attemptId, otelSpan, sequenceId);
  }

  /** @inheritdoc */
  async getNextSpanSequenceId(rolloutId: string, _attemptId: string): Promise<number> {
    return nextSequenceId(this.#ctx.backend, rolloutId);
  }

  /** @inheritdoc */
  async getManySpanSequenceIds(pairs: readonly (readonly [string, string])[]): Promise<number[]> {
    return pairs.map(([rolloutId]) => nextSequenceId(this.#ctx.backend, rolloutId));
  }

  /** @inheritdoc */
  async querySpans(
    rolloutId: string,
    options: QuerySpansOptions = {},
  ): Promise<PaginatedResult<Span>> {
    if (this.#ctx.backend.spansEvicted?.(rolloutId)) throw new SpansEvictedError(rolloutId);
    return spans.querySpans(this.#scan(), rolloutId, options);
  }

  /** @inheritdoc */
  async waitForRollouts(
    rolloutIds: readonly string[],
    options: WaitOptions = {},
  ): Promise<Rollout[]> {
    checkRolloutIds(rolloutIds);
    const timeoutSeconds = this.#closed ? 0 : waitTimeoutSeconds(options);
    return waitForTerminal(this.#scan(), rolloutIds, { timeoutSeconds, signal: options.signal });
  }

  /** @inheritdoc */
  async queryWorkers(options: QueryWorkersOptions = {}): Promise<PaginatedResult<Worker>> {
    return workers.queryWorkers(this.#scan(), options);
  }

  /** @inheritdoc */
  async getWorkerById(workerId: string): Promise<Worker | null> {
    const worker = this.#ctx.backend.getWorker(workerId);
    return worker ? copyWorker(worker) : null;
  }

  /** @inheritdoc */
  async updateWorker(workerId: string, update: WorkerUpdate = {}): Promise<Worker> {
    return workers.updateWorker(this.#ctx, workerId, update);
  }

  /** @inheritdoc */
  async statistics(): Promise<StoreStatistics> {
    const uptime = this.#ctx.clock.now() - this.#createdAt;
    return engineStatistics(this.#ctx.backend, this.name, uptime);
  }

  /** @inheritdoc */
  otlpTracesEndpoint(): string {
    throw new NotImplementedStoreError(`${this.name} has no OTLP traces endpoint`);
  }

  /**
   * Stops the watchdog timer, releases pending waiters (they resolve with
   * what finished) and closes the backend (`close` hook). Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watchdog.stop();
    this.#ctx.waiters.close();
    await this.#ctx.backend.close?.();
  }
}

/**
 * Creates a `LightningStore` over a synchronous storage backend.
 *
 * @deprecated Use `new BaseLightningStore(backend, options)` (or extend it),
 * the one way to build an engine store; this alias stays for one release.
 * @param backend - the storage primitives
 * @param options - clock, watchdog settings, name and capabilities
 *
 * @example
 * ```ts
 * const store = new BaseLightningStore(new MyMapBackend(), { name: 'MyStore' });
 * ```
 */
export function createEngineStore(
  backend: StorageBackend,
  options: EngineStoreOptions = {},
): BaseLightningStore {
  return new BaseLightningStore(backend, options);
}
