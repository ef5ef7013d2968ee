/**
 * The fake LLM of `fake-llm.ts` over HTTP: an OpenAI-compatible
 * `POST /v1/chat/completions` on 127.0.0.1 (a free port by default), so the
 * real `openai` client, a runner process or a demo can talk to it.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApoChatMessage } from '../types';
import { type FakeApoLlmCall, type FakeApoLlmOptions, FakeApoModels } from './fake-llm';
import { chatResponse } from './number-lab';

/** Options of {@link startFakeApoLlmServer}. */
export interface FakeApoLlmServerOptions extends FakeApoLlmOptions {
  /** Requests (1-based over all requests) answered with an error status instead. */
  httpErrors?: readonly { request: number; status: number }[];
  /** Host (default 127.0.0.1). */
  host?: string;
  /** Port (default 0 = a free port). */
  port?: number;
}

/** A running fake server. */
export interface FakeApoLlmServer {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  baseUrl: string;
  /** Every request received (parsed body), failed ones included. */
  calls: FakeApoLlmCall[];
  /** The routing core (call counters). */
  models: FakeApoModels;
  /** Stops the server. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Starts the server.
 *
 * @param options - routing, scripted HTTP errors, host and port
 */
export async function startFakeApoLlmServer(
  options: FakeApoLlmServerOptions = {},
): Promise<FakeApoLlmServer> {
  const models = new FakeApoModels(options);
  const calls: FakeApoLlmCall[] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return send(res, 404, { error: { message: `No route ${req.method} ${req.url}` } });
    }
    const body = await readJson(req);
    if (!body || !Array.isArray(body.messages) || typeof body.model !== 'string') {
      return send(res, 400, { error: { message: 'model and messages are required' } });
    }
    const messages = body.messages as ApoChatMessage[];
    calls.push({ model: body.model, temperature: body.temperature, messages, body });
    const injected = options.httpErrors?.find((e) => e.request === calls.length);
    if (injected) {
      return send(res, injected.status, {
        error: { message: `injected ${injected.status}`, type: 'fake_error' },
      });
    }
    const content = models.answer(body.model, messages);
    if (content === undefined) {
      return send(res, 400, {
        error: { message: `unknown model ${body.model}`, type: 'invalid_request_error' },
      });
    }
    send(res, 200, chatResponse(content, body.model, calls.length));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${port}/v1`,
    calls,
    models,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
