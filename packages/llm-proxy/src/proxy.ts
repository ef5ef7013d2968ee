/**
 * `LlmProxy`: the gateway as an object with a lifecycle (start, stop, restart), the model
 * registry, pause/resume/drain, and the resources an algorithm publishes for its runners.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type MetricsRegistry, startConsoleSummary } from '@agl/metrics';
import {
  InvalidArgumentError,
  InvalidStateError,
  type LightningStore,
  silentLogger,
  UnavailableError,
} from '@agl/store-core';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { buildApp } from './app.js';
import type { ModelConfig } from './models.js';
import { type LlmProxyOptions, resolveOptions } from './options.js';
import { applyReferenceOptions, type ReferenceProxyOptions } from './reference-options.js';
import { GatewayState, type ProxyState, type ProxyStats } from './state.js';
import { createDispatcher } from './upstream.js';

/** The gateway did not become idle within the drain timeout. */
export class DrainTimeoutError extends InvalidStateError {}

/** Options of `asResource`. */
export interface AsResourceOptions {
  /** Bind the resource to this rollout (with `attemptId`): a plain `llm` resource. */
  rolloutId?: string;
  /** Bind the resource to this attempt (with `rolloutId`). */
  attemptId?: string;
  /** Model name; default: the only model name of the list. */
  model?: string;
  /** Sampling parameters published with the resource. */
  samplingParameters?: Record<string, unknown>;
}

/** A resource as `store.addResources` takes it. */
export interface ProxyResource {
  /** `proxy_llm` (runners bind it per attempt) or `llm` (already bound). */
  resource_type: 'proxy_llm' | 'llm';
  /** Base URL agents use (without `/v1`). */
  endpoint: string;
  /** Model name agents send. */
  model: string;
  /** The agent key, or `null`. */
  api_key: string | null;
  /** Sampling parameters. */
  sampling_parameters: Record<string, unknown>;
}

/** The app and its control handle without listening, for embedding and in-process tests. */
export function createLlmProxyApp(options: LlmProxyOptions & ReferenceProxyOptions = {}): {
  app: Hono;
  proxy: LlmProxy;
} {
  const proxy = new LlmProxy(options);
  return { app: proxy.app, proxy };
}

function outboundIpv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? [])
      if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return '127.0.0.1';
}

/** The LLM gateway. */
export class LlmProxy {
  /** Options a trainer fills in from its own components when a spec leaves them out. */
  static readonly optionKeys: readonly string[] = ['store'];
  /**
   * Every option a trainer spec (`llmProxy: {type: 'LLMProxy', ...}`) may name, in camelCase;
   * any other key is refused with a did-you-mean.
   */
  static readonly specKeys: readonly string[] = [
    'port',
    'host',
    'accessHost',
    'modelList',
    'store',
    'numRetries',
    'key',
    'adminKey',
    'rewrite',
    'streaming',
    'forceModel',
    'responseShape',
    'record',
    'recordLayout',
    'primarySpanName',
    'recordMode',
    'validateAttribution',
    'requireAttribution',
    'honorTraceparent',
    'upstreamTimeoutSeconds',
    'streamIdleTimeoutSeconds',
    'storeTimeoutSeconds',
    'recordTimeoutSeconds',
    'recordRetrySeconds',
    'drainTimeoutSeconds',
    'maxBodyBytes',
    'logBodies',
    'onRecord',
    'metrics',
    'exposeMetrics',
    'trackers',
    'consoleSummaryIntervalSeconds',
    'logger',
    'now',
    'random',
    'sleep',
    'returnTokenIds',
    'logprobs',
    'temperature',
    'middlewares',
    'callbacks',
    'litellmConfig',
    'launchMode',
    'numWorkers',
    'launcherArgs',
    'options',
  ];
  /** The hono app (also usable without `start()`). */
  readonly app: Hono;
  private readonly gw: GatewayState;
  private server: Server | null = null;
  private stopSummary: (() => void) | null = null;
  private boundPort: number | null;

  /** @param options - see `LlmProxyOptions` */
  constructor(given: LlmProxyOptions & ReferenceProxyOptions = {}) {
    const options = applyReferenceOptions(given, given.logger ?? silentLogger);
    const resolved = resolveOptions(options);
    this.gw = new GatewayState(resolved);
    this.gw.store = options.store ?? null;
    this.gw.registry.replace(options.modelList ?? []);
    if (resolved.forceModel) this.gw.registry.ensureGroup(resolved.forceModel);
    const port = options.port ?? null;
    if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new InvalidArgumentError(
        `port must be an integer between 0 and 65535, got ${String(port)}`,
      );
    }
    this.boundPort = port === 0 ? null : port;
    this.app = buildApp(this.gw) as unknown as Hono;
  }

  /** The bound (or configured) port; `null` before the first start without a port. */
  get port(): number | null {
    return this.boundPort;
  }

  /** `http://<accessHost>:<port>`, the base URL published to runners (without `/v1`). */
  get accessEndpoint(): string {
    if (this.boundPort === null)
      throw new InvalidStateError('LLM proxy has no port yet; call start() first or pass a port');
    const o = this.gw.options;
    let host = o.accessHost ?? o.host;
    if (o.accessHost === null && (host === '0.0.0.0' || host === '::')) host = outboundIpv4();
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.boundPort}`;
  }

  /** The metrics registry (given as `metrics`, or created for `trackers`), or `null`. */
  get metrics(): MetricsRegistry | null {
    return this.gw.options.metrics;
  }

  /** Whether the server listens. */
  isRunning(): boolean {
    return this.server !== null;
  }

  /** The store calls are recorded into. */
  getStore(): LightningStore | null {
    return this.gw.store;
  }

  /** Sets the store; calls admitted afterwards record into it. */
  setStore(store: LightningStore | null): void {
    this.gw.store = store;
  }

  /** Binds and listens; resolves once the server accepts connections. */
  async start(): Promise<void> {
    const o = this.gw.options;
    if (this.server) {
      o.logger.warn('LLMProxy is already running.');
      return;
    }
    if (o.record && this.gw.store === null) {
      throw new InvalidStateError(
        'Store is not set. Please set the store before starting the LLMProxy.',
      );
    }
    const port = this.boundPort ?? 0;
    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: this.app.fetch, port, hostname: o.host }) as Server;
      s.once('listening', () => resolve(s));
      s.once('error', (error: Error) =>
        reject(
          new UnavailableError(
            `LLM proxy could not listen on ${o.host}:${port}: ${error.message}`,
            { cause: error },
          ),
        ),
      );
    });
    server.headersTimeout = 60_000;
    server.requestTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    server.maxConnections = 65_536;
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    if (this.gw.dispatcher.destroyed) this.gw.dispatcher = createDispatcher();
    if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1' && o.key === null) {
      o.logger.warn(
        `LLM proxy is listening on ${o.host} without an API key: anyone who can reach it can use the model servers and write into the store.`,
      );
    }
    if (o.metrics !== null && o.consoleSummarySeconds !== null) {
      this.stopSummary = startConsoleSummary(o.metrics, {
        logger: o.logger,
        intervalSeconds: o.consoleSummarySeconds,
      });
    }
    o.logger.info(
      `LLMProxy listening on http://${o.host}:${this.boundPort} (endpoint for agents: ${this.accessEndpoint})`,
    );
  }

  /** Stops accepting calls, waits for calls in flight and pending records, then closes. */
  async stop(): Promise<void> {
    const o = this.gw.options;
    const server = this.server;
    if (!server) {
      o.logger.warn('LLMProxy is not running. Nothing to stop.');
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!(await this.gw.waitIdle(o.drainTimeoutMs))) {
      this.gw.stopping = true;
      for (const abort of this.gw.active) abort.abort();
      await this.gw.waitIdle(o.drainTimeoutMs);
    }
    const left = await this.gw.recorder.flush(o.drainTimeoutMs);
    if (left > 0) o.logger.error(`LLM proxy stopped with ${left} record(s) not written`);
    server.closeAllConnections();
    await closed;
    await this.gw.dispatcher.close().catch(() => undefined);
    this.gw.stopping = false;
    this.stopSummary?.();
    this.stopSummary = null;
    this.server = null;
  }

  /** Stops if running, then starts (on `port` when given, else the same port). */
  async restart(options: { port?: number } = {}): Promise<void> {
    if (this.server) await this.stop();
    if (options.port !== undefined) this.boundPort = options.port === 0 ? null : options.port;
    await this.start();
  }

  /** A copy of the model list. */
  get modelList(): ModelConfig[] {
    return this.gw.registry.list();
  }

  /** Replaces the model list; effective at once for new calls. */
  updateModelList(list: readonly ModelConfig[]): void {
    this.gw.registry.replace(list);
    if (this.gw.options.forceModel) this.gw.registry.ensureGroup(this.gw.options.forceModel);
    this.gw.options.logger.info(`Updating LLMProxy model list to: ${JSON.stringify(list)}`);
  }

  /** Adds or replaces deployments keyed by model name and `api_base`. */
  upsertModels(list: readonly ModelConfig[]): void {
    this.gw.registry.upsert(list);
  }

  /** Removes every deployment (calls then get 503 until models are registered). */
  clearModels(): void {
    this.gw.registry.clear();
  }

  /** The resource runners use to reach this gateway. */
  asResource(options: AsResourceOptions = {}): ProxyResource {
    let model = options.model;
    if (model === undefined) {
      const names = [...new Set(this.gw.registry.list().map((m) => m.model_name))];
      if (names.length === 0)
        throw new InvalidArgumentError('No models found in model_list. Please specify the model.');
      if (names.length > 1) {
        throw new InvalidArgumentError(
          `Multiple models found in model_list: ${names.join(', ')}. Please specify the model.`,
        );
      }
      model = names[0] as string;
    }
    const base = {
      model,
      api_key: this.gw.options.key,
      sampling_parameters: { ...(options.samplingParameters ?? {}) },
    };
    const { rolloutId, attemptId } = options;
    if ((rolloutId === undefined) !== (attemptId === undefined)) {
      throw new InvalidArgumentError(
        'Either rollout_id and attempt_id must be provided, or neither.',
      );
    }
    if (rolloutId !== undefined && attemptId !== undefined) {
      return {
        resource_type: 'llm',
        endpoint: `${this.accessEndpoint}/rollout/${rolloutId}/attempt/${attemptId}`,
        ...base,
      };
    }
    return { resource_type: 'proxy_llm', endpoint: this.accessEndpoint, ...base };
  }

  /** Refuses new calls with 429 until `resume()`. */
  pause(options: { retryAfterSeconds?: number; reason?: string | null } = {}): ProxyState {
    this.gw.paused = true;
    if (options.retryAfterSeconds !== undefined)
      this.gw.retryAfterSeconds = options.retryAfterSeconds;
    this.gw.reason = options.reason ?? null;
    return this.gw.state();
  }

  /** Accepts calls again. */
  resume(): ProxyState {
    this.gw.paused = false;
    this.gw.reason = null;
    return this.gw.state();
  }

  /** The pause state. */
  state(): ProxyState {
    return this.gw.state();
  }

  /** Pauses (if needed) and resolves once no call is in flight; rejects after `timeoutSeconds` (default 300). */
  async drain(options: { timeoutSeconds?: number } = {}): Promise<ProxyState> {
    const seconds = options.timeoutSeconds ?? 300;
    if (!this.gw.paused) this.pause();
    if (!(await this.gw.waitIdle(seconds * 1000))) {
      throw new DrainTimeoutError(`LLM proxy did not drain within ${seconds * 1000} ms`);
    }
    return this.gw.state();
  }

  /** Counters of calls and records. */
  stats(): ProxyStats {
    return this.gw.stats();
  }
}

/** Alias spelled as in the Python reference. */
export const LLMProxy = LlmProxy;
/** Alias spelled as in the Python reference. */
export type LLMProxy = LlmProxy;
