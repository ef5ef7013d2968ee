/**
 * The token-id `fetch`: token ids without a gateway. Given to an
 * OpenAI-compatible client (`new OpenAI({ fetch })`,
 * `createOpenAICompatible({ fetch })`, `new ChatOpenAI({ configuration: { fetch } })`),
 * it reads the vLLM-style `prompt_token_ids` and `choices[0].token_ids` of
 * each chat completion, plain or streamed, and attaches them to the LLM span
 * of the call. The caller receives the same body.
 *
 * @module
 */
import { type Logger, silentLogger } from '@agl/store-core';
import { trace } from '@opentelemetry/api';

/** Where the token ids of the current call go: set on a span or kept for a bridge's span. */
export interface TokenIdSink {
  /** Records prompt and/or response token ids (called again as streamed ids arrive). */
  setTokenIds(ids: { promptTokenIds?: number[]; responseTokenIds?: number[] }): void;
}

/** Finds the sink of the call in progress; `null` when it is not the finder's. */
export type TokenIdSinkFinder = () => TokenIdSink | null;

const finders: TokenIdSinkFinder[] = [];

/**
 * Registers a sink finder consulted before the active OpenTelemetry span (the
 * Agents bridge uses it to reach the span it mirrors). Returns an unregister function.
 *
 * @param finder - returns the sink of the current call, or `null`
 */
export function registerTokenIdSinkFinder(finder: TokenIdSinkFinder): () => void {
  finders.unshift(finder);
  return () => {
    const at = finders.indexOf(finder);
    if (at >= 0) finders.splice(at, 1);
  };
}

function activeSpanSink(): TokenIdSink | null {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return null;
  return {
    setTokenIds({ promptTokenIds, responseTokenIds }) {
      if (promptTokenIds !== undefined) span.setAttribute('prompt_token_ids', promptTokenIds);
      if (responseTokenIds !== undefined) span.setAttribute('response_token_ids', responseTokenIds);
    },
  };
}

function currentSink(): TokenIdSink | null {
  for (const finder of finders) {
    const sink = finder();
    if (sink !== null) return sink;
  }
  return activeSpanSink();
}

/** Options of `createTokenIdFetch`. */
export interface TokenIdFetchOptions {
  /** The `fetch` to wrap (default the global `fetch`). */
  fetch?: typeof fetch;
  /**
   * Add `return_token_ids: true` to chat-completion request bodies that lack it
   * (default false: most libraries can send it themselves, and hosted APIs reject it).
   */
  requestTokenIds?: boolean;
  /** Logger (default silent). */
  logger?: Logger;
}

function intArray(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every(Number.isInteger)
    ? (value as number[])
    : null;
}

function firstChoiceIds(body: Record<string, unknown>): number[] | null {
  const choices = Array.isArray(body.choices) ? body.choices : [];
  const first = choices.find(
    (c: unknown) =>
      typeof c === 'object' && c !== null && ((c as { index?: unknown }).index ?? 0) === 0,
  ) as Record<string, unknown> | undefined;
  return first === undefined ? null : intArray(first.token_ids);
}

function isChatCompletion(input: Parameters<typeof fetch>[0], init?: RequestInit): boolean {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return method.toUpperCase() === 'POST' && /\/chat\/completions(?:\?|$)/.test(url);
}

function withTokenIdRequest(init: RequestInit | undefined): RequestInit | undefined {
  if (init === undefined || typeof init.body !== 'string') return init;
  try {
    const body = JSON.parse(init.body) as Record<string, unknown>;
    if (body.return_token_ids !== undefined) return init;
    return { ...init, body: JSON.stringify({ ...body, return_token_ids: true }) };
  } catch {
    return init;
  }
}

/** Reads SSE `data:` events as they pass through to the caller, unchanged. */
function tapSse(
  body: ReadableStream<Uint8Array>,
  onEvent: (data: Record<string, unknown>) => void,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let pending = '';
  const consume = (text: string): void => {
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '' || data === '[DONE]') continue;
      try {
        const parsed: unknown = JSON.parse(data);
        if (typeof parsed === 'object' && parsed !== null)
          onEvent(parsed as Record<string, unknown>);
      } catch {
        // Not JSON: not a chunk this wrapper reads.
      }
    }
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        consume(decoder.decode(chunk, { stream: true }));
        controller.enqueue(chunk);
      },
      flush() {
        consume(`${decoder.decode()}\n`);
      },
    }),
  );
}

/**
 * A `fetch` for OpenAI-compatible clients that attaches the prompt and
 * response token ids of each chat completion to the LLM span of the call
 * (the active OpenTelemetry span, or the span an Agents JS bridge mirrors).
 * Plain responses are read from a clone; streamed responses are read as they
 * pass through, so the ids seen so far are on the span whenever it ends. The
 * caller receives the same status, headers and body.
 *
 * @param options - the `fetch` to wrap, whether to request token ids, logger
 */
export function createTokenIdFetch(options: TokenIdFetchOptions = {}): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  const log = options.logger ?? silentLogger;
  const wrapped = async (
    input: Parameters<typeof fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    if (!isChatCompletion(input, init)) return base(input, init);
    const sink = currentSink();
    const sent = options.requestTokenIds ? withTokenIdRequest(init) : init;
    const response = await base(input, sent);
    if (sink === null || !response.ok || response.body === null) return response;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      let responseIds: number[] = [];
      let promptSeen = false;
      const body = tapSse(response.body, (chunk) => {
        const prompt = promptSeen ? null : intArray(chunk.prompt_token_ids);
        if (prompt !== null) {
          promptSeen = true;
          sink.setTokenIds({ promptTokenIds: prompt });
        }
        const ids = firstChoiceIds(chunk);
        if (ids !== null) {
          responseIds = [...responseIds, ...ids];
          sink.setTokenIds({ responseTokenIds: responseIds });
        }
      });
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    try {
      const parsed = (await response.clone().json()) as Record<string, unknown>;
      const prompt = intArray(parsed.prompt_token_ids);
      const ids = firstChoiceIds(parsed);
      sink.setTokenIds({
        ...(prompt === null ? {} : { promptTokenIds: prompt }),
        ...(ids === null ? {} : { responseTokenIds: ids }),
      });
    } catch (error) {
      log.debug('The chat completion body is not JSON; no token ids recorded.', error);
    }
    return response;
  };
  return wrapped as typeof fetch;
}
