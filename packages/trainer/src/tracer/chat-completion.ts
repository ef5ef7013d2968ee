/**
 * Opt-in instrumentation of OpenAI-compatible chat calls:
 * one `openai.chat.completion` span with the `gen_ai.*` attributes that
 * `TracerTraceToTriplet` reads. No dependency on the `openai` package.
 *
 * @module
 */
import type { Attributes } from '@agl/types';
import { getLogger } from '../logging';
import { flattenAttributes, isPlainObject } from '../semconv/flatten';
import { sanitizeAttributes } from '../semconv/sanitize';
import { ChatCompletionAccumulator, isAsyncIterable, watchStream } from './chat-stream';
import { getActiveTracer } from './registry';

const log = getLogger('agl.tracer');

/** Span name of a chat completion (the Python instrumentation's name, matched by the adapter). */
export const CHAT_COMPLETION_SPAN_NAME = 'openai.chat.completion';

/** The parts of a chat request that are recorded. */
export interface ChatCompletionRequestLike {
  /** Model name. */
  model?: string;
  /** Conversation messages (`role`, `content`, `tool_calls`, `tool_call_id`). */
  messages: readonly Record<string, unknown>[];
  /** Other parameters; numbers and strings among them are recorded under `gen_ai.request.*`. */
  [parameter: string]: unknown;
}

const MESSAGE_KEYS = ['role', 'content', 'tool_call_id', 'name', 'finish_reason'];

function messageAttributes(
  prefix: string,
  message: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of MESSAGE_KEYS) {
    const value = message[key];
    if (value === undefined || value === null) continue;
    out[`${prefix}.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((call: unknown, j) => {
    if (!isPlainObject(call)) return;
    const fn = isPlainObject(call.function) ? call.function : {};
    out[`${prefix}.tool_calls.${j}.id`] = call.id;
    out[`${prefix}.tool_calls.${j}.name`] = fn.name;
    out[`${prefix}.tool_calls.${j}.arguments`] = fn.arguments;
  });
  return out;
}

function intArray(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every(Number.isInteger) ? value : null;
}

/** The `gen_ai.*` attributes of a request. */
export function chatRequestAttributes(request: ChatCompletionRequestLike): Attributes {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (
      key !== 'messages' &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    ) {
      out[`gen_ai.request.${key}`] = value;
    }
  }
  for (const [i, m] of request.messages.entries()) {
    Object.assign(out, messageAttributes(`gen_ai.prompt.${i}`, m));
  }
  return sanitizeAttributes(out);
}

/** The `gen_ai.*` and token-id attributes of a response. */
export function chatResponseAttributes(response: unknown): Attributes {
  if (!isPlainObject(response)) return {};
  const out: Record<string, unknown> = {
    'gen_ai.response.id': response.id,
    'gen_ai.response.model': response.model,
    ...flattenAttributes({ 'gen_ai.usage': response.usage ?? {} }),
  };
  const choices = Array.isArray(response.choices) ? response.choices.filter(isPlainObject) : [];
  choices.forEach((choice, i) => {
    const message = isPlainObject(choice.message) ? choice.message : {};
    Object.assign(
      out,
      messageAttributes(`gen_ai.completion.${i}`, {
        ...message,
        finish_reason: choice.finish_reason,
      }),
    );
  });
  const promptIds = intArray(response.prompt_token_ids);
  const responseIds = intArray(response.response_token_ids) ?? intArray(choices[0]?.token_ids);
  if (promptIds) out.prompt_token_ids = promptIds;
  if (responseIds) out.response_token_ids = responseIds;
  return sanitizeAttributes(
    Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== null)),
  );
}

/**
 * Performs a chat call and records it as one `openai.chat.completion` span
 * through the active tracer (a child of any open operation). Without an
 * active tracer the call runs unrecorded. Errors are recorded and re-thrown.
 *
 * A streamed response (an async iterable, e.g. `stream: true` with the
 * OpenAI SDK) is returned at once and recorded whole when the caller has read
 * it: content, tool calls, usage and token ids. The span also ends when the
 * caller stops reading early or the stream fails. An OpenAI SDK `Stream`
 * keeps its identity (`tee()` and `toReadableStream()` still work). A stream
 * that is never read leaves its span open, so it is not recorded.
 *
 * @param request - the request (model, messages, parameters)
 * @param call - performs the call, e.g. `(r) => client.chat.completions.create(r)`
 * @returns the response, unchanged (a stream is watched, not consumed)
 * @example const res = await traceChatCompletion({model, messages}, (r) => client.chat.completions.create(r));
 */
export async function traceChatCompletion<Req extends ChatCompletionRequestLike, Res>(
  request: Req,
  call: (request: Req) => Promise<Res>,
): Promise<Res> {
  const tracer = getActiveTracer();
  if (tracer === null) {
    log.debug('No active tracer; the chat completion is not recorded.');
    return call(request);
  }
  return new Promise<Res>((resolve, reject) => {
    const operation = tracer.operationContext(
      CHAT_COMPLETION_SPAN_NAME,
      async (recording) => {
        let response: Res;
        try {
          response = await call(request);
        } catch (error) {
          reject(error);
          throw error;
        }
        if (!isAsyncIterable(response)) {
          recording.recordAttributes(chatResponseAttributes(response));
          resolve(response);
          return;
        }
        // The span must outlive this call: the operation waits until the caller's reading ends.
        const merged = new ChatCompletionAccumulator();
        await new Promise<void>((ended, failed) => {
          resolve(
            watchStream(
              response as Res & AsyncIterable<unknown>,
              (chunk) => merged.add(chunk),
              (end) => {
                recording.recordAttributes(chatResponseAttributes(merged.result()));
                if (end.kind === 'error') failed(end.error);
                else ended();
              },
            ),
          );
        });
      },
      { attributes: chatRequestAttributes(request) },
    );
    // Failures reach the caller through `reject` or through the stream itself.
    Promise.resolve(operation).catch(() => undefined);
  });
}
