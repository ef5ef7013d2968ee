import type { MetricsRegistry } from '@agl/metrics';
import {
  type Clock,
  createConsoleLogger,
  InvalidArgumentError,
  type Logger,
} from '@agl/store-core';
import type { DashboardMount } from './dashboard';
import type { IdempotencyOptions } from './http/idempotency';

/** Options of `createStoreApp` (and of `LightningStoreServer`). */
export interface StoreAppOptions {
  /** Where request lines (debug), start-up (info) and failures (error) go; default: stderr at `info`. */
  logger?: Logger;
  /** Adds a `traceback` to store and internal error bodies (default false). */
  debug?: boolean;
  /** Allowed CORS origins; `*` allows every origin; empty or absent = CORS off. */
  corsOrigins?: readonly string[];
  /** Largest request body in bytes (default 32 MiB); larger bodies answer 413. */
  maxBodyBytes?: number;
  /** Deepest JSON nesting accepted in a request body (default 1000); deeper answers 422. */
  maxJsonDepth?: number;
  /**
   * Largest `limit` a query may ask for (default 10000); a larger one is
   * clamped and the answer carries the header `X-AGL-Limit-Clamped`.
   */
  maxQueryLimit?: number;
  /** Also clamp `limit: -1` (unlimited) to `maxQueryLimit` (default false: Python clients rely on -1). */
  clampUnlimitedQueries?: boolean;
  /** Idempotency-key memory settings, or `false` to ignore `Idempotency-Key` headers. */
  idempotency?: IdempotencyOptions | false;
  /** Time source of the idempotency TTL (default: the system clock). */
  clock?: Clock;
  /** When aborted, pending long waits answer at once with what has finished. */
  shutdownSignal?: AbortSignal;
  /**
   * Serve `GET /v1/agl/events` (live change hints) and advertise `events` in
   * the health answer (default false). Writes made through this app are
   * seen, and so are the watchdog's transitions of a store that reports them
   * (`addObserver`); writes of other processes are not, so leave it off when
   * other processes write to the same store.
   */
  events?: boolean;
  /** A dashboard to serve next to the API (e.g. `createDashboardHandler()` of `@agl/dashboard`). */
  dashboard?: DashboardMount;
  /**
   * Access key required on every route but `GET /v1/agl/health`, as
   * `Authorization: Bearer <key>` or `x-api-key: <key>` (default: none, every
   * request is served, as by the reference server).
   */
  apiKey?: string;
  /**
   * Records HTTP and store metrics in this registry (default: none). They are
   * served in Prometheus text at `/v1/prometheus/`, `/v1/agl/prometheus/` and
   * `/metrics` unless `exposeMetrics` is false.
   */
  metrics?: MetricsRegistry;
  /** Serve the metrics routes (default true when `metrics` is given). */
  exposeMetrics?: boolean;
}

/** `StoreAppOptions` with every default filled in. */
export interface ResolvedAppOptions {
  /** See `StoreAppOptions.logger`. */
  readonly logger: Logger;
  /** See `StoreAppOptions.debug`. */
  readonly debug: boolean;
  /** See `StoreAppOptions.corsOrigins`. */
  readonly corsOrigins: readonly string[];
  /** See `StoreAppOptions.maxBodyBytes`. */
  readonly maxBodyBytes: number;
  /** See `StoreAppOptions.maxJsonDepth`. */
  readonly maxJsonDepth: number;
  /** See `StoreAppOptions.maxQueryLimit`. */
  readonly maxQueryLimit: number;
  /** See `StoreAppOptions.clampUnlimitedQueries`. */
  readonly clampUnlimitedQueries: boolean;
  /** See `StoreAppOptions.idempotency`. */
  readonly idempotency: IdempotencyOptions | false;
  /** See `StoreAppOptions.clock`. */
  readonly clock: Clock | undefined;
  /** See `StoreAppOptions.shutdownSignal`. */
  readonly shutdownSignal: AbortSignal | undefined;
  /** See `StoreAppOptions.events`. */
  readonly events: boolean;
  /** See `StoreAppOptions.dashboard`. */
  readonly dashboard: DashboardMount | undefined;
  /** See `StoreAppOptions.apiKey`. */
  readonly apiKey: string | undefined;
  /** See `StoreAppOptions.metrics`. */
  readonly metrics: MetricsRegistry | undefined;
  /** See `StoreAppOptions.exposeMetrics`. */
  readonly exposeMetrics: boolean;
}

/** Default largest request body: 32 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Default largest query `limit`. */
export const DEFAULT_MAX_QUERY_LIMIT = 10_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function checkApiKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidArgumentError('apiKey must be a non-empty string');
  return value;
}

/**
 * Fills the defaults of the app options and checks their values.
 *
 * @param options - the caller's options
 * @throws InvalidArgumentError for a non-positive size or limit
 */
export function resolveAppOptions(options: StoreAppOptions = {}): ResolvedAppOptions {
  return {
    logger: options.logger ?? createConsoleLogger({ name: 'agl.store' }),
    debug: options.debug ?? false,
    corsOrigins: options.corsOrigins ?? [],
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    maxJsonDepth: positive('maxJsonDepth', options.maxJsonDepth, 1000),
    maxQueryLimit: positive('maxQueryLimit', options.maxQueryLimit, DEFAULT_MAX_QUERY_LIMIT),
    clampUnlimitedQueries: options.clampUnlimitedQueries ?? false,
    idempotency: options.idempotency ?? {},
    clock: options.clock,
    shutdownSignal: options.shutdownSignal,
    events: options.events ?? false,
    dashboard: options.dashboard,
    apiKey: checkApiKey(options.apiKey),
    metrics: options.metrics,
    exposeMetrics: options.exposeMetrics ?? true,
  };
}
