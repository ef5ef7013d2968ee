import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MetricsRegistry, startConsoleSummary } from '@agl/metrics';
import {
  createConsoleLogger,
  InvalidStateError,
  type LightningStore,
  type Logger,
  optionWithAlias,
} from '@agl/store-core';
import { listenOn, millisecondsToSeconds } from '@agl/store-core/backend';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { accessHost, httpUrl } from './access-host';
import { buildStoreApp } from './app';
import type { StoreAppOptions } from './options';
import type { FastPath } from './routes/fast-path';

/** Options of `LightningStoreServer`. */
export interface LightningStoreServerOptions extends Omit<StoreAppOptions, 'shutdownSignal'> {
  /** The store to serve. */
  store: LightningStore;
  /** Address to bind (default `127.0.0.1`; use `0.0.0.0` to accept other machines). */
  host?: string;
  /** TCP port (default 4747; `0` picks a free one, see `port` after `start()`). */
  port?: number;
  /**
   * Idle keep-alive connections are kept this long, in seconds (default 30; must
   * exceed the Python client's 15 s). The header timeout is set 5 s above it.
   */
  keepAliveTimeoutSeconds?: number;
  /** @deprecated Use `keepAliveTimeoutSeconds`; milliseconds, kept for one release (both with different values throw). */
  keepAliveTimeoutMs?: number;
  /** How long `stop()` waits for in-flight requests before closing their connections, in seconds (default 10). */
  shutdownTimeoutSeconds?: number;
  /** @deprecated Use `shutdownTimeoutSeconds`; milliseconds, kept for one release (both with different values throw). */
  shutdownTimeoutMs?: number;
  /**
   * Metrics backends, as `agl store --tracker`: `prometheus` serves the
   * registry (`/v1/prometheus/`, `/v1/agl/prometheus/`, `/metrics`), `console`
   * logs a summary every `consoleSummaryIntervalSeconds` (default 30). Either
   * records HTTP and store metrics (in `metrics` when given).
   */
  trackers?: readonly ('prometheus' | 'console')[];
  /** Seconds between two console summaries (default 30). */
  consoleSummaryIntervalSeconds?: number;
}

/**
 * Serves a `LightningStore` over HTTP with the routes of `createStoreApp`, on
 * Node's HTTP server: idle keep-alive connections are kept 30 s (header
 * timeout above that), and `stop()` is graceful.
 *
 * @example
 * ```ts
 * const server = new LightningStoreServer({ store: new InMemoryLightningStore(), port: 0 });
 * await server.start();
 * console.log(server.endpoint); // http://127.0.0.1:<port>
 * await server.stop();
 * ```
 */
export class LightningStoreServer {
  /** The hono app that handles requests. */
  readonly app: Hono;
  /** The store being served. */
  readonly store: LightningStore;
  /** The bind address. */
  readonly host: string;
  readonly #requestedPort: number;
  readonly #keepAliveMs: number;
  readonly #shutdownMs: number;
  readonly #logger: Logger;
  readonly #fastPath: FastPath | undefined;
  readonly #shutdown = new AbortController();
  readonly #inFlight = new Set<ServerResponse>();
  readonly #console: { intervalSeconds: number } | undefined;
  #stopConsole: (() => void) | undefined;
  /** The metrics registry, when a tracker or `metrics` was given. */
  readonly metrics: MetricsRegistry | undefined;
  #server: Server | undefined;
  #port: number | undefined;
  #endpoint: string | undefined;
  #stopping: Promise<void> | undefined;

  /**
   * @param options - the store, bind address and app options
   * @throws InvalidArgumentError when a timeout is given under both its name and its deprecated alias with different values
   */
  constructor(options: LightningStoreServerOptions) {
    const {
      store,
      host,
      port,
      keepAliveTimeoutSeconds,
      keepAliveTimeoutMs,
      shutdownTimeoutSeconds,
      shutdownTimeoutMs,
      ...rest
    } = options;
    const { trackers = [], consoleSummaryIntervalSeconds, ...appOptions } = rest;
    if (trackers.length > 0) {
      appOptions.metrics ??= new MetricsRegistry();
      appOptions.exposeMetrics ??= trackers.includes('prometheus');
    }
    this.#console = trackers.includes('console')
      ? { intervalSeconds: consoleSummaryIntervalSeconds ?? 30 }
      : undefined;
    this.metrics = appOptions.metrics;
    this.store = store;
    this.host = host ?? '127.0.0.1';
    this.#requestedPort = port ?? 4747;
    // The deprecated millisecond names are read by the shared alias rule (both only when equal).
    const keepAliveSeconds = optionWithAlias(keepAliveTimeoutSeconds, keepAliveTimeoutMs, {
      name: 'keepAliveTimeoutSeconds',
      aliasName: 'keepAliveTimeoutMs',
      fromAlias: millisecondsToSeconds,
    });
    const shutdownSeconds = optionWithAlias(shutdownTimeoutSeconds, shutdownTimeoutMs, {
      name: 'shutdownTimeoutSeconds',
      aliasName: 'shutdownTimeoutMs',
      fromAlias: millisecondsToSeconds,
    });
    this.#keepAliveMs = (keepAliveSeconds ?? 30) * 1000;
    this.#shutdownMs = (shutdownSeconds ?? 10) * 1000;
    this.#logger = appOptions.logger ?? createConsoleLogger({ name: 'agl.store' });
    const built = buildStoreApp(store, {
      ...appOptions,
      logger: this.#logger,
      shutdownSignal: this.#shutdown.signal,
    });
    this.app = built.app;
    this.#fastPath = built.fastPath;
  }

  /** The port listened on (the real one when 0 was asked); throws before `start()`. */
  get port(): number {
    if (this.#port === undefined) throw new InvalidStateError('The server has not been started');
    return this.#port;
  }

  /** `http://<access host>:<port>`: how clients reach the server; throws before `start()`. */
  get endpoint(): string {
    if (this.#endpoint === undefined)
      throw new InvalidStateError('The server has not been started');
    return this.#endpoint;
  }

  /** The underlying Node HTTP server, once started (for settings such as timeouts). */
  get httpServer(): Server | undefined {
    return this.#server;
  }

  /** Whether the server is listening. */
  get listening(): boolean {
    return this.#server?.listening ?? false;
  }

  /**
   * Starts listening.
   *
   * @throws AddressInUseError (of `@agl/store-core`) when the port is taken
   */
  async start(): Promise<void> {
    if (this.#server) throw new InvalidStateError('The server was already started');
    // Without overriding the global Request/Response (this is a library); the
    // common store requests skip both through the fast path.
    const general = getRequestListener(this.app.fetch, { overrideGlobalObjects: false });
    const fast = this.#fastPath;
    this.#server = createServer(
      fast
        ? (req, res) => {
            if (!fast(req, res)) void general(req, res);
          }
        : general,
    );
    this.#server.keepAliveTimeout = this.#keepAliveMs;
    this.#server.headersTimeout = this.#keepAliveMs + 5_000;
    this.#server.on('request', (_req: IncomingMessage, res: ServerResponse) => this.#track(res));
    try {
      this.#port = await listenOn(this.#server, this.#requestedPort, this.host);
    } catch (error) {
      this.#server = undefined;
      throw error;
    }
    this.#endpoint = httpUrl(await accessHost(this.host), this.#port);
    this.#logger.debug(`Store server listening on ${httpUrl(this.host, this.#port)}`);
    if (this.#console && this.metrics)
      this.#stopConsole = startConsoleSummary(this.metrics, {
        logger: this.#logger,
        intervalSeconds: this.#console.intervalSeconds,
      });
  }

  #track(res: ServerResponse): void {
    if (this.#stopping) res.setHeader('connection', 'close');
    this.#inFlight.add(res);
    res.once('close', () => this.#inFlight.delete(res));
  }

  /**
   * Stops gracefully: stops accepting connections, ends pending long waits
   * with what has finished, lets in-flight requests finish (up to
   * `shutdownTimeoutSeconds`, then closes their connections), closes idle
   * keep-alive connections, then resolves. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#stopConsole?.();
    this.#shutdown.abort();
    for (const res of this.#inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), this.#shutdownMs);
    try {
      await closed;
    } finally {
      clearInterval(sweep);
      clearTimeout(force);
    }
    this.#logger.info('Store server stopped');
  }
}
