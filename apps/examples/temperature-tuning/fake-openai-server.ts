/**
 * A tiny OpenAI-compatible server (`POST /v1/chat/completions`) standing in
 * for a real model. For "What is A + B?" it answers the
 * correct sum with probability `max(0, 1 - temperature)`, decided by a
 * generator seeded from (question, temperature), so every run gives the same
 * answers. Responses carry `id`, `usage`, `prompt_token_ids` and
 * `response_token_ids` like a vLLM server with token ids enabled.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashString, randomInt, seededRandom } from '../shared/random';

/** A running fake server. */
export interface FakeOpenAiServer {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  baseUrl: string;
  /** Chat completions answered so far. */
  readonly completions: number;
  /** Stops the server. */
  close(): Promise<void>;
}

type Message = { role?: unknown; content?: unknown };

/** The text of a message's content (a string, or the text parts of a list). */
function textOf(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

/**
 * The reply of the fake model.
 *
 * @param question - the user's question
 * @param temperature - the sampling temperature (default 1, as OpenAI's)
 */
export function fakeReply(question: string, temperature: number): string {
  const match = /What is (-?\d+) \+ (-?\d+)\?/.exec(question);
  if (!match) return 'I can only add two numbers.';
  const sum = Number(match[1]) + Number(match[2]);
  const random = seededRandom(hashString(`${match[0]}|${temperature}`));
  const correct = random() < Math.max(0, 1 - temperature);
  return String(correct ? sum : sum + randomInt(random, 1, 9));
}

const codes = (text: string) => [...text].map((c) => c.codePointAt(0) ?? 0);

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
 * @param options - `host` (default 127.0.0.1) and `port` (default 0 = a free port)
 */
export async function startFakeOpenAiServer(
  options: { host?: string; port?: number } = {},
): Promise<FakeOpenAiServer> {
  let completions = 0;
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return send(res, 404, { error: { message: `No route ${req.method} ${req.url}` } });
    }
    const body = await readJson(req);
    const messages = Array.isArray(body?.messages) ? (body.messages as Message[]) : null;
    if (!body || !messages) return send(res, 400, { error: { message: 'messages is required' } });
    const temperature = typeof body.temperature === 'number' ? body.temperature : 1;
    const prompt = messages.map(textOf).join('\n');
    const question = textOf(messages.filter((m) => m.role === 'user').at(-1) ?? {});
    const content = fakeReply(question, temperature);
    completions += 1;
    send(res, 200, {
      id: `chatcmpl-${completions}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: typeof body.model === 'string' ? body.model : 'fake-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: codes(prompt).length,
        completion_tokens: codes(content).length,
        total_tokens: codes(prompt).length + codes(content).length,
      },
      prompt_token_ids: codes(prompt),
      response_token_ids: codes(content),
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${port}/v1`,
    get completions() {
      return completions;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
