import {
  createConsoleLogger,
  InvalidArgumentError,
  type Logger,
  logLevelFromEnv,
  silentLogger,
} from '@agl/store-core';
import { delays, durationOption, timeout } from './durations';
import { normaliseServerAddress } from './server-address';

/** Options of `new LightningStoreClient(serverAddress, options)`. */
export interface StoreClientOptions {
  /**
   * Pauses in seconds before each resend of a failed call (reference
   * `retry_delays`). A call is sent at most `1 + length` times.
   * Default `[1, 2, 5]`; `[]` = a single send.
   */
  retryDelaysSeconds?: readonly number[];
  /**
   * Pauses in seconds between the health probes run after a transient
   * failure (reference `health_retry_delays`). Up to `length + 1` probes are
   * sent. Default `[0.1, 0.2, 0.5]`; `[]` = no probing (the server is assumed
   * healthy).
   */
  healthRetryDelaysSeconds?: readonly number[];
  /** Overall and read timeout of one send, in seconds (reference `request_timeout`). Default 30. */
  requestTimeoutSeconds?: number;
  /** Timeout of opening a connection, in seconds (reference `connection_timeout`). Default 5. */
  connectionTimeoutSeconds?: number;
  /** @deprecated Use `retryDelaysSeconds`; the same pauses in milliseconds, kept for one release (both with different values throw). */
  retryDelaysMs?: readonly number[];
  /** @deprecated Use `healthRetryDelaysSeconds`; the same pauses in milliseconds, kept for one release (both with different values throw). */
  healthRetryDelaysMs?: readonly number[];
  /** @deprecated Use `requestTimeoutSeconds`; the same timeout in milliseconds, kept for one release (both with different values throw). */
  requestTimeoutMs?: number;
  /** @deprecated Use `connectionTimeoutSeconds`; the same timeout in milliseconds, kept for one release (both with different values throw). */
  connectionTimeoutMs?: number;
  /**
   * Where retries and swallowed failures are reported; `null` = silent.
   * Default: a console logger at `AGL_LOG_LEVEL`, else `warn`.
   */
  logger?: Logger | null;
  /**
   * Access key of a server started with `--api-key`, sent as
   * `Authorization: Bearer <key>` on every request. Default: the
   * `AGL_STORE_API_KEY` environment variable, else none.
   */
  apiKey?: string;
}

/**
 * Everything needed to rebuild an equivalent client in another worker or
 * process: `new LightningStoreClient(config.serverAddress, config)`. Plain
 * JSON; live connections and the logger are not part of it.
 */
export interface StoreClientConfig {
  /** The server root, e.g. `http://localhost:4747` (no trailing `/`, no `/v1/agl`). */
  readonly serverAddress: string;
  /** See {@link StoreClientOptions.retryDelaysSeconds}. */
  readonly retryDelaysSeconds: readonly number[];
  /** See {@link StoreClientOptions.healthRetryDelaysSeconds}. */
  readonly healthRetryDelaysSeconds: readonly number[];
  /** See {@link StoreClientOptions.requestTimeoutSeconds}. */
  readonly requestTimeoutSeconds: number;
  /** See {@link StoreClientOptions.connectionTimeoutSeconds}. */
  readonly connectionTimeoutSeconds: number;
  /** See {@link StoreClientOptions.apiKey}; absent when none is configured. */
  readonly apiKey?: string;
}

/**
 * The resolved settings in the unit the timers take (milliseconds), for the
 * requester and the transport. Internal: the public config counts in seconds.
 */
export interface ClientSettings {
  readonly serverAddress: string;
  readonly retryDelaysMs: readonly number[];
  readonly healthRetryDelaysMs: readonly number[];
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  readonly apiKey?: string;
}

/** Defaults of the client options, as in the reference client. */
export const STORE_CLIENT_DEFAULTS: Omit<StoreClientConfig, 'serverAddress'> = Object.freeze({
  retryDelaysSeconds: Object.freeze([1, 2, 5]),
  healthRetryDelaysSeconds: Object.freeze([0.1, 0.2, 0.5]),
  requestTimeoutSeconds: 30,
  connectionTimeoutSeconds: 5,
});

function accessKey(value: string | undefined): { apiKey?: string } {
  const key = value ?? process.env.AGL_STORE_API_KEY;
  if (key === undefined || key === '') return {};
  if (typeof key !== 'string' || key.trim() === '')
    throw new InvalidArgumentError('apiKey must be a non-empty string');
  return { apiKey: key };
}

/**
 * Validates the constructor arguments and fills in the defaults.
 *
 * @param serverAddress - the server root
 * @param options - the caller's options
 * @returns the public config (seconds), the settings the timers use (milliseconds) and the logger
 * @throws InvalidArgumentError for an invalid address, delay list or timeout, or a duration given
 *   under both its name and its deprecated alias with different values
 */
export function resolveClientConfig(
  serverAddress: string,
  options: StoreClientOptions = {},
): { config: StoreClientConfig; settings: ClientSettings; logger: Logger } {
  const logger = options.logger === null ? silentLogger : (options.logger ?? defaultClientLogger());
  const o = options;
  const defaults = STORE_CLIENT_DEFAULTS;
  const settings: ClientSettings = Object.freeze({
    serverAddress: normaliseServerAddress(serverAddress, logger),
    retryDelaysMs: delays(
      durationOption(
        ['retryDelaysSeconds', 'retryDelaysMs'],
        o.retryDelaysSeconds,
        o.retryDelaysMs,
      ),
      defaults.retryDelaysSeconds,
    ),
    healthRetryDelaysMs: delays(
      durationOption(
        ['healthRetryDelaysSeconds', 'healthRetryDelaysMs'],
        o.healthRetryDelaysSeconds,
        o.healthRetryDelaysMs,
      ),
      defaults.healthRetryDelaysSeconds,
    ),
    requestTimeoutMs: timeout(
      durationOption(
        ['requestTimeoutSeconds', 'requestTimeoutMs'],
        o.requestTimeoutSeconds,
        o.requestTimeoutMs,
      ),
      defaults.requestTimeoutSeconds,
    ),
    connectionTimeoutMs: timeout(
      durationOption(
        ['connectionTimeoutSeconds', 'connectionTimeoutMs'],
        o.connectionTimeoutSeconds,
        o.connectionTimeoutMs,
      ),
      defaults.connectionTimeoutSeconds,
    ),
    ...accessKey(options.apiKey),
  });
  return { config: publicConfig(settings, options), settings, logger };
}

/**
 * The public config in seconds. Values the caller gave in seconds are kept as
 * given, so the config rebuilds exactly the same client.
 */
function publicConfig(settings: ClientSettings, o: StoreClientOptions): StoreClientConfig {
  const seconds = (ms: number) => ms / 1000;
  const { serverAddress, apiKey } = settings;
  return Object.freeze({
    serverAddress,
    retryDelaysSeconds: Object.freeze(
      o.retryDelaysSeconds ? [...o.retryDelaysSeconds] : settings.retryDelaysMs.map(seconds),
    ),
    healthRetryDelaysSeconds: Object.freeze(
      o.healthRetryDelaysSeconds
        ? [...o.healthRetryDelaysSeconds]
        : settings.healthRetryDelaysMs.map(seconds),
    ),
    requestTimeoutSeconds: o.requestTimeoutSeconds ?? seconds(settings.requestTimeoutMs),
    connectionTimeoutSeconds: o.connectionTimeoutSeconds ?? seconds(settings.connectionTimeoutMs),
    ...(apiKey === undefined ? {} : { apiKey }),
  });
}

/** The logger used when none is given: stderr, at `AGL_LOG_LEVEL` or else `warn`. */
function defaultClientLogger(): Logger {
  return createConsoleLogger({
    name: 'agl.store-client',
    level: logLevelFromEnv(process.env, 'warn'),
  });
}
