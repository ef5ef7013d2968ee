import type {
  Attempt,
  AttemptedRollout,
  AttemptStatus,
  FilterLogic,
  JsonObject,
  NamedResources,
  PaginatedResult,
  ResourcesUpdate,
  Rollout,
  RolloutConfigInput,
  RolloutMode,
  RolloutModeFilter,
  RolloutStatus,
  SortOrder,
  Span,
  StoreCapabilities,
  StoreStatistics,
  Worker,
  WorkerStatus,
} from '@agl/types';
import type { OtelSpanLike } from './otel-span';

/** Options of `startRollout` and `enqueueRollout`. */
export interface CreateRolloutOptions {
  /** `train`, `val` or `test`; `null` by default. */
  mode?: RolloutMode | null;
  /** The resources snapshot to run with; `null` or absent = the latest snapshot at creation. */
  resourcesId?: string | null;
  /** Retry and watchdog policy (missing keys take their defaults); `null` = all defaults. */
  config?: RolloutConfigInput | null;
  /** Metadata stored with the rollout; `null` or absent = `{}`. */
  metadata?: JsonObject | null;
}

/** Options of `startRollout`. */
export interface StartRolloutOptions extends CreateRolloutOptions {
  /** The worker running attempt #1; the worker becomes `busy` when given. */
  workerId?: string | null;
}

/** One rollout to enqueue with `enqueueManyRollouts`. */
export interface EnqueueRolloutItem extends CreateRolloutOptions {
  /** The task payload (any JSON value, `null` included). */
  input: unknown;
}

/** Options of `dequeueRollout` and `startAttempt`. */
export interface WorkerOptions {
  /** The worker claiming the rollout; it becomes `busy` (or `idle` when nothing was claimed). */
  workerId?: string | null;
}

/** Options of `dequeueManyRollouts`. */
export interface DequeueManyOptions extends WorkerOptions {
  /** How many rollouts to claim at most (default 1). */
  limit?: number;
}

/** Pagination and sorting shared by every query. */
export interface PageOptions {
  /** Page size; `-1` (the default) = unlimited. `0` gives an empty page. */
  limit?: number;
  /** Number of matches to skip (default 0). */
  offset?: number;
  /** A field of the entity to sort by (wire name, e.g. `start_time`); `null` = natural order. */
  sortBy?: string | null;
  /** `asc` (default) or `desc`. */
  sortOrder?: SortOrder;
}

/** Options of `queryRollouts`. */
export interface QueryRolloutsOptions extends PageOptions {
  /** Keep rollouts whose status is listed (an empty list matches nothing). */
  statusIn?: readonly RolloutStatus[] | null;
  /** Keep rollouts whose id is listed. */
  rolloutIdIn?: readonly string[] | null;
  /** Keep rollouts whose id contains this substring. */
  rolloutIdContains?: string | null;
  /** Keep rollouts whose mode is listed; `none` keeps rollouts without a mode. */
  modeIn?: readonly RolloutModeFilter[] | null;
  /** Keep rollouts whose resources id is listed. */
  resourcesIdIn?: readonly string[] | null;
  /** How the conditions combine: `and` (default) or `or`. */
  filterLogic?: FilterLogic;
}

/** Options of `queryAttempts`; `sortBy` defaults to `sequence_id`. */
export type QueryAttemptsOptions = PageOptions;

/** Options of `queryWorkers`. */
export interface QueryWorkersOptions extends PageOptions {
  /** Keep workers whose status is listed. */
  statusIn?: readonly WorkerStatus[] | null;
  /** Keep workers whose id contains this substring. */
  workerIdContains?: string | null;
  /** How the conditions combine: `and` (default) or `or`. */
  filterLogic?: FilterLogic;
}

/** Options of `queryResources`; the two conditions are always AND-ed. */
export interface QueryResourcesOptions extends PageOptions {
  /** Keep the snapshot with exactly this id. */
  resourcesId?: string | null;
  /** Keep snapshots whose id contains this substring. */
  resourcesIdContains?: string | null;
}

/** Options of `querySpans`; `sortBy` defaults to `sequence_id`. */
export interface QuerySpansOptions extends PageOptions {
  /** One attempt, `latest` (resolved at query time), or `null`/absent for all attempts. */
  attemptId?: string | null;
  /** Exact trace id. */
  traceId?: string | null;
  /** Trace id substring. */
  traceIdContains?: string | null;
  /** Exact span id. */
  spanId?: string | null;
  /** Span id substring. */
  spanIdContains?: string | null;
  /** Exact parent span id. */
  parentId?: string | null;
  /** Parent span id substring (never matches root spans). */
  parentIdContains?: string | null;
  /** Exact span name. */
  name?: string | null;
  /** Span name substring. */
  nameContains?: string | null;
  /**
   * How the eight optional conditions combine. With `or` and none of them
   * given, nothing matches (a reference quirk kept for parity).
   */
  filterLogic?: FilterLogic;
}

/**
 * Fields of a rollout to change. An absent key leaves the field as it is; an
 * explicit `null` clears it (`status` and `config` cannot be `null`).
 */
export interface RolloutUpdate {
  /** New task payload. */
  input?: unknown;
  /** New mode or `null`. */
  mode?: RolloutMode | null;
  /** New resources id or `null`. */
  resourcesId?: string | null;
  /** New status; any transition is allowed, with the side effects of the status model. */
  status?: RolloutStatus;
  /** New config, replacing the old one wholesale (missing keys take defaults). */
  config?: RolloutConfigInput;
  /** New metadata (replaced, not merged) or `null`. */
  metadata?: JsonObject | null;
}

/** Fields of an attempt to change. An absent key leaves the field as it is. */
export interface AttemptUpdate {
  /** New status; `succeeded` and `failed` stamp `end_time`. */
  status?: AttemptStatus;
  /** New worker id (`""` allowed). */
  workerId?: string;
  /** New heartbeat time in epoch seconds. */
  lastHeartbeatTime?: number;
  /** New metadata (replaced) or `null`. */
  metadata?: JsonObject | null;
}

/** Options of `updateWorker` (a heartbeat). */
export interface WorkerUpdate {
  /** Replaces the worker's stats when given (must be an object). */
  heartbeatStats?: JsonObject;
}

/** Options of `waitForRollouts`. */
export interface WaitOptions {
  /** Seconds to wait at most; `null`/absent = no deadline; `<= 0` = do not wait. */
  timeoutSeconds?: number | null;
  /** @deprecated Use `timeoutSeconds`; kept for one release (both with different values throw). */
  timeout?: number | null;
  /** Aborts the wait early; the call then resolves with the rollouts finished so far. */
  signal?: AbortSignal;
}

/** Options of `addOtelSpan`. */
export interface AddOtelSpanOptions {
  /** Sequence id to store the span with; absent = the rollout's next id. */
  sequenceId?: number | null;
}

/**
 * The LightningStore: the only object the algorithm and the runners share.
 * It queues rollouts, tracks their attempts and workers, versions resources
 * and keeps trace spans. Every method is atomic with respect to every other
 * method on the same store.
 *
 * Method names follow the Python reference in camelCase; optional arguments
 * come as one options object; the data returned (rollouts, attempts, spans,
 * ...) keeps the snake_case wire keys so JSON passes through unchanged.
 * Failures throw the `StoreError` family (`NotFoundError`, ...).
 */
export interface LightningStore {
  /** Implementation name, reported by `statistics().name`. */
  readonly name: string;
  /** What the store supports. */
  readonly capabilities: StoreCapabilities;

  /**
   * Creates a rollout with attempt #1 already started (`preparing`), outside the queue.
   *
   * @param input - the task payload
   * @param options - mode, resources, config, metadata and the running worker
   */
  startRollout(input: unknown, options?: StartRolloutOptions): Promise<AttemptedRollout>;

  /**
   * Creates a `queuing` rollout and appends it to the queue.
   *
   * @param input - the task payload
   * @param options - mode, resources, config and metadata
   */
  enqueueRollout(input: unknown, options?: CreateRolloutOptions): Promise<Rollout>;

  /**
   * Enqueues several rollouts; result order = input order = queue order. The
   * latest resources snapshot is resolved once for the whole batch.
   *
   * @param items - the rollouts to enqueue
   */
  enqueueManyRollouts(items: readonly EnqueueRolloutItem[]): Promise<Rollout[]>;

  /**
   * Claims the oldest queued rollout, creating its next attempt. Never blocks.
   *
   * @param options - the claiming worker
   * @returns the rollout with its new attempt, or `null` when nothing is queued
   */
  dequeueRollout(options?: WorkerOptions): Promise<AttemptedRollout | null>;

  /**
   * Claims up to `limit` queued rollouts in FIFO order.
   *
   * @param options - limit and the claiming worker
   */
  dequeueManyRollouts(options?: DequeueManyOptions): Promise<AttemptedRollout[]>;

  /**
   * Starts a new attempt of an existing rollout (a manual retry, whatever its
   * status and `max_attempts`).
   *
   * @param rolloutId - the rollout
   * @param options - the running worker
   * @throws NotFoundError when the rollout does not exist
   */
  startAttempt(rolloutId: string, options?: WorkerOptions): Promise<AttemptedRollout>;

  /**
   * Lists rollouts; each carries its latest attempt when it has one.
   *
   * @param options - filters, sorting and pagination
   * @throws InvalidArgumentError for an unknown `sortBy`, `limit` 0 or below -1 over HTTP, or a negative `offset`
   */
  queryRollouts(
    options?: QueryRolloutsOptions,
  ): Promise<PaginatedResult<Rollout | AttemptedRollout>>;

  /**
   * Reads one rollout, with its latest attempt when it has one.
   *
   * @param rolloutId - the rollout
   * @returns the rollout, or `null` when it does not exist
   */
  getRolloutById(rolloutId: string): Promise<Rollout | AttemptedRollout | null>;

  /**
   * Changes fields of a rollout (no transition validation).
   *
   * @param rolloutId - the rollout
   * @param update - the fields to change
   * @returns the updated rollout, without its attempt
   * @throws NotFoundError when the rollout does not exist
   */
  updateRollout(rolloutId: string, update: RolloutUpdate): Promise<Rollout>;

  /**
   * Changes fields of an attempt and re-derives the rollout's status when it
   * is the latest attempt.
   *
   * @param rolloutId - the rollout
   * @param attemptId - the attempt, or `latest`
   * @param update - the fields to change
   * @throws NotFoundError for an unknown rollout, a rollout without attempts or an unknown attempt
   */
  updateAttempt(rolloutId: string, attemptId: string, update: AttemptUpdate): Promise<Attempt>;

  /**
   * Lists the attempts of a rollout (an unknown rollout gives an empty page).
   *
   * @param rolloutId - the rollout
   * @param options - sorting (default `sequence_id`) and pagination
   */
  queryAttempts(
    rolloutId: string,
    options?: QueryAttemptsOptions,
  ): Promise<PaginatedResult<Attempt>>;

  /**
   * Reads the attempt with the highest `sequence_id`.
   *
   * @param rolloutId - the rollout
   * @returns the attempt, or `null` when the rollout has none or does not exist
   */
  getLatestAttempt(rolloutId: string): Promise<Attempt | null>;

  /**
   * Stores a new resources snapshot (`rs-` id, version 1); it becomes the latest.
   *
   * @param resources - the named resources
   */
  addResources(resources: NamedResources): Promise<ResourcesUpdate>;

  /**
   * Replaces a snapshot's resources (version + 1), or creates it with version 1
   * when the id is new; either way it becomes the latest.
   *
   * @param resourcesId - the snapshot id (any string)
   * @param resources - the named resources
   */
  updateResources(resourcesId: string, resources: NamedResources): Promise<ResourcesUpdate>;

  /**
   * Reads one resources snapshot.
   *
   * @param resourcesId - the snapshot id
   * @returns the snapshot, or `null` when unknown
   */
  getResourcesById(resourcesId: string): Promise<ResourcesUpdate | null>;

  /** Reads the most recently added or updated snapshot, or `null` when there is none. */
  getLatestResources(): Promise<ResourcesUpdate | null>;

  /**
   * Lists resources snapshots.
   *
   * @param options - id filters (AND-ed), sorting and pagination
   */
  queryResources(options?: QueryResourcesOptions): Promise<PaginatedResult<ResourcesUpdate>>;

  /**
   * Stores a span and heartbeats its attempt.
   *
   * @param span - the complete span (extra keys are kept)
   * @returns the stored span, or `null` when a span with the same (rollout, attempt, span id) exists
   * @throws NotFoundError for an unknown rollout or attempt
   */
  addSpan(span: Span): Promise<Span | null>;

  /**
   * Stores many spans, grouped by (rollout, attempt) in order of first appearance.
   *
   * @param spans - the spans
   * @returns the newly stored spans, group by group
   * @throws NotFoundError at the first unknown rollout or attempt (earlier groups stay stored)
   */
  addManySpans(spans: readonly Span[]): Promise<Span[]>;

  /**
   * Converts a finished OpenTelemetry span and stores it like `addSpan`.
   *
   * @param rolloutId - the rollout
   * @param attemptId - the attempt
   * @param otelSpan - a finished span of the OpenTelemetry SDK (or anything shaped like one)
   * @param options - an explicit sequence id
   */
  addOtelSpan(
    rolloutId: string,
    attemptId: string,
    otelSpan: OtelSpanLike,
    options?: AddOtelSpanOptions,
  ): Promise<Span | null>;

  /**
   * Issues the next span sequence id of a rollout (one counter per rollout; no existence check).
   *
   * @param rolloutId - the rollout
   * @param attemptId - accepted for parity, not used
   */
  getNextSpanSequenceId(rolloutId: string, attemptId: string): Promise<number>;

  /**
   * Issues one sequence id per (rollout, attempt) pair, in pair order.
   *
   * @param pairs - `[rolloutId, attemptId]` pairs
   */
  getManySpanSequenceIds(pairs: readonly (readonly [string, string])[]): Promise<number[]>;

  /**
   * Lists the spans of a rollout.
   *
   * @param rolloutId - the rollout (an unknown one gives an empty page)
   * @param options - attempt, filters, sorting (default `sequence_id`) and pagination
   * @throws SpansEvictedError when the rollout's spans were evicted from memory
   */
  querySpans(rolloutId: string, options?: QuerySpansOptions): Promise<PaginatedResult<Span>>;

  /**
   * Waits until each rollout is terminal or the deadline passes.
   *
   * @param rolloutIds - the rollouts (unknown ids are ignored)
   * @param options - timeout in seconds and an abort signal
   * @returns the terminal rollouts in the order of `rolloutIds`, without attempts
   */
  waitForRollouts(rolloutIds: readonly string[], options?: WaitOptions): Promise<Rollout[]>;

  /**
   * Lists workers.
   *
   * @param options - filters, sorting and pagination
   */
  queryWorkers(options?: QueryWorkersOptions): Promise<PaginatedResult<Worker>>;

  /**
   * Reads one worker.
   *
   * @param workerId - the worker
   * @returns the worker, or `null` when unknown
   */
  getWorkerById(workerId: string): Promise<Worker | null>;

  /**
   * Records a worker heartbeat, creating the worker (`unknown`) when new.
   *
   * @param workerId - the worker
   * @param update - stats replacing the previous ones
   */
  updateWorker(workerId: string, update?: WorkerUpdate): Promise<Worker>;

  /** Reports the store's name and counters. */
  statistics(): Promise<StoreStatistics>;

  /**
   * The OTLP/HTTP traces endpoint runners may export spans to.
   *
   * @throws NotImplementedStoreError when the store has no such endpoint (`capabilities.otlp_traces` is false)
   */
  otlpTracesEndpoint(): string;

  /** Releases timers, connections and waiters. The store must not be used afterwards. */
  close(): Promise<void>;
}
