import { randomUUID } from 'node:crypto';
import type { Logger } from '@agl/store-core';
import { UnavailableError } from '@agl/store-core';
import { isJsonContentType, sleepSeconds } from '@agl/store-core/backend';
import { fillPath, STORE_ROUTES, type StoreRouteName } from '@agl/types';
import * as v from 'valibot';
import { httpStatusError, ProtocolError, transportError } from './errors';
import type { ClientSettings } from './options';
import type { OutageReporter } from './outage';
import { type SendOutcome, withRetries } from './retry';
import { linkSignals } from './signals';
import { HttpTransport, TransportFailure } from './transport';

/** Header carrying the per-call idempotency key (DECISIONS 8). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A route the client can call: method, path template and the schema of a success body. */
export interface Endpoint<S extends v.GenericSchema = v.GenericSchema> {
  /** HTTP method. */
  readonly method: 'GET' | 'POST';
  /** Path template with `{name}` parameters. */
  readonly path: string;
  /** Schema every 2xx body must match. */
  readonly response: S;
}

/** Per-call inputs of `Requester.call`. */
export interface CallOptions {
  /** Values of the path template's `{name}` parameters (percent-encoded by `fillPath`). */
  readonly params?: Record<string, string>;
  /** Query string parameters, in order. */
  readonly query?: readonly (readonly [string, string])[];
  /** JSON body; `undefined` = no body. */
  readonly body?: unknown;
  /** Send an `Idempotency-Key` header (one random UUID for all sends of this call). */
  readonly idempotent?: boolean;
  /** Cancels the call (pauses, probes and sends). */
  readonly signal?: AbortSignal;
  /** How long the server may hold the request on purpose (ms), added to the request timeout. */
  readonly holdMs?: number;
}

/**
 * Runs store calls over HTTP: the reference client's request algorithm (retry
 * schedule, failure classification, health probe), JSON parsing and
 * schema validation of every success answer, and idempotency keys.
 */
export class Requester {
  readonly #config: ClientSettings;
  readonly #logger: Logger;
  readonly #transport: HttpTransport;
  readonly #outage: OutageReporter | null;
  #closing = new AbortController();

  /**
   * @param config - resolved client config
   * @param logger - where retries and probe failures go
   * @param outage - told when the server cannot be reached and when it answers again
   */
  constructor(config: ClientSettings, logger: Logger, outage: OutageReporter | null = null) {
    this.#config = config;
    this.#logger = logger;
    this.#outage = outage;
    this.#transport = new HttpTransport(config.serverAddress, config);
  }

  /** Sends one request, telling the outage reporter whether the server answered. */
  async #send(request: Parameters<HttpTransport['send']>[0]): ReturnType<HttpTransport['send']> {
    try {
      const response = await this.#transport.send(request);
      this.#outage?.reachable();
      return response;
    } catch (error) {
      if (error instanceof TransportFailure && error.kind === 'network' && !request.signal?.aborted)
        this.#outage?.unreachable(error.message);
      throw error;
    }
  }

  /**
   * Calls a route of `STORE_ROUTES` and validates the answer with its response schema.
   *
   * @param name - the route
   * @param options - path parameters, body, query, idempotency, signal
   */
  route<R extends StoreRouteName>(
    name: R,
    options: CallOptions = {},
  ): Promise<v.InferOutput<(typeof STORE_ROUTES)[R]['response']>> {
    return this.call(STORE_ROUTES[name] as Endpoint<(typeof STORE_ROUTES)[R]['response']>, options);
  }

  /**
   * Calls any endpoint with retries and validates the answer.
   *
   * @param endpoint - method, path template and response schema
   * @param options - path parameters, body, query, idempotency, signal
   */
  async call<S extends v.GenericSchema>(
    endpoint: Endpoint<S>,
    options: CallOptions = {},
  ): Promise<v.InferOutput<S>> {
    const path = fillPath(endpoint.path, options.params);
    const what = `${endpoint.method} ${path}`;
    const link = linkSignals(this.#closing.signal, options.signal);
    const headers: Record<string, string> = options.idempotent
      ? { [IDEMPOTENCY_HEADER]: randomUUID() }
      : {};
    const request = {
      method: endpoint.method,
      path,
      headers,
      signal: link.signal,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
    };
    try {
      return await withRetries(
        async (): Promise<SendOutcome<v.InferOutput<S>>> => {
          let response: Awaited<ReturnType<HttpTransport['send']>>;
          try {
            response = await this.#send(request);
          } catch (error) {
            if (!(error instanceof TransportFailure)) throw error;
            return { ok: false, error: transportError(what, error), retryable: true };
          }
          const { status, contentType, text } = response;
          if (status >= 400) {
            const error = httpStatusError(
              status,
              contentType,
              text,
              what,
              this.#config.serverAddress,
            );
            return { ok: false, error, retryable: status === 408 || status >= 500 };
          }
          return {
            ok: true,
            value: parseAnswer(endpoint.response, status, contentType, text, what),
          };
        },
        {
          retryDelaysMs: this.#config.retryDelaysMs,
          probe: (signal) => this.probeHealth(signal),
          logger: this.#logger,
          signal: link.signal,
          what,
        },
      );
    } finally {
      link.dispose();
    }
  }

  /**
   * The health probe between retries: `GET /v1/agl/health` until it answers
   * 200, pausing `healthRetryDelaysMs` between tries. No delays = healthy
   * without asking.
   *
   * @param signal - cancels the probe
   * @returns whether the server answered 200
   */
  async probeHealth(signal?: AbortSignal): Promise<boolean> {
    const delays = this.#config.healthRetryDelaysMs;
    if (delays.length === 0) return true;
    for (const delay of [...delays, 0]) {
      try {
        const response = await this.#send({
          method: 'GET',
          path: STORE_ROUTES.health.path,
          ...(signal ? { signal } : {}),
        });
        if (response.status === 200) return true;
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
      }
      if (delay > 0) await sleepSeconds(delay / 1000, signal);
    }
    this.#logger.error(
      `Store server ${this.#config.serverAddress} failed ${delays.length + 1} health probes`,
    );
    return false;
  }

  /** Aborts calls in flight (they fail with `UnavailableError`) and releases every pooled socket. */
  async close(): Promise<void> {
    const closing = this.#closing;
    this.#closing = new AbortController();
    closing.abort(new UnavailableError('The store client was closed during the call'));
    await this.#transport.close();
  }
}

/**
 * Validates a success answer: JSON content type, parseable JSON, expected shape.
 *
 * @throws ProtocolError otherwise (never retried)
 */
function parseAnswer<S extends v.GenericSchema>(
  schema: S,
  status: number,
  contentType: string | null,
  text: string,
  what: string,
): v.InferOutput<S> {
  if (!isJsonContentType(contentType)) {
    throw new ProtocolError(
      `${what} answered HTTP ${status} with content type ${contentType ?? '(none)'} instead of JSON; is this a store server?`,
      status,
      contentType,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError(
      `${what} answered malformed JSON: ${text.slice(0, 200)}`,
      status,
      contentType,
      cause,
    );
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    throw new ProtocolError(
      `${what} answered JSON of an unexpected shape: ${v.summarize(result.issues)}`,
      status,
      contentType,
      result.issues,
    );
  }
  return result.output;
}
