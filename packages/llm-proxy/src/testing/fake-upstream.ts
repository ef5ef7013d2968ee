/**
 * A deterministic stand-in for a vLLM OpenAI-compatible server, for tests and benchmarks. It
 * serves chat and text completions, streamed or not, with prompt and generated token ids,
 * log-probs and failure modes chosen by prompt directives or by a queue of one-shot behaviours.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { InvalidArgumentError } from '@agl/store-core';
import { type FakeDirective, generate, parseDirective } from './fake-answer.js';
import { type FakeBehaviour, FakeBehaviourQueue } from './fake-behaviours.js';
import { buildFakeCall, type FakeRequestBody, validateFakeRequest } from './fake-request.js';
import {
  chatBody,
  chatEvents,
  completionBody,
  completionEvents,
  type FakeCall,
  type FakeEvent,
  fakeErrorBody,
} from './fake-shapes.js';

export type { FakeBehaviour } from './fake-behaviours.js';

/** How the fake server treats the `return_token_ids` request flag. */
export type FakeReturnTokenIds = 'honor' | 'never' | 'nonStreamOnly';

/** Options of {@link createFakeUpstream}; every one is optional. */
export interface FakeUpstreamOptions {
  /** Address to bind. Default `127.0.0.1`. */
  host?: string | undefined;
  /** Port to bind; `0` (default) picks a free one. */
  port?: number | undefined;
  /** The only model name served. Default `fake/toy-1`. */
  servedModel?: string | undefined;
  /** `created` of every answer. Default `1700000000`. */
  created?: number | undefined;
  /** Delay before response headers, in milliseconds. Default 0. */
  latencyMs?: number | undefined;
  /** Delay between stream chunks, in milliseconds. Default 0. */
  chunkDelayMs?: number | undefined;
  /** Generated tokens per content chunk. Default 1. */
  tokensPerChunk?: number | undefined;
  /** `honor` (default) the request flag, `never` return ids, or return them for `nonStreamOnly` calls. */
  returnTokenIds?: FakeReturnTokenIds | undefined;
  /** Indices of streamed content chunks whose `token_ids` are left out. Default none. */
  dropTokenIdsInChunks?: readonly number[] | undefined;
  /** When set, `Authorization: Bearer <apiKey>` is required (else 401). */
  apiKey?: string | null | undefined;
}

/** One request the fake server received. */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, `null` without a body. */
  body: unknown;
  /** Epoch milliseconds of arrival. */
  receivedAt: number;
}

/** A running fake model server and its control API. */
export interface FakeUpstream {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:43121/v1`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** Every request received so far, in arrival order. */
  readonly requests: readonly FakeRequest[];
  /** Queues one-shot behaviours, taken in order by the next generation requests. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Forgets received requests and queued behaviours (answer ids keep counting). */
  reset(): void;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}

interface Settings {
  servedModel: string;
  created: number;
  latencyMs: number;
  chunkDelayMs: number;
  tokensPerChunk: number;
  returnTokenIds: FakeReturnTokenIds;
  dropTokenIdsInChunks: readonly number[];
  apiKey: string | null;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return value;
}

function settingsFrom(options: FakeUpstreamOptions): Settings {
  const tokensPerChunk = nonNegative('tokensPerChunk', options.tokensPerChunk, 1);
  if (!Number.isInteger(tokensPerChunk) || tokensPerChunk < 1) {
    throw new InvalidArgumentError('tokensPerChunk must be a positive integer');
  }
  const mode = options.returnTokenIds ?? 'honor';
  if (!['honor', 'never', 'nonStreamOnly'].includes(mode)) {
    throw new InvalidArgumentError(
      `returnTokenIds must be honor, never or nonStreamOnly, got ${String(mode)}`,
    );
  }
  return {
    servedModel: options.servedModel ?? 'fake/toy-1',
    created: options.created ?? 1_700_000_000,
    latencyMs: nonNegative('latencyMs', options.latencyMs, 0),
    chunkDelayMs: nonNegative('chunkDelayMs', options.chunkDelayMs, 0),
    tokensPerChunk,
    returnTokenIds: mode,
    dropTokenIdsInChunks: options.dropTokenIdsInChunks ?? [],
    apiKey: options.apiKey ?? null,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function write(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts a fake vLLM-like model server; resolves once it listens. */
export async function createFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const settings = settingsFrom(options);
  const requests: FakeRequest[] = [];
  const queue = new FakeBehaviourQueue();
  const sockets = new Set<Socket>();
  let counter = 0;

  async function stream(
    res: ServerResponse,
    events: FakeEvent[],
    stop: FakeDirective,
    dropAfter: number | null,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    let contentChunks = 0;
    for (const event of events) {
      if (res.destroyed) return;
      if (event.content) {
        if (stop.kind === 'stream-error' && contentChunks === stop.afterChunks) {
          const error = {
            error: {
              message: 'fake stream error',
              type: 'InternalServerError',
              param: null,
              code: 500,
            },
          };
          await write(res, `data: ${JSON.stringify(error)}\n\ndata: [DONE]\n\n`);
          res.end();
          return;
        }
        const dropAt = stop.kind === 'drop' ? stop.afterChunks : dropAfter;
        if (dropAt !== null && contentChunks === dropAt) {
          res.socket?.destroy();
          return;
        }
        if (contentChunks > 0 && settings.chunkDelayMs > 0) await sleep(settings.chunkDelayMs);
        contentChunks++;
      }
      await write(res, `data: ${JSON.stringify(event.data)}\n\n`);
    }
    await write(res, 'data: [DONE]\n\n');
    res.end();
  }

  async function generation(
    req: IncomingMessage,
    res: ServerResponse,
    kind: 'chat' | 'completions',
    raw: string,
  ) {
    let body: FakeRequestBody;
    try {
      body = JSON.parse(raw) as FakeRequestBody;
    } catch {
      sendJson(res, 400, fakeErrorBody(400, 'Invalid JSON body'));
      return;
    }
    const invalid = validateFakeRequest(kind, body, settings.servedModel);
    if (invalid) {
      sendJson(res, invalid.status, fakeErrorBody(invalid.status, invalid.message, invalid.type));
      return;
    }
    const behaviour = queue.take();
    if (behaviour?.resetConnection) {
      req.socket.destroy();
      return;
    }
    const prompt = buildFakeCall(kind, body);
    const directive = parseDirective(prompt.directiveText);
    let wait = settings.latencyMs + (behaviour?.delayMs ?? 0) + (behaviour?.hangMs ?? 0);
    if (directive.kind === 'sleep') wait += directive.ms;
    if (wait > 0) await sleep(wait);
    if (res.destroyed) return;
    if (behaviour?.status !== undefined) {
      sendJson(
        res,
        behaviour.status,
        behaviour.body ?? fakeErrorBody(behaviour.status),
        behaviour.headers,
      );
      return;
    }
    if (directive.kind === 'status') {
      sendJson(res, directive.code, fakeErrorBody(directive.code));
      return;
    }
    const streamed = body.stream === true;
    if (directive.kind === 'stream-error' && !streamed) {
      sendJson(res, 500, fakeErrorBody(500));
      return;
    }
    if (behaviour?.invalidJson) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "broken", ');
      return;
    }
    counter++;
    const withIds =
      body.return_token_ids === true &&
      settings.returnTokenIds !== 'never' &&
      !(settings.returnTokenIds === 'nonStreamOnly' && streamed);
    const call: FakeCall = {
      kind,
      id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-fake-${counter}`,
      created: settings.created,
      model: settings.servedModel,
      withIds,
      chatTopLogprobs:
        kind === 'chat' && body.logprobs === true ? Number(body.top_logprobs ?? 0) : null,
      completionLogprobs:
        kind === 'completions' && typeof body.logprobs === 'number' ? body.logprobs : null,
      choices: prompt.prompts.flatMap((p) =>
        Array.from({ length: prompt.n }, () => ({
          promptIds: p.ids,
          generation: generate({
            text: p.text,
            directive,
            maxTokens: prompt.maxTokens,
            tokensPerChunk: settings.tokensPerChunk,
            toolCallId: `call_fake_${counter}`,
          }),
        })),
      ),
    };
    if (!streamed || behaviour?.jsonForStream) {
      sendJson(res, 200, kind === 'chat' ? chatBody(call) : completionBody(call));
      return;
    }
    const shape = {
      includeUsage: body.stream_options?.include_usage === true,
      dropTokenIdsInChunks: settings.dropTokenIdsInChunks,
    };
    const events = kind === 'chat' ? chatEvents(call, shape) : completionEvents(call, shape);
    await stream(res, events, directive, behaviour?.dropAfterChunks ?? null);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] as string;
    let parsed: unknown = null;
    if (raw.length > 0) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = raw;
      }
    }
    const method = req.method ?? 'GET';
    requests.push({
      method,
      path,
      headers: headerRecord(req),
      body: parsed,
      receivedAt: Date.now(),
    });
    if (method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    }
    if (settings.apiKey !== null && req.headers.authorization !== `Bearer ${settings.apiKey}`) {
      sendJson(res, 401, { error: 'Unauthorized' });
      return;
    }
    if (method === 'GET' && path === '/v1/models') {
      const data = [
        {
          id: settings.servedModel,
          object: 'model',
          created: settings.created,
          owned_by: 'vllm',
          max_model_len: 32768,
        },
      ];
      sendJson(res, 200, { object: 'list', data });
      return;
    }
    if (method === 'POST' && path === '/v1/chat/completions')
      return generation(req, res, 'chat', raw);
    if (method === 'POST' && path === '/v1/completions')
      return generation(req, res, 'completions', raw);
    sendJson(res, 404, { detail: 'Not Found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fakeErrorBody(500, String(error)));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    requests,
    enqueue: (...behaviours) => queue.push(behaviours),
    reset: () => {
      requests.length = 0;
      queue.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
