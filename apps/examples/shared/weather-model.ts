/**
 * The offline model server of the weather agent examples: an
 * OpenAI-compatible `POST /v1/chat/completions` (JSON answers) that returns
 * vLLM-style token ids. Model `weather-expert` calls the `weather` tool for the
 * city in the question, then answers with the tool's result; model `guesser`
 * never calls tools and answers "Probably sunny.".
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running weather model server. */
export interface WeatherModelServer {
  /** Base URL, ending in `/v1`. */
  readonly baseUrl: string;
  /** Request bodies received, in order. */
  readonly requests: Record<string, unknown>[];
  /** Stops the server. */
  close(): Promise<void>;
}

type Message = { role: string; content?: unknown; tool_calls?: unknown[] };

/** Token ids of a text: one per character (its code point), as a toy tokenizer. */
export function toyTokenIds(text: string): number[] {
  return [...text].map((c) => c.codePointAt(0) ?? 0);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((p) => (p as { text?: string }).text ?? '').join('');
  return '';
}

let answers = 0;

/** The answer to one request body. */
function answer(body: Record<string, unknown>): Record<string, unknown> {
  const messages = (body.messages ?? []) as Message[];
  const question = textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
  const city = /in ([A-Z][a-z]+)/.exec(question)?.[1] ?? 'Paris';
  const toolResult = [...messages].reverse().find((m) => m.role === 'tool');
  const useTools = body.model === 'weather-expert' && Array.isArray(body.tools);
  answers++;
  let message: Record<string, unknown>;
  if (useTools && toolResult === undefined) {
    message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: `call_${answers}`,
          type: 'function',
          function: { name: 'weather', arguments: JSON.stringify({ city }) },
        },
      ],
    };
  } else {
    const content = toolResult
      ? `The weather in ${city}: ${textOf(toolResult.content)}.`
      : 'Probably sunny.';
    message = { role: 'assistant', content };
  }
  const completion = message.content ?? JSON.stringify(message.tool_calls);
  const wantIds = body.return_token_ids === true;
  return {
    id: `chatcmpl-weather-${answers}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
        ...(wantIds ? { token_ids: toyTokenIds(String(completion)) } : {}),
      },
    ],
    usage: {
      prompt_tokens: question.length,
      completion_tokens: String(completion).length,
      total_tokens: question.length + String(completion).length,
    },
    ...(wantIds
      ? { prompt_token_ids: toyTokenIds(messages.map((m) => textOf(m.content)).join('\n')) }
      : {}),
  };
}

/** Starts the server on a free loopback port. */
export async function startWeatherModel(): Promise<WeatherModelServer> {
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
