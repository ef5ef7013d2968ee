import type { LogLevel } from '@agl/store-core';
import type { InMemoryStoreOptions } from '@agl/store-memory';
import type { StoreDashboardFlags } from './dashboard';

/** The parsed flags of `agl store`. */
export interface StoreCommandOptions extends StoreDashboardFlags {
  /** `--host`: the address to bind. */
  host: string;
  /** `--port`: the TCP port (0 = a free one). */
  port: number;
  /** `--cors-origin` (repeatable): allowed CORS origins. */
  corsOrigin: string[];
  /** `--log-level`: absent means `AGL_LOG_LEVEL`, else `info`. */
  logLevel?: LogLevel;
  /** `--backend`: `memory` or `postgres`; `mongo` is refused. */
  backend: 'memory' | 'postgres' | 'mongo';
  /** `--database-url`: the PostgreSQL server (postgres backend). */
  databaseUrl?: string;
  /** `--data-dir`: embedded PostgreSQL persisted to this directory (postgres backend). */
  dataDir?: string;
  /** `--synchronous-commit`: when PostgreSQL acknowledges a commit (`--database-url` only). */
  synchronousCommit: 'on' | 'off' | 'local' | 'remote_write' | 'remote_apply';
  /** `--partition`: the partition of the database this store uses. */
  partition: string;
  /** `--n-workers`: server processes; more than 1 only with `--database-url`. */
  nWorkers: number;
  /** `--mongo-uri`: accepted for compatibility. */
  mongoUri: string;
  /** `--tracker`: metrics backends (`prometheus`, `console`). */
  tracker?: string[];
  /** `--debug`: tracebacks in error answers. */
  debug?: boolean;
  /** `--api-key` (or `AGL_STORE_API_KEY`): access key required on every route but health. */
  apiKey?: string;
  /** `--eviction-threshold-bytes`. */
  evictionThresholdBytes?: number;
  /** `--eviction-threshold-ratio`. */
  evictionThresholdRatio?: number;
  /** `--safe-threshold-bytes`. */
  safeThresholdBytes?: number;
  /** `--safe-threshold-ratio`. */
  safeThresholdRatio?: number;
  /** `--scan-debounce-seconds`: minimum seconds between lazy watchdog scans. */
  scanDebounceSeconds: number;
  /** `--watchdog-interval-seconds`: seconds between timed scans (0 = no timer). */
  watchdogIntervalSeconds: number;
  /** `--claim-timeout-seconds`: requeue claims without a heartbeat after this long (0 = never). */
  claimTimeoutSeconds?: number;
}

/**
 * The in-memory store settings given by the flags (thresholds only when set).
 *
 * @param options - the parsed flags
 */
export function memoryStoreOptions(options: StoreCommandOptions): InMemoryStoreOptions {
  const out: InMemoryStoreOptions = {
    scanDebounceSeconds: options.scanDebounceSeconds,
    watchdogIntervalSeconds:
      options.watchdogIntervalSeconds > 0 ? options.watchdogIntervalSeconds : null,
  };
  if (options.claimTimeoutSeconds !== undefined)
    out.claimTimeoutSeconds = options.claimTimeoutSeconds > 0 ? options.claimTimeoutSeconds : null;
  const { evictionThresholdBytes, evictionThresholdRatio, safeThresholdBytes, safeThresholdRatio } =
    options;
  if (evictionThresholdBytes !== undefined) out.evictionThresholdBytes = evictionThresholdBytes;
  if (evictionThresholdRatio !== undefined) out.evictionThresholdRatio = evictionThresholdRatio;
  if (safeThresholdBytes !== undefined) out.safeThresholdBytes = safeThresholdBytes;
  if (safeThresholdRatio !== undefined) out.safeThresholdRatio = safeThresholdRatio;
  return out;
}
