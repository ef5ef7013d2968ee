/**
 * Streamed chat completions: merging the chunks of an OpenAI-compatible
 * stream into one response, and watching a stream the caller iterates so the
 * whole call is recorded once it ends, however it ends.
 *
 * @module
 */
import { isPlainObject } from '../semconv/flatten';

interface ToolCallDraft {
  id?: unknown;
  type?: unknown;
  function: { name: string; arguments: string };
}

interface ChoiceDraft {
  index: number;
  content: string;
  hasContent: boolean;
  finish_reason: unknown;
  tool_calls: ToolCallDraft[];
  token_ids: number[];
}

/**
 * Merges streamed chat-completion chunks into one chat-completion-shaped
 * object: content concatenated per choice, tool calls merged by index,
 * finish reasons, id, model, usage, and vLLM-style token ids (`prompt_token_ids`
 * from the first chunk that has them, `choices[i].token_ids` concatenated).
 */
export class ChatCompletionAccumulator {
  private id: unknown;
  private model: unknown;
  private usage: unknown;
  private promptTokenIds: number[] | null = null;
  private readonly choices = new Map<number, ChoiceDraft>();

  /** Adds one chunk (anything that is not an object is ignored). */
  add(chunk: unknown): void {
    if (!isPlainObject(chunk)) return;
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    if (isPlainObject(chunk.usage)) this.usage = chunk.usage;
    if (this.promptTokenIds === null && isIntArray(chunk.prompt_token_ids)) {
      this.promptTokenIds = [...chunk.prompt_token_ids];
    }
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (isPlainObject(choice)) this.addChoice(choice);
    }
  }

  /** The merged response, in the shape of a non-streamed chat completion. */
  result(): Record<string, unknown> {
    const choices = [...this.choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const message: Record<string, unknown> = {
          role: 'assistant',
          content: c.hasContent ? c.content : null,
        };
        if (c.tool_calls.length > 0) message.tool_calls = c.tool_calls.filter(Boolean);
        return {
          index: c.index,
          finish_reason: c.finish_reason ?? null,
          message,
          ...(c.token_ids.length > 0 ? { token_ids: c.token_ids } : {}),
        };
      });
    return {
      id: this.id,
      model: this.model,
      choices,
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      ...(this.promptTokenIds === null ? {} : { prompt_token_ids: this.promptTokenIds }),
    };
  }

  private addChoice(choice: Record<string, unknown>): void {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    let draft = this.choices.get(index);
    if (draft === undefined) {
      draft = {
        index,
        content: '',
        hasContent: false,
        finish_reason: null,
        tool_calls: [],
        token_ids: [],
      };
      this.choices.set(index, draft);
    }
    if (choice.finish_reason != null) draft.finish_reason = choice.finish_reason;
    if (isIntArray(choice.token_ids)) draft.token_ids.push(...choice.token_ids);
    const delta = isPlainObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === 'string') {
      draft.content += delta.content;
      draft.hasContent = true;
    }
    for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      if (!isPlainObject(call)) continue;
      const at = typeof call.index === 'number' ? call.index : draft.tool_calls.length;
      draft.tool_calls[at] ??= { function: { name: '', arguments: '' } };
      const target = draft.tool_calls[at] as ToolCallDraft;
      if (call.id != null) target.id = call.id;
      if (call.type != null) target.type = call.type;
      const fn = isPlainObject(call.function) ? call.function : {};
      if (typeof fn.name === 'string') target.function.name += fn.name;
      if (typeof fn.arguments === 'string') target.function.arguments += fn.arguments;
    }
  }
}

function isIntArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

/** How a watched stream ended. */
export type StreamEnd = { kind: 'done' } | { kind: 'stopped' } | { kind: 'error'; error: unknown };

/**
 * Wraps an async iterator so that `onChunk` sees every item and `onEnd` runs
 * exactly once: when it is exhausted, when the consumer stops early
 * (`break`, `return()`), or when it throws.
 */
export function watchIterator<T>(
  source: AsyncIterator<T>,
  onChunk: (chunk: T) => void,
  onEnd: (end: StreamEnd) => void,
): AsyncIterableIterator<T> {
  let ended = false;
  const end = (how: StreamEnd): void => {
    if (ended) return;
    ended = true;
    onEnd(how);
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(...args: [] | [unknown]) {
      try {
        const result = await source.next(...args);
        if (result.done) end({ kind: 'done' });
        else onChunk(result.value);
        return result;
      } catch (error) {
        end({ kind: 'error', error });
        throw error;
      }
    },
    async return(value?: unknown) {
      end({ kind: 'stopped' });
      if (typeof source.return === 'function') return source.return(value);
      return { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      end({ kind: 'error', error });
      if (typeof source.throw === 'function') return source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Whether a value is an async iterable (a streamed response). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/**
 * Watches a streamed response without changing its type: an OpenAI SDK
 * `Stream` keeps its identity (its `iterator` factory is wrapped, so
 * iteration, `tee()` and `toReadableStream()` all pass through the watch);
 * any other async iterable is replaced by a watching iterable.
 *
 * @param stream - the streamed response
 * @param onChunk - sees every chunk
 * @param onEnd - runs once when the stream ends, is stopped or fails
 */
export function watchStream<S extends AsyncIterable<unknown>>(
  stream: S,
  onChunk: (chunk: unknown) => void,
  onEnd: (end: StreamEnd) => void,
): S {
  const holder = stream as unknown as { iterator?: unknown };
  if (typeof holder.iterator === 'function') {
    const original = holder.iterator as () => AsyncIterator<unknown>;
    let watched = false;
    holder.iterator = function watchedIterator(this: unknown) {
      const source = original.call(this);
      if (watched) return source;
      watched = true;
      return watchIterator(source, onChunk, onEnd);
    };
    return stream;
  }
  const source = stream[Symbol.asyncIterator]();
  return watchIterator(source, onChunk, onEnd) as unknown as S;
}
