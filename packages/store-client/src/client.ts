import type {
  AddOtelSpanOptions,
  AttemptUpdate,
  CreateRolloutOptions,
  DequeueManyOptions,
  EnqueueRolloutItem,
  LightningStore,
  Logger,
  OtelSpanLike,
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
} from '@agl/store-core';
import {
  type Attempt,
  type AttemptedRollout,
  AttemptSchema,
  type NamedResources,
  OTLP_TRACES_PATH,
  type PaginatedResult,
  type ResourcesUpdate,
  ResourcesUpdateSchema,
  type Rollout,
  type Span,
  STORE_ROUTES,
  type StoreCapabilities,
  type StoreStatistics,
  type Worker,
} from '@agl/types';
import { ServerFeatureCache } from './batch';
import { ProtocolError } from './errors';
import { emptyAsNull, nullOnFailure } from './lenient';
import { resolveClientConfig, type StoreClientConfig, type StoreClientOptions } from './options';
import { OutageReporter } from './outage';
import { dequeueMany } from './queue';
import { Requester } from './requester';
import { requireRolloutFilters } from './rollout-filters';
import { NullableRolloutAnswerSchema, RolloutPageAnswerSchema } from './rollout-shape';
import * as spans from './spans';
import { waitForRollouts } from './waits';
import { dequeueBody, enqueueBody, startAttemptBody, startRolloutBody } from './wire/create';
import { fullResources } from './wire/normalise';
import * as queries from './wire/queries';
import { updateAttemptBody, updateRolloutBody, updateWorkerBody } from './wire/updates';

/**
 * A `LightningStore` that lives in a store server and is reached over HTTP
 * (`@agl/store-server`, or the Python reference's `agl store`). Every method
 * sends the request the reference client sends, with its retry and health
 * probe policy; failures throw the `StoreError` family of `@agl/store-core`.
 *
 * @example
 * ```ts
 * const store = new LightningStoreClient('http://localhost:4747');
 * const rollout = await store.enqueueRollout({ question: '2+2?' });
 * await store.close();
 * ```
 */
export class LightningStoreClient implements LightningStore {
  /** Implementation name. */
  readonly name = 'LightningStoreClient';
  /** All four capabilities: the server does the locking, and it accepts OTLP traces. */
  readonly capabilities: StoreCapabilities = Object.freeze({
    thread_safe: true,
    async_safe: true,
    zero_copy: true,
    otlp_traces: true,
  });
  /** The resolved settings; `new LightningStoreClient(config.serverAddress, config)` rebuilds an equivalent client. */
  readonly config: StoreClientConfig;
  readonly #requestTimeoutMs: number;
  readonly #logger: Logger;
  readonly #requester: Requester;
  readonly #features = new ServerFeatureCache();

  /**
   * @param serverAddress - the server root, e.g. `http://localhost:4747` (a trailing `/v1/agl` is stripped with a warning)
   * @param options - retry delays, health probe delays, timeouts and logger
   * @throws InvalidArgumentError for an invalid address, delay list or timeout
   */
  constructor(serverAddress: string, options: StoreClientOptions = {}) {
    const { config, settings, logger } = resolveClientConfig(serverAddress, options);
    this.config = config;
    this.#requestTimeoutMs = settings.requestTimeoutMs;
    const outage = new OutageReporter(config.serverAddress, logger);
    this.#logger = outage.quiet(logger);
    this.#requester = new Requester(settings, this.#logger, outage);
  }

  /** `POST /v1/agl/rollouts` with all six keys (`null`s included). */
  async startRollout(input: unknown, options: StartRolloutOptions = {}): Promise<AttemptedRollout> {
    const body = startRolloutBody(input, options);
    return this.#requester.route('startRollout', { body, idempotent: true });
  }

  /** `POST /v1/agl/queues/rollouts/enqueue` with one item. */
  async enqueueRollout(input: unknown, options: CreateRolloutOptions = {}): Promise<Rollout> {
    const [rollout] = await this.enqueueManyRollouts([{ ...options, input }]);
    if (!rollout) {
      const path = STORE_ROUTES.enqueueRollouts.path;
      throw new ProtocolError(
        `${path} answered an empty list for one rollout`,
        201,
        'application/json',
      );
    }
    return rollout;
  }

  /** `POST /v1/agl/queues/rollouts/enqueue` with every item; `[]` sends nothing. */
  async enqueueManyRollouts(items: readonly EnqueueRolloutItem[]): Promise<Rollout[]> {
    if (items.length === 0) return [];
    const body = enqueueBody(items);
    return this.#requester.route('enqueueRollouts', { body, idempotent: true });
  }

  /** `POST /v1/agl/queues/rollouts/dequeue` `{"limit": 1}`; `null` when the server stays unreachable (logged). */
  async dequeueRollout(options: WorkerOptions = {}): Promise<AttemptedRollout | null> {
    const [rollout] = await dequeueMany(
      this.#requester,
      this.#logger,
      dequeueBody(1, options.workerId),
    );
    return rollout ?? null;
  }

  /** `POST /v1/agl/queues/rollouts/dequeue`; `limit <= 0` sends nothing; `[]` when the server stays unreachable. */
  async dequeueManyRollouts(options: DequeueManyOptions = {}): Promise<AttemptedRollout[]> {
    const limit = options.limit ?? 1;
    if (limit <= 0) return [];
    return dequeueMany(this.#requester, this.#logger, dequeueBody(limit, options.workerId));
  }

  /** `POST /v1/agl/rollouts/{id}/attempts`, with no body unless a worker is given. */
  startAttempt(rolloutId: string, options: WorkerOptions = {}): Promise<AttemptedRollout> {
    const body = startAttemptBody(options.workerId);
    const params = { rollout_id: rolloutId };
    return this.#requester.route('startAttempt', { params, body, idempotent: true });
  }

  /**
   * `POST /v1/agl/rollouts/search`. `modeIn` and `resourcesIdIn` need a server
   * advertising `rollout_filters`; otherwise this throws `NotImplementedStoreError`.
   */
  async queryRollouts(
    options: QueryRolloutsOptions = {},
  ): Promise<PaginatedResult<Rollout | AttemptedRollout>> {
    await requireRolloutFilters(this.#requester, this.#features, options);
    const endpoint = { ...STORE_ROUTES.searchRollouts, response: RolloutPageAnswerSchema };
    return this.#requester.call(endpoint, { body: queries.rolloutQueryBody(options) });
  }

  /** `GET /v1/agl/rollouts/{id}`; any failure reads as `null` (logged). */
  getRolloutById(rolloutId: string): Promise<Rollout | AttemptedRollout | null> {
    const endpoint = { ...STORE_ROUTES.getRollout, response: NullableRolloutAnswerSchema };
    return nullOnFailure(`getRolloutById(${rolloutId})`, this.#logger, () =>
      this.#requester.call(endpoint, { params: { rollout_id: rolloutId } }),
    );
  }

  /** `POST /v1/agl/rollouts/{id}` with only the supplied keys. */
  async updateRollout(rolloutId: string, update: RolloutUpdate): Promise<Rollout> {
    const params = { rollout_id: rolloutId };
    return this.#requester.route('updateRollout', { params, body: updateRolloutBody(update) });
  }

  /** `POST /v1/agl/rollouts/{id}/attempts/{attempt_id}` with only the supplied keys. */
  async updateAttempt(
    rolloutId: string,
    attemptId: string,
    update: AttemptUpdate,
  ): Promise<Attempt> {
    const params = { rollout_id: rolloutId, attempt_id: attemptId };
    return this.#requester.route('updateAttempt', { params, body: updateAttemptBody(update) });
  }

  /** `POST /v1/agl/rollouts/{id}/attempts/search`. */
  queryAttempts(
    rolloutId: string,
    options: QueryAttemptsOptions = {},
  ): Promise<PaginatedResult<Attempt>> {
    const params = { rollout_id: rolloutId };
    return this.#requester.route('searchAttempts', {
      params,
      body: queries.attemptQueryBody(options),
    });
  }

  /** `GET /v1/agl/rollouts/{id}/attempts/latest`; `{}` or any failure reads as `null`. */
  getLatestAttempt(rolloutId: string): Promise<Attempt | null> {
    const endpoint = { ...STORE_ROUTES.getLatestAttempt, response: emptyAsNull(AttemptSchema) };
    return nullOnFailure(`getLatestAttempt(${rolloutId})`, this.#logger, () =>
      this.#requester.call(endpoint, { params: { rollout_id: rolloutId } }),
    );
  }

  /** `POST /v1/agl/resources` with every resource fully serialised. */
  async addResources(resources: NamedResources): Promise<ResourcesUpdate> {
    return this.#requester.route('addResources', {
      body: fullResources(resources),
      idempotent: true,
    });
  }

  /** `POST /v1/agl/resources/{id}` with every resource fully serialised. */
  async updateResources(resourcesId: string, resources: NamedResources): Promise<ResourcesUpdate> {
    const params = { resources_id: resourcesId };
    const body = fullResources(resources);
    return this.#requester.route('updateResources', { params, body, idempotent: true });
  }

  /** `GET /v1/agl/resources/{id}`; `{}` or any failure reads as `null`. */
  getResourcesById(resourcesId: string): Promise<ResourcesUpdate | null> {
    const endpoint = { ...STORE_ROUTES.getResources, response: emptyAsNull(ResourcesUpdateSchema) };
    return nullOnFailure(`getResourcesById(${resourcesId})`, this.#logger, () =>
      this.#requester.call(endpoint, { params: { resources_id: resourcesId } }),
    );
  }

  /** `GET /v1/agl/resources/latest`; `{}` or any failure reads as `null`. */
  getLatestResources(): Promise<ResourcesUpdate | null> {
    const endpoint = {
      ...STORE_ROUTES.getLatestResources,
      response: emptyAsNull(ResourcesUpdateSchema),
    };
    return nullOnFailure('getLatestResources()', this.#logger, () =>
      this.#requester.call(endpoint),
    );
  }

  /** `GET /v1/agl/resources` with query parameters (the reference client uses GET here). */
  queryResources(options: QueryResourcesOptions = {}): Promise<PaginatedResult<ResourcesUpdate>> {
    return this.#requester.route('queryResources', { query: queries.resourceQueryParams(options) });
  }

  /** `POST /v1/agl/spans`; `null` for a duplicate. */
  addSpan(span: Span): Promise<Span | null> {
    return spans.addSpan(this.#requester, span);
  }

  /** `POST /v1/agl/spans/batch` when the server offers it, otherwise one `POST /v1/agl/spans` per span. */
  addManySpans(items: readonly Span[]): Promise<Span[]> {
    return spans.addManySpans(this.#requester, this.#features, items);
  }

  /** Converts the span client-side, then `POST /v1/agl/spans/next` (when no sequence id is given) and `POST /v1/agl/spans`. */
  addOtelSpan(
    rolloutId: string,
    attemptId: string,
    otelSpan: OtelSpanLike,
    options: AddOtelSpanOptions = {},
  ): Promise<Span | null> {
    return spans.addOtelSpan(
      this.#requester,
      rolloutId,
      attemptId,
      otelSpan,
      options.sequenceId ?? null,
    );
  }

  /** `POST /v1/agl/spans/next`. */
  getNextSpanSequenceId(rolloutId: string, attemptId: string): Promise<number> {
    return spans.nextSequenceId(this.#requester, rolloutId, attemptId);
  }

  /** `POST /v1/agl/spans/next/batch` when the server offers it, otherwise one `POST /v1/agl/spans/next` per pair. */
  getManySpanSequenceIds(pairs: readonly (readonly [string, string])[]): Promise<number[]> {
    return spans.manySequenceIds(this.#requester, this.#features, pairs);
  }

  /** `POST /v1/agl/spans/search`. */
  querySpans(rolloutId: string, options: QuerySpansOptions = {}): Promise<PaginatedResult<Span>> {
    return this.#requester.route('searchSpans', {
      body: queries.spanQueryBody(rolloutId, options),
    });
  }

  /** `POST /v1/agl/waits/rollouts`, repeated in slices shorter than the request timeout until done. */
  waitForRollouts(rolloutIds: readonly string[], options: WaitOptions = {}): Promise<Rollout[]> {
    return waitForRollouts(this.#requester, rolloutIds, options, this.#requestTimeoutMs);
  }

  /** `POST /v1/agl/workers/search`, with `limit` and `offset` (unlike the reference client). */
  queryWorkers(options: QueryWorkersOptions = {}): Promise<PaginatedResult<Worker>> {
    return this.#requester.route('searchWorkers', { body: queries.workerQueryBody(options) });
  }

  /** `GET /v1/agl/workers/{id}`; failures are thrown (not read as `null`). */
  getWorkerById(workerId: string): Promise<Worker | null> {
    return this.#requester.route('getWorker', { params: { worker_id: workerId } });
  }

  /** `POST /v1/agl/workers/{id}`, with no body unless stats are given. */
  updateWorker(workerId: string, update: WorkerUpdate = {}): Promise<Worker> {
    const params = { worker_id: workerId };
    return this.#requester.route('updateWorker', { params, body: updateWorkerBody(update) });
  }

  /** `GET /v1/agl/statistics`. */
  statistics(): Promise<StoreStatistics> {
    return this.#requester.route('statistics');
  }

  /** The server's OTLP/HTTP traces endpoint: `<server root>/v1/traces`. */
  otlpTracesEndpoint(): string {
    return `${this.config.serverAddress}${OTLP_TRACES_PATH}`;
  }

  /**
   * Aborts calls in flight and closes every pooled connection, so a process
   * can exit. The client stays usable: a later call opens new connections.
   */
  async close(): Promise<void> {
    this.#features.reset();
    await this.#requester.close();
  }
}
