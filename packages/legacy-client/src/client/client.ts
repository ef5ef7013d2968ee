import { InvalidArgumentError, type Logger, optionWithAlias } from '@agl/store-core';
import { sleepSeconds } from '@agl/store-core/backend';
import type { JsonObject } from '@agl/types';
import { checkSeconds, isTruthyJson, TIMEOUT_ALIAS } from '../checks';
import { defaultLogger } from '../default-logger';
import { warnDeprecatedOnce } from '../deprecation';
import { parseWire } from '../wire/parse';
import {
  type LegacyResourcesUpdate,
  LegacyResourcesUpdateSchema,
  LegacyResourcesUpdateV02Schema,
} from '../wire/resources';
import { type RolloutLegacyInit, RolloutLegacySchema } from '../wire/rollout';
import { type Task, TaskIfAnySchema } from '../wire/task';
import { requestJson, resolveUrl, UNAVAILABLE } from './http';
import type { LegacyTaskClient, PollNextTaskOptions } from './task-client';

/** Options of {@link AgentLightningClient}. */
export interface AgentLightningClientOptions {
  /** Base URL of the legacy server, e.g. `http://127.0.0.1:8000` (any path is ignored). */
  endpoint: string;
  /** Seconds between two `GET /task` while no task is available (default 5). */
  pollIntervalSeconds?: number;
  /** Total seconds allowed for each HTTP request (default 10). */
  timeoutSeconds?: number;
  /** Default overall deadline of `pollNextTask`, in seconds; `null` (default) = poll forever. */
  pollTimeoutSeconds?: number | null;
  /** Accept v0.2.x snapshots without `create_time`/`update_time`/`version` (default `false`). */
  compatV02?: boolean;
  /** Where to log (default: warnings to `console.warn`). */
  logger?: Logger;
}

/**
 * HTTP client of the legacy task/rollout protocol (deprecated; see the
 * README's migration section). Every method is async; failures of the
 * network or the server read as "not available" (`null`), and only a 200
 * body of the wrong shape throws a `LegacyValidationError`.
 */
export class AgentLightningClient implements LegacyTaskClient {
  /** The server's base URL as given. */
  readonly endpoint: string;
  /** Seconds between polls while no task is available. */
  readonly pollIntervalSeconds: number;
  /** Total seconds allowed for each request. */
  readonly timeoutSeconds: number;
  /** Default overall deadline of `pollNextTask` (`null` = forever). */
  readonly pollTimeoutSeconds: number | null;
  /** Whether v0.2.x snapshots are accepted. */
  readonly compatV02: boolean;
  readonly #logger: Logger;
  readonly #cache = new Map<string, LegacyResourcesUpdate>();
  #taskCount = 0;

  /** @param options - the endpoint, or the endpoint with polling and timeout settings */
  constructor(options: AgentLightningClientOptions | string) {
    const opts = typeof options === 'string' ? { endpoint: options } : options;
    this.#logger = opts.logger ?? defaultLogger();
    warnDeprecatedOnce('AgentLightningClient', this.#logger);
    if (!URL.canParse(opts.endpoint) || !/^https?:$/.test(new URL(opts.endpoint).protocol)) {
      throw new InvalidArgumentError(`endpoint must be an http(s) URL, got '${opts.endpoint}'`);
    }
    this.endpoint = opts.endpoint;
    this.pollIntervalSeconds = checkSeconds('pollIntervalSeconds', opts.pollIntervalSeconds ?? 5);
    this.timeoutSeconds = checkSeconds('timeoutSeconds', opts.timeoutSeconds ?? 10, false);
    const pollTimeout = opts.pollTimeoutSeconds ?? null;
    this.pollTimeoutSeconds =
      pollTimeout === null ? null : checkSeconds('pollTimeoutSeconds', pollTimeout);
    this.compatV02 = opts.compatV02 ?? false;
  }

  /** How many tasks `pollNextTask` has returned. */
  get taskCount(): number {
    return this.#taskCount;
  }

  /**
   * Polls `GET /task` every `pollIntervalSeconds` until a task is available.
   * Unlike the reference it can be stopped: by `options.signal` (rejects with
   * the signal's reason) or by a deadline (resolves to `null`).
   *
   * @param options - abort signal and overall deadline in seconds
   * @throws InvalidArgumentError for a bad deadline, or `timeoutSeconds` and its alias `timeout` that disagree
   * @throws LegacyValidationError when the server answers a body that is not a `TaskIfAny`
   */
  async pollNextTask(options: PollNextTaskOptions = {}): Promise<Task | null> {
    const { signal } = options;
    const requested = optionWithAlias(options.timeoutSeconds, options.timeout, TIMEOUT_ALIAS);
    const given = requested === undefined ? this.pollTimeoutSeconds : requested;
    const name = options.timeoutSeconds === undefined ? 'timeout' : 'timeoutSeconds';
    const timeout = given === null ? null : checkSeconds(name, given);
    const deadline =
      timeout === null ? Number.POSITIVE_INFINITY : performance.now() + timeout * 1000;
    signal?.throwIfAborted();
    for (;;) {
      const remaining = (deadline - performance.now()) / 1000;
      const body = await this.#get(
        '/task',
        Math.max(0.001, Math.min(this.timeoutSeconds, remaining)),
        signal,
      );
      if (body !== UNAVAILABLE && isTruthyJson(body)) {
        const answer = parseWire(TaskIfAnySchema, body, 'TaskIfAny');
        if (answer.is_available && answer.task !== null) {
          this.#taskCount += 1;
          this.#logger.info(`[Task ${this.#taskCount} received] id=${answer.task.rollout_id}`);
          return answer.task;
        }
      }
      const left = (deadline - performance.now()) / 1000;
      if (left <= 0) return null;
      this.#logger.debug(`No task available yet; polling again in ${this.pollIntervalSeconds}s`);
      await sleepSeconds(Math.min(this.pollIntervalSeconds, left), signal);
    }
  }

  /**
   * Returns a snapshot by id: from the cache when it was fetched before (no
   * request), else from `GET /resources/{id}` (cached on success).
   *
   * @param resourcesId - the snapshot's id
   * @returns the snapshot, or `null` when unavailable (not cached)
   * @throws LegacyValidationError when the server answers a body that is not a `ResourcesUpdate`
   */
  async getResourcesById(resourcesId: string): Promise<LegacyResourcesUpdate | null> {
    const cached = this.#cache.get(resourcesId);
    if (cached !== undefined) return cached;
    const snapshot = await this.#fetchResources(`/resources/${encodeURIComponent(resourcesId)}`);
    if (snapshot !== null) this.#cache.set(resourcesId, snapshot);
    return snapshot;
  }

  /**
   * Fetches `GET /resources/latest` (always a request) and caches the answer
   * under its `resources_id`.
   *
   * @returns the snapshot, or `null` when none is available
   * @throws LegacyValidationError when the server answers a body that is not a `ResourcesUpdate`
   */
  async getLatestResources(): Promise<LegacyResourcesUpdate | null> {
    const snapshot = await this.#fetchResources('/resources/latest');
    if (snapshot !== null) this.#cache.set(snapshot.resources_id, snapshot);
    return snapshot;
  }

  /**
   * Posts a result to `POST /rollout` in the reference's full form (all
   * seven keys, `null`s included).
   *
   * @param rollout - the result; only `rollout_id` is required
   * @returns the server's parsed answer, or `null` when the request failed
   * @throws LegacyValidationError when `rollout` is not a valid `RolloutLegacy`
   */
  async postRollout(rollout: RolloutLegacyInit): Promise<JsonObject | null> {
    const payload = parseWire(RolloutLegacySchema, rollout, 'RolloutLegacy');
    const body = await requestJson(
      {
        method: 'POST',
        url: resolveUrl(this.endpoint, '/rollout'),
        body: payload,
        timeoutSeconds: this.timeoutSeconds,
      },
      this.#logger,
    );
    if (body === UNAVAILABLE || typeof body !== 'object' || body === null || Array.isArray(body))
      return null;
    return body as JsonObject;
  }

  async #fetchResources(path: string): Promise<LegacyResourcesUpdate | null> {
    const body = await this.#get(path, this.timeoutSeconds);
    if (body === UNAVAILABLE || !isTruthyJson(body)) return null;
    const schema = this.compatV02 ? LegacyResourcesUpdateV02Schema : LegacyResourcesUpdateSchema;
    return parseWire(schema, body, 'ResourcesUpdate');
  }

  #get(path: string, timeoutSeconds: number, signal?: AbortSignal) {
    const url = resolveUrl(this.endpoint, path);
    return requestJson({ method: 'GET', url, timeoutSeconds, signal }, this.#logger);
  }
}
