/**
 * Options of the gateway, their defaults and their validation.
 */
import { MetricsRegistry } from '@agl/metrics';
import {
  InvalidArgumentError,
  type LightningStore,
  type Logger,
  silentLogger,
} from '@agl/store-core';
import type { ModelConfig } from './models.js';
import type { RecordedCall } from './record.js';

/** When `return_token_ids: true` is added to upstream requests. */
export type ReturnTokenIdsMode = 'auto' | 'always' | 'never';
/** When log-probs are requested upstream. */
export type LogprobsMode = 'never' | 'train' | 'always';
/** Which spans a record holds. */
export type RecordLayout = 'both' | 'litellm' | 'client';
/** Whether the answer waits for its record to be stored. */
export type RecordMode = 'before-response' | 'async';

/** Request rewrite settings. */
export interface RewriteOptions {
  /** `auto` (default): for every upstream except the official OpenAI API. Booleans mean always/never. */
  returnTokenIds?: ReturnTokenIdsMode | boolean;
  /** `never` (default), `train` (calls of train rollouts) or `always`. */
  logprobs?: LogprobsMode;
  /** Temperature forced on calls of train / val rollouts. */
  temperature?: { train?: number; val?: number };
}

/** Options of `LlmProxy` and `createLlmProxyApp`; every one is optional. */
export interface LlmProxyOptions {
  /** Port to bind; `null`/absent: a free port at the first start, kept for restarts. */
  port?: number | null;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Host advertised in resources. Default: `host`, or this machine's IPv4 address when binding all interfaces. */
  accessHost?: string;
  /** LiteLLM-style model list. */
  modelList?: readonly ModelConfig[];
  /** The store calls are recorded into. */
  store?: LightningStore | null;
  /** Upstream retries after the first attempt. Default 5. */
  numRetries?: number;
  /** Key agents must present (`Authorization: Bearer`, `x-api-key` or `api-key`). Default none. */
  key?: string | null;
  /** Key of the management routes. Default `key`; with neither, management is loopback-only. */
  adminKey?: string | null;
  /** Request rewrite. */
  rewrite?: RewriteOptions;
  /** `passthrough` (default): streams are piped event by event; `convert`: chat streams are requested unstreamed and re-streamed from the complete answer. */
  streaming?: 'passthrough' | 'convert';
  /** Route every call to this model group, whatever its `model`. */
  forceModel?: string | null;
  /** `litellm` (default) adds `provider_specific_fields` to answers; `upstream` returns them unchanged. */
  responseShape?: 'litellm' | 'upstream';
  /** Record calls (default true); `false` serves without a store. */
  record?: boolean;
  /** Spans per record. Default `both`. */
  recordLayout?: RecordLayout;
  /** Name of the primary span. Default `litellm_request`. */
  primarySpanName?: string;
  /** Default `before-response`: answers complete only once their record is stored (or timed out). */
  recordMode?: RecordMode;
  /** Reject calls for unknown rollouts or attempts with 404 (default true). */
  validateAttribution?: boolean;
  /** Reject calls without a rollout and attempt with 400 (default false). */
  requireAttribution?: boolean;
  /** Join a W3C `traceparent` sent by the agent (default true). */
  honorTraceparent?: boolean;
  /** Upstream wait for response headers, in seconds. Default 300. */
  upstreamTimeoutSeconds?: number;
  /** Upstream wait between two stream reads, in seconds. Default 300. */
  streamIdleTimeoutSeconds?: number;
  /** Store wait for lookups and sequence ids, in seconds. Default 10. */
  storeTimeoutSeconds?: number;
  /** How long an answer waits for its record, in seconds. Default 10. */
  recordTimeoutSeconds?: number;
  /** How long transient write failures are retried, in seconds. Default 300. */
  recordRetrySeconds?: number;
  /** How long `stop()` waits for calls in flight and pending records, in seconds. Default 10. */
  drainTimeoutSeconds?: number;
  /** Largest accepted request body, in bytes. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Log request and answer bodies at debug level. Default false. */
  logBodies?: boolean;
  /** Called after each record write. */
  onRecord?: ((call: RecordedCall) => void) | null;
  /**
   * Records HTTP and gateway metrics in this registry. Default: none. They are served in
   * Prometheus text at `GET /metrics` unless `exposeMetrics` is false. Gateways sharing a registry
   * add up their counters; its gauges then describe the first of them.
   */
  metrics?: MetricsRegistry | null;
  /** Serve `GET /metrics` (default true when `metrics` is given, unless `trackers` leave out `prometheus`). */
  exposeMetrics?: boolean;
  /**
   * Metrics backends, as `agl proxy --tracker`: `prometheus` serves `GET /metrics`, `console` logs
   * a one-line summary every `consoleSummaryIntervalSeconds` (default 30) while running. Either
   * creates a registry when `metrics` is not given.
   */
  trackers?: readonly ('prometheus' | 'console')[];
  /** Seconds between two console summaries. Default 30. */
  consoleSummaryIntervalSeconds?: number;
  /** Logger (default silent). */
  logger?: Logger;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
  /** Random source in [0, 1) for ids and back-off jitter (tests). */
  random?: () => number;
  /** Sleep used between retries (tests). */
  sleep?: (seconds: number) => Promise<void>;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  host: string;
  accessHost: string | null;
  numRetries: number;
  key: string | null;
  adminKey: string | null;
  returnTokenIds: ReturnTokenIdsMode;
  streaming: 'passthrough' | 'convert';
  logprobs: LogprobsMode;
  temperature: { train?: number; val?: number };
  forceModel: string | null;
  responseShape: 'litellm' | 'upstream';
  record: boolean;
  recordLayout: RecordLayout;
  primarySpanName: string;
  recordMode: RecordMode;
  validateAttribution: boolean;
  requireAttribution: boolean;
  honorTraceparent: boolean;
  upstreamTimeoutMs: number;
  streamIdleTimeoutMs: number;
  storeTimeoutMs: number;
  recordTimeoutMs: number;
  recordRetryMs: number;
  drainTimeoutMs: number;
  maxBodyBytes: number;
  logBodies: boolean;
  onRecord: ((call: RecordedCall) => void) | null;
  metrics: MetricsRegistry | null;
  exposeMetrics: boolean;
  /** Seconds between console summaries, `null` without the console tracker. */
  consoleSummarySeconds: number | null;
  logger: Logger;
  now: () => number;
  random: () => number;
  sleep: (seconds: number) => Promise<void>;
}

function oneOf<T extends string>(
  name: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new InvalidArgumentError(
      `${name} must be one of ${allowed.join(', ')}, got ${String(value)}`,
    );
  }
  return value;
}

function seconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      `${name} must be a positive number of seconds, got ${String(value)}`,
    );
  }
  return value * 1000;
}

function returnTokenIdsMode(value: RewriteOptions['returnTokenIds']): ReturnTokenIdsMode {
  if (value === true) return 'always';
  if (value === false) return 'never';
  return oneOf('rewrite.returnTokenIds', value, ['auto', 'always', 'never'], 'auto');
}

const realSleep = (s: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, s * 1000));

/** The metrics registry, whether `/metrics` is served, and the console summary's interval. */
function resolveMetrics(
  options: LlmProxyOptions,
): Pick<ResolvedOptions, 'metrics' | 'exposeMetrics' | 'consoleSummarySeconds'> {
  const trackers = options.trackers ?? [];
  for (const tracker of trackers) {
    if (tracker !== 'prometheus' && tracker !== 'console')
      throw new InvalidArgumentError(
        `trackers must be 'prometheus' or 'console', got ${String(tracker)}`,
      );
  }
  const seconds = options.consoleSummaryIntervalSeconds ?? 30;
  if (!(typeof seconds === 'number' && seconds > 0))
    throw new InvalidArgumentError('consoleSummaryIntervalSeconds must be a positive number');
  const metrics = options.metrics ?? (trackers.length > 0 ? new MetricsRegistry() : null);
  const served = trackers.length === 0 || trackers.includes('prometheus');
  return {
    metrics,
    exposeMetrics: metrics !== null && (options.exposeMetrics ?? served),
    consoleSummarySeconds: trackers.includes('console') ? seconds : null,
  };
}

/** Applies defaults and validates; throws `InvalidArgumentError` for bad values. */
export function resolveOptions(options: LlmProxyOptions): ResolvedOptions {
  const numRetries = options.numRetries ?? 5;
  if (!Number.isInteger(numRetries) || numRetries < 0) {
    throw new InvalidArgumentError(
      `numRetries must be a non-negative integer, got ${String(numRetries)}`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new InvalidArgumentError(
      `maxBodyBytes must be a positive integer, got ${String(maxBodyBytes)}`,
    );
  }
  const temperature = options.rewrite?.temperature ?? {};
  for (const mode of ['train', 'val'] as const) {
    const t = temperature[mode];
    if (t !== undefined && !(typeof t === 'number' && Number.isFinite(t) && t >= 0)) {
      throw new InvalidArgumentError(`rewrite.temperature.${mode} must be a non-negative number`);
    }
  }
  const key = options.key ?? null;
  return {
    host: options.host ?? '127.0.0.1',
    accessHost: options.accessHost ?? null,
    numRetries,
    key,
    adminKey: options.adminKey ?? key,
    returnTokenIds: returnTokenIdsMode(options.rewrite?.returnTokenIds),
    streaming: oneOf('streaming', options.streaming, ['passthrough', 'convert'], 'passthrough'),
    logprobs: oneOf(
      'rewrite.logprobs',
      options.rewrite?.logprobs,
      ['never', 'train', 'always'],
      'never',
    ),
    temperature: { ...temperature },
    forceModel: options.forceModel ?? null,
    responseShape: oneOf(
      'responseShape',
      options.responseShape,
      ['litellm', 'upstream'],
      'litellm',
    ),
    record: options.record ?? true,
    recordLayout: oneOf(
      'recordLayout',
      options.recordLayout,
      ['both', 'litellm', 'client'],
      'both',
    ),
    primarySpanName: options.primarySpanName ?? 'litellm_request',
    recordMode: oneOf(
      'recordMode',
      options.recordMode,
      ['before-response', 'async'],
      'before-response',
    ),
    validateAttribution: options.validateAttribution ?? true,
    requireAttribution: options.requireAttribution ?? false,
    honorTraceparent: options.honorTraceparent ?? true,
    upstreamTimeoutMs: seconds('upstreamTimeoutSeconds', options.upstreamTimeoutSeconds, 300),
    streamIdleTimeoutMs: seconds('streamIdleTimeoutSeconds', options.streamIdleTimeoutSeconds, 300),
    storeTimeoutMs: seconds('storeTimeoutSeconds', options.storeTimeoutSeconds, 10),
    recordTimeoutMs: seconds('recordTimeoutSeconds', options.recordTimeoutSeconds, 10),
    recordRetryMs: seconds('recordRetrySeconds', options.recordRetrySeconds, 300),
    drainTimeoutMs: seconds('drainTimeoutSeconds', options.drainTimeoutSeconds, 10),
    maxBodyBytes,
    logBodies: options.logBodies ?? false,
    onRecord: options.onRecord ?? null,
    ...resolveMetrics(options),
    logger: options.logger ?? silentLogger,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? realSleep,
  };
}
