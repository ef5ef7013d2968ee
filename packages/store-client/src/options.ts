import {
  createConsoleLogger,
  InvalidArgumentError,
  type Logger,
  logLevelFromEnv,
  silentLogger,
} from '@agl/store-core';
import { STORE_API_PREFIX } from '@agl/types';

/** Options of `new LightningStoreClient(serverAddress, options)`. */
export interface StoreClientOptions {
  /**
   * Pauses in milliseconds before each resend of a failed call (reference
   * `retry_delays`, in seconds). A call is sent at most `1 + length` times.
   * Default `[1000, 2000, 5000]`; `[]` = a single send.
   */
  retryDelaysMs?: readonly number[];
  /**
   * Pauses in milliseconds between the health probes run after a transient
   * failure (reference `health_retry_delays`, in seconds). Up to `length + 1`
   * probes are sent. Default `[100, 200, 500]`; `[]` = no probing (the server
   * is assumed healthy).
   */
  healthRetryDelaysMs?: readonly number[];
  /** Overall and read timeout of one send, in milliseconds (reference `request_timeout`). Default 30000. */
  requestTimeoutMs?: number;
  /** Timeout of opening a connection, in milliseconds (reference `connection_timeout`). Default 5000. */
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
  /** See {@link StoreClientOptions.retryDelaysMs}. */
  readonly retryDelaysMs: readonly number[];
  /** See {@link StoreClientOptions.healthRetryDelaysMs}. */
  readonly healthRetryDelaysMs: readonly number[];
  /** See {@link StoreClientOptions.requestTimeoutMs}. */
  readonly requestTimeoutMs: number;
  /** See {@link StoreClientOptions.connectionTimeoutMs}. */
  readonly connectionTimeoutMs: number;
  /** See {@link StoreClientOptions.apiKey}; absent when none is configured. */
  readonly apiKey?: string;
}

/** Defaults of the client options, as in the reference client (converted to milliseconds). */
export const STORE_CLIENT_DEFAULTS: Omit<StoreClientConfig, 'serverAddress'> = Object.freeze({
  retryDelaysMs: Object.freeze([1000, 2000, 5000]),
  healthRetryDelaysMs: Object.freeze([100, 200, 500]),
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 5_000,
});

/**
 * Normalises a server address to its root: trailing `/` stripped, and a
 * trailing `/v1/agl` (the API base, a common mistake) stripped with a warning.
 *
 * @param serverAddress - `http(s)://host:port`, optionally with a path prefix
 * @param logger - receives the warning about a stripped `/v1/agl`
 * @throws InvalidArgumentError when the address is not an http(s) URL
 */
function normaliseServerAddress(serverAddress: string, logger: Logger): string {
  let url: URL;
  try {
    url = new URL(serverAddress);
  } catch (cause) {
    throw new InvalidArgumentError(
      `Invalid store server address: ${JSON.stringify(serverAddress)}`,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(
      `Store server address must be http:// or https://, got ${JSON.stringify(serverAddress)}`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError(
      `Store server address must not have a query or fragment: ${JSON.stringify(serverAddress)}`,
    );
  }
  let root = serverAddress.trim().replace(/\/+$/, '');
  if (root.endsWith(STORE_API_PREFIX)) {
    root = root.slice(0, -STORE_API_PREFIX.length).replace(/\/+$/, '');
    logger.warn(
      `Store server address ${JSON.stringify(serverAddress)} ends with ${STORE_API_PREFIX}; using the server root ${root} instead`,
    );
  }
  return root;
}

function delays(name: string, value: readonly number[] | undefined, fallback: readonly number[]) {
  const list = value ?? fallback;
  if (
    !Array.isArray(list) ||
    list.some((d) => typeof d !== 'number' || !(d >= 0) || d === Infinity)
  ) {
    throw new InvalidArgumentError(
      `${name} must be a list of finite numbers >= 0, got ${JSON.stringify(value)}`,
    );
  }
  return Object.freeze([...list]);
}

function accessKey(value: string | undefined): { apiKey?: string } {
  const key = value ?? process.env.AGL_STORE_API_KEY;
  if (key === undefined || key === '') return {};
  if (typeof key !== 'string' || key.trim() === '')
    throw new InvalidArgumentError('apiKey must be a non-empty string');
  return { apiKey: key };
}

function timeout(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (typeof ms !== 'number' || !(ms > 0) || ms === Infinity) {
    throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
  return ms;
}

/**
 * Validates the constructor arguments and fills in the defaults.
 *
 * @param serverAddress - the server root
 * @param options - the caller's options
 * @returns the resolved config and logger
 * @throws InvalidArgumentError for an invalid address, delay list or timeout
 */
export function resolveClientConfig(
  serverAddress: string,
  options: StoreClientOptions = {},
): { config: StoreClientConfig; logger: Logger } {
  const logger = options.logger === null ? silentLogger : (options.logger ?? defaultClientLogger());
  const config: StoreClientConfig = Object.freeze({
    serverAddress: normaliseServerAddress(serverAddress, logger),
    retryDelaysMs: delays(
      'retryDelaysMs',
      options.retryDelaysMs,
      STORE_CLIENT_DEFAULTS.retryDelaysMs,
    ),
    healthRetryDelaysMs: delays(
      'healthRetryDelaysMs',
      options.healthRetryDelaysMs,
      STORE_CLIENT_DEFAULTS.healthRetryDelaysMs,
    ),
    requestTimeoutMs: timeout(
      'requestTimeoutMs',
      options.requestTimeoutMs,
      STORE_CLIENT_DEFAULTS.requestTimeoutMs,
    ),
    connectionTimeoutMs: timeout(
      'connectionTimeoutMs',
      options.connectionTimeoutMs,
      STORE_CLIENT_DEFAULTS.connectionTimeoutMs,
    ),
    ...accessKey(options.apiKey),
  });
  return { config, logger };
}

/** The logger used when none is given: stderr, at `AGL_LOG_LEVEL` or else `warn`. */
function defaultClientLogger(): Logger {
  return createConsoleLogger({
    name: 'agl.store-client',
    level: logLevelFromEnv(process.env, 'warn'),
  });
}
