/**
 * The store facade. Isolation and locking, per operation (every transaction
 * is READ COMMITTED; correctness comes from row locks taken before reading
 * what is changed, never from snapshot isolation):
 *
 * | operation | how it stays atomic |
 * |---|---|
 * | `startRollout`, `enqueue(Many)Rollouts` | one transaction; new rows only, ids drawn again on a unique-key conflict |
 * | `dequeue(Many)Rollouts` | one transaction; queue head popped with `FOR UPDATE SKIP LOCKED` + queue position cleared in the same statement, attempts inserted, rollouts saved, worker upserted. Concurrent dequeues of different workers of this process share one transaction (group commit, see `GroupCommit`), each answered after it committed |
 * | `startAttempt`, `updateRollout`, `updateAttempt` | one transaction; the rollout row locked `FOR UPDATE` first, its attempts read after the lock. Concurrent `updateAttempt` calls on different rollouts share one transaction, rollouts locked in id order (group commit) |
 * | `addSpan`, `addManySpans`, `addOtelSpan` | one statement (no explicit transaction): counters raised, spans inserted (a plain insert, run again with `ON CONFLICT DO NOTHING` when a span was already stored), promotion and heartbeat as conditional updates that PostgreSQL re-checks on the latest row version (see `addSpansSql`); no rollout lock unless the rollout is promoted. Concurrent calls of this process are written together in one statement (group commit, see `SpanBatcher`), each answered after that statement committed |
 * | `getNextSpanSequenceId`, `getManySpanSequenceIds` | one upsert `... RETURNING` (row-level lock on each counter, in id order) |
 * | `addResources`, `updateResources`, `updateWorker` | one upsert statement |
 * | watchdog scan | one transaction under a per-partition advisory lock; due rollouts locked in id order and re-checked |
 * | queries and getters | one statement (one consistent snapshot) |
 * | `waitForRollouts` | reads only; woken by `LISTEN`/`NOTIFY` |
 * | a create or dequeue carrying an idempotency (claim) key (start, enqueue, dequeue, start attempt, add resources, add spans) | its usual statements plus the key's advisory lock, lookup and record, in one transaction (a group of span calls: every key's lock, taken in lock-id order, lookup and record) |
 *
 * Every write to an attempt happens under its rollout's row lock, and locks
 * are always taken in the order rollouts, attempts, sequence counters,
 * workers, so concurrent transactions cannot deadlock; should PostgreSQL
 * still report one (or a serialisation failure), the transaction is retried.
 *
 * @module
 */
import {
  type AddOtelSpanOptions,
  type AttemptUpdate,
  type Clock,
  type CreateRolloutOptions,
  type DequeueManyOptions,
  type EnqueueRolloutItem,
  InvalidArgumentError,
  type LightningStore,
  NotImplementedStoreError,
  type OtelSpanLike,
  otelSpanToSpan,
  type QueryAttemptsOptions,
  type QueryResourcesOptions,
  type QueryRolloutsOptions,
  type QuerySpansOptions,
  type QueryWorkersOptions,
  type RolloutUpdate,
  type StartRolloutOptions,
  systemClock,
  type WaitOptions,
  type WorkerOptions,
  type WorkerUpdate,
} from '@agl/store-core';
import {
  type ObservableStore,
  resolveClaimTimeout,
  type StoreObserver,
  StoreObservers,
  takeIdempotencyScope,
  Watchdog,
  waitTimeoutSeconds,
} from '@agl/store-core/backend';
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
import { decodeTerminalPayload, TERMINAL_CHANNEL } from './channel';
import * as attempts from './ops/attempts';
import { insertRollouts, startRollout } from './ops/create';
import { dequeueMany, startAttempt } from './ops/dequeue';
import { GroupCommit } from './ops/group-commit';
import * as resources from './ops/resources';
import { queryRollouts } from './ops/rollout-query';
import { getRolloutById, updateRollout } from './ops/rollouts';
import { issueSequenceIds } from './ops/sequences';
import { SpanBatcher } from './ops/spans/batcher';
import { querySpans } from './ops/spans/query';
import { bodySplitFor } from './ops/spans/sql';
import { watchdogScan } from './ops/watchdog';
import * as workers from './ops/workers';
import { DEFAULT_PARTITION, type OpenPostgresStoreOptions } from './options';
import { decodeRollout, ROLLOUT_COLUMNS } from './rows';
import { TransactionRunner } from './runner';
import { migrate } from './schema/migrate';
import type { SqlClient } from './sql/client';
import { toStoreError } from './sql/errors';
import { serverVersionNum } from './sql/server-version';
import { readStatistics } from './statistics';
import { checkPartition } from './validate';
import { WaitHub } from './waits';

/**
 * A persistent, multi-process LightningStore on PostgreSQL (through
 * node-postgres) or embedded PGlite. Every operation is one transaction (or
 * one atomic statement); several processes on one database and partition
 * share one state. Open it with `PostgresLightningStore.open`,
 * `createPostgresStore` or `createEmbeddedPostgresStore`.
 */
export class PostgresLightningStore implements LightningStore, ObservableStore {
  /** `PostgresLightningStore`. */
  readonly name: string = 'PostgresLightningStore';
  /** Safe under threads and concurrent async calls; copies on return; no OTLP endpoint. */
  readonly capabilities: StoreCapabilities = Object.freeze({
    thread_safe: true,
    async_safe: true,
    zero_copy: false,
    otlp_traces: false,
  });
  /** The partition this store reads and writes. */
  readonly partition: string;
  /** The database connection. */
  readonly client: SqlClient;
  readonly #runner: TransactionRunner;
  readonly #spans: SpanBatcher;
  readonly #dequeues: GroupCommit;
  readonly #updates: GroupCommit;
  readonly #watchdog: Watchdog;
  readonly #observers = new StoreObservers();
  readonly #waits: WaitHub;
  readonly #openedAt: number;
  readonly #ownsClient: boolean;
  readonly #clock: Clock;
  #unlisten: (() => Promise<void>) | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: OpenPostgresStoreOptions) {
    const partition = options.partition ?? DEFAULT_PARTITION;
    checkPartition(partition);
    this.partition = partition;
    this.client = options.client;
    this.#ownsClient = options.ownsClient ?? false;
    this.#clock = options.clock ?? systemClock;
    this.#openedAt = this.#clock.now();
    this.#waits = new WaitHub((ids) => this.#readRollouts(ids));
    this.#runner = new TransactionRunner(this.client, partition, this.#clock, (ids) => {
      for (const id of ids) this.#waits.notify(id);
    });
    this.#spans = new SpanBatcher(this.#runner, partition);
    // PGlite runs one transaction at a time anyway: groups would buy nothing there.
    this.#dequeues = new GroupCommit(this.#runner, this.client.kind === 'pg');
    this.#updates = new GroupCommit(this.#runner, this.client.kind === 'pg');
    const claimTimeout = resolveClaimTimeout(options);
    this.#watchdog = new Watchdog({
      clock: this.#clock,
      // Reported after the commit, so a retried transaction counts once.
      scan: () =>
        this.#runner
          .transaction((ctx) => watchdogScan(ctx, claimTimeout))
          .then((events) => {
            for (const event of events) this.#observers.watchdogEnded(event);
          }),
      scanDebounceSeconds: options.scanDebounceSeconds,
      watchdogIntervalSeconds: options.watchdogIntervalSeconds,
    });
  }

  /**
   * Opens a store on a client: applies pending migrations (unless
   * `migrate: false`) and subscribes to terminal-transition notifications.
   *
   * @param options - client, partition, clock and watchdog settings
   * @throws StoreError when the database is unreachable or the options are invalid
   */
  static async open(options: OpenPostgresStoreOptions): Promise<PostgresLightningStore> {
    const store = new PostgresLightningStore(options);
    try {
      if (options.migrate !== false) await migrate(store.client);
      store.#spans.split = bodySplitFor(await serverVersionNum(store.client));
      store.#unlisten = await store.client.listen(
        TERMINAL_CHANNEL,
        (payload) => {
          const event = decodeTerminalPayload(payload);
          if (event && event.partition === store.partition) store.#waits.notify(event.rolloutId);
        },
        () => store.#waits.resync(),
      );
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw toStoreError(error);
    }
  }

  /**
   * Adds an observer of the store's own work: the attempts this process's
   * watchdog ends (another process's watchdog reports to its own observers).
   *
   * @param observer - receives the events from now on
   * @returns removes it again
   */
  addObserver(observer: StoreObserver): () => void {
    return this.#observers.addObserver(observer);
  }

  async #scan(): Promise<void> {
    await this.#watchdog.maybeScan();
  }

  async #readRollouts(ids: readonly string[]): Promise<Map<string, Rollout>> {
    const rows = await this.client.query(
      `SELECT ${ROLLOUT_COLUMNS} FROM agl_rollouts r
        WHERE r.partition = $1 AND r.rollout_id = ANY($2::text[])`,
      [this.partition, ids],
    );
    return new Map(rows.map((row) => [row.rollout_id as string, decodeRollout(row).rollout]));
  }

  /** @inheritdoc */
  async startRollout(input: unknown, options: StartRolloutOptions = {}): Promise<AttemptedRollout> {
    await this.#scan();
    return this.#runner.transaction((ctx) => startRollout(ctx, input, options), true);
  }

  /** @inheritdoc */
  async enqueueRollout(input: unknown, options: CreateRolloutOptions = {}): Promise<Rollout> {
    const [rollout] = await this.enqueueManyRollouts([{ ...options, input }]);
    return rollout as Rollout;
  }

  /** @inheritdoc */
  async enqueueManyRollouts(items: readonly EnqueueRolloutItem[]): Promise<Rollout[]> {
    if (!Array.isArray(items)) throw new InvalidArgumentError('rollouts must be a list');
    await this.#scan();
    if (items.length === 0) return [];
    const list = items.map(({ input, ...options }) => ({ input, options }));
    const records = await this.#runner.transaction(
      (ctx) => insertRollouts(ctx, list, 'queuing'),
      true,
    );
    return records.map((record) => record.rollout);
  }

  /** @inheritdoc */
  async dequeueRollout(options: WorkerOptions = {}): Promise<AttemptedRollout | null> {
    return (await this.dequeueManyRollouts({ ...options, limit: 1 }))[0] ?? null;
  }

  /** @inheritdoc */
  async dequeueManyRollouts(options: DequeueManyOptions = {}): Promise<AttemptedRollout[]> {
    const limit = options.limit ?? 1;
    if (!Number.isInteger(limit)) throw new InvalidArgumentError('limit must be an integer');
    await this.#scan();
    const workerId = options.workerId ?? null;
    // Concurrent dequeues of different workers share a transaction (group commit).
    return this.#dequeues.run(
      (ctx) => dequeueMany(ctx, limit, workerId),
      workerId,
      takeIdempotencyScope(),
    );
  }

  /** @inheritdoc */
  async startAttempt(rolloutId: string, options: WorkerOptions = {}): Promise<AttemptedRollout> {
    await this.#scan();
    const workerId = options.workerId ?? null;
    return this.#runner.transaction((ctx) => startAttempt(ctx, rolloutId, workerId), true);
  }

  /** @inheritdoc */
  async queryRollouts(
    options: QueryRolloutsOptions = {},
  ): Promise<PaginatedResult<Rollout | AttemptedRollout>> {
    await this.#scan();
    return this.#runner.run((sql) => queryRollouts(sql, this.partition, options));
  }

  /** @inheritdoc */
  async getRolloutById(rolloutId: string): Promise<Rollout | AttemptedRollout | null> {
    await this.#scan();
    return this.#runner.run((sql) => getRolloutById(sql, this.partition, rolloutId));
  }

  /** @inheritdoc */
  async updateRollout(rolloutId: string, update: RolloutUpdate): Promise<Rollout> {
    await this.#scan();
    return this.#runner.transaction((ctx) => updateRollout(ctx, rolloutId, update));
  }

  /** @inheritdoc */
  async updateAttempt(
    rolloutId: string,
    attemptId: string,
    update: AttemptUpdate,
  ): Promise<Attempt> {
    await this.#scan();
    // Concurrent updates of attempts of different rollouts share a transaction (group commit).
    return this.#updates.run(
      (ctx) => attempts.updateAttempt(ctx, rolloutId, attemptId, update),
      rolloutId,
      undefined,
    );
  }

  /** @inheritdoc */
  async queryAttempts(
    rolloutId: string,
    options: QueryAttemptsOptions = {},
  ): Promise<PaginatedResult<Attempt>> {
    await this.#scan();
    return this.#runner.run((sql) =>
      attempts.queryAttempts(sql, this.partition, rolloutId, options),
    );
  }

  /** @inheritdoc */
  async getLatestAttempt(rolloutId: string): Promise<Attempt | null> {
    await this.#scan();
    return this.#runner.run((sql) => attempts.getLatestAttempt(sql, this.partition, rolloutId));
  }

  /** @inheritdoc */
  addResources(resources_: NamedResources): Promise<ResourcesUpdate> {
    return this.#runner.run(
      (sql, now) => resources.addResources(sql, this.partition, resources_, now),
      true,
    );
  }

  /** @inheritdoc */
  async updateResources(resourcesId: string, value: NamedResources): Promise<ResourcesUpdate> {
    await this.#scan();
    return this.#runner.run((sql, now) =>
      resources.updateResources(sql, this.partition, resourcesId, value, now),
    );
  }

  /** @inheritdoc */
  getResourcesById(resourcesId: string): Promise<ResourcesUpdate | null> {
    return this.#runner.run((sql) => resources.getResources(sql, this.partition, resourcesId));
  }

  /** @inheritdoc */
  getLatestResources(): Promise<ResourcesUpdate | null> {
    return this.#runner.run((sql) => resources.getResources(sql, this.partition, null));
  }

  /** @inheritdoc */
  queryResources(options: QueryResourcesOptions = {}): Promise<PaginatedResult<ResourcesUpdate>> {
    return this.#runner.run((sql) => resources.queryResources(sql, this.partition, options));
  }

  /** @inheritdoc */
  async addSpan(span: Span): Promise<Span | null> {
    return (await this.addManySpans([span]))[0] ?? null;
  }

  /** @inheritdoc */
  async addManySpans(spans: readonly Span[]): Promise<Span[]> {
    if (!Array.isArray(spans)) throw new InvalidArgumentError('spans must be a list');
    if (spans.length === 0) return [];
    const { stored, failure } = await this.#spans.add(spans, takeIdempotencyScope());
    if (failure) throw failure;
    return stored;
  }

  /** @inheritdoc */
  async addOtelSpan(
    rolloutId: string,
    attemptId: string,
    otelSpan: OtelSpanLike,
    options: AddOtelSpanOptions = {},
  ): Promise<Span | null> {
    const given = options.sequenceId;
    const sequenceId =
      given === null || given === undefined
        ? await this.getNextSpanSequenceId(rolloutId, attemptId)
        : given;
    return this.addSpan(otelSpanToSpan(otelSpan, { rolloutId, attemptId, sequenceId }));
  }

  /** @inheritdoc */
  async getNextSpanSequenceId(rolloutId: string, _attemptId: string): Promise<number> {
    const [id] = await this.getManySpanSequenceIds([[rolloutId, _attemptId]]);
    return id as number;
  }

  /** @inheritdoc */
  getManySpanSequenceIds(pairs: readonly (readonly [string, string])[]): Promise<number[]> {
    const ids = pairs.map(([rolloutId]) => rolloutId);
    return this.#runner.run((sql) => issueSequenceIds(sql, this.partition, ids));
  }

  /** @inheritdoc */
  async querySpans(
    rolloutId: string,
    options: QuerySpansOptions = {},
  ): Promise<PaginatedResult<Span>> {
    await this.#scan();
    return this.#runner.run((sql) => querySpans(sql, this.partition, rolloutId, options));
  }

  /** @inheritdoc */
  async waitForRollouts(
    rolloutIds: readonly string[],
    options: WaitOptions = {},
  ): Promise<Rollout[]> {
    if (!Array.isArray(rolloutIds) || rolloutIds.some((id) => typeof id !== 'string')) {
      throw new InvalidArgumentError('rollout_ids must be a list of strings');
    }
    await this.#scan();
    const wait = { timeoutSeconds: waitTimeoutSeconds(options), signal: options.signal };
    return this.#runner.run(() => this.#waits.wait(rolloutIds, wait));
  }

  /** @inheritdoc */
  async queryWorkers(options: QueryWorkersOptions = {}): Promise<PaginatedResult<Worker>> {
    await this.#scan();
    return this.#runner.run((sql) => workers.queryWorkers(sql, this.partition, options));
  }

  /** @inheritdoc */
  getWorkerById(workerId: string): Promise<Worker | null> {
    return this.#runner.run((sql) => workers.getWorkerById(sql, this.partition, workerId));
  }

  /** @inheritdoc */
  updateWorker(workerId: string, update: WorkerUpdate = {}): Promise<Worker> {
    return this.#runner.run((sql, now) =>
      workers.updateWorker(sql, this.partition, workerId, update, now),
    );
  }

  /** @inheritdoc */
  statistics(): Promise<StoreStatistics> {
    return this.#runner.run((sql, now) =>
      readStatistics(sql, this.partition, this.name, now - this.#openedAt),
    );
  }

  /** @inheritdoc */
  otlpTracesEndpoint(): string {
    throw new NotImplementedStoreError('PostgresLightningStore has no OTLP traces endpoint');
  }

  /**
   * Stops the watchdog timer, releases pending waiters (they resolve with what
   * finished), unsubscribes, and closes the client when the store owns it.
   * Later calls fail with `UnavailableError`.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#runner.close();
      this.#watchdog.stop();
      this.#waits.close();
      await this.#unlisten?.().catch(() => undefined);
      if (this.#ownsClient) await this.client.close();
    })();
    return this.#closing;
  }
}
