import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { LightningStore, Logger } from '@agl/store-core';
import { makeSpan as buildSpan } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Hono } from 'hono';
import { createStoreApp } from '../src/app';
import type { StoreAppOptions } from '../src/options';

/** A logger that keeps every line, by level. */
export function captureLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A parsed answer. */
export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, the text otherwise. */
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect answers freely
  body: any;
  text: string;
}

/** Options of one request sent with `call`. */
export interface CallOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as the exact bytes, with only the headers given. */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

async function toReply(response: Response): Promise<Reply> {
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    body: isJson && text !== '' ? JSON.parse(text) : text,
    text,
  };
}

/** Builds the `RequestInit` of one call; raw text goes as bytes so no content type is added. */
function requestInit(method: string, options: CallOptions = {}): RequestInit {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body = typeof options.raw === 'string' ? new TextEncoder().encode(options.raw) : options.raw;
  }
  return body === undefined ? { method, headers } : { method, headers, body };
}

/** An app over a fresh in-memory store, called without a network listener. */
export interface TestApp {
  app: Hono;
  store: LightningStore;
  logger: ReturnType<typeof captureLogger>;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * Creates an app over a fresh in-memory store (or the given one) with a capturing logger.
 *
 * @param options - app options
 * @param store - the store to serve (default: a new in-memory store without watchdog timer)
 */
export function testApp(options: StoreAppOptions = {}, store?: LightningStore): TestApp {
  const served = store ?? new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  const logger = captureLogger();
  const app = createStoreApp(served, { logger, ...options });
  return {
    app,
    store: served,
    logger,
    call: async (method, path, callOptions) =>
      toReply(await app.request(path, requestInit(method, callOptions))),
    close: () => served.close(),
  };
}

/**
 * Sends one request to a real server.
 *
 * @param base - the server root
 */
export async function httpCall(
  base: string,
  method: string,
  path: string,
  options: CallOptions & { signal?: AbortSignal } = {},
): Promise<Reply> {
  const init = requestInit(method, options);
  if (options.signal) init.signal = options.signal;
  return toReply(await fetch(`${base}${path}`, { ...init, redirect: 'manual' }));
}

/** An answer as it came over the socket: status, headers and undecoded bytes. */
export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends one request with `node:http`, which adds only Host (and what `headers`
 * asks for), unlike `fetch`, and hands the answer back undecoded.
 *
 * @param url - the full URL
 * @param method - the HTTP method
 * @param headers - the exact request headers
 * @param body - the request bytes, if any
 */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Uint8Array | string,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The contract suite's span builder with the values the reference's clients send. */
export function makeSpan(rolloutId: string, attemptId: string, spanId: string, sequenceId = 1) {
  return buildSpan(rolloutId, attemptId, {
    sequence_id: sequenceId,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: spanId,
    name: `span-${spanId}`,
    attributes: { 'agentlightning.reward.0.value': 1.0 },
    start_time: 1717171721.0,
    end_time: 1717171721.2,
  });
}
