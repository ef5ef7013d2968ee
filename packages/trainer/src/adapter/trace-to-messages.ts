import { InvalidArgumentError } from '@agl/store-core';
import type { Span } from '@agl/types';
import { filterAndUnflattenAttributes, isPlainObject } from '../semconv/flatten';
import { TraceAdapter } from './base';
import { isLlmCallSpan, KNOWN_LLM_CALL_MATCH } from './llm-call-match';
import { readLlmSpan } from './llm-span-reader';

const KNOWN_CALL = new RegExp(KNOWN_LLM_CALL_MATCH);

/** One OpenAI chat-format record. */
export interface ChatRecord {
  /** The conversation: prompt messages, then the assistant completion(s). */
  messages: Record<string, unknown>[];
  /** Function tools offered in the request, or `null`. */
  tools: Record<string, unknown>[] | null;
}

const PREFIXES = ['gen_ai.prompt', 'gen_ai.completion', 'gen_ai.request', 'gen_ai.response'];

/** Attributes under `prefix` grouped: digit keys become a list in index order, others nested objects. */
function group(span: Span, prefix: string): unknown {
  const value = filterAndUnflattenAttributes(span.attributes, prefix);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => /^\d+$/.test(k))) return value;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k]);
}

function listOf(span: Span, prefix: string): Record<string, unknown>[] {
  const value = group(span, prefix);
  if (isPlainObject(value) && Object.keys(value).length === 0) return [];
  if (!Array.isArray(value))
    throw new InvalidArgumentError(`${prefix} of span ${span.span_id} must be a list`);
  return value.filter(isPlainObject);
}

function objectOf(span: Span, prefix: string): Record<string, unknown> {
  const value = group(span, prefix);
  if (!isPlainObject(value))
    throw new InvalidArgumentError(`${prefix} of span ${span.span_id} must be an object`);
  return value;
}

function toolCall(call: unknown): Record<string, unknown> {
  const c = isPlainObject(call) ? call : {};
  return { id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } };
}

function promptMessage(entry: Record<string, unknown>): Record<string, unknown> {
  if (entry.role === 'assistant' && entry.tool_calls !== undefined) {
    const calls = Array.isArray(entry.tool_calls)
      ? entry.tool_calls
      : Object.values(entry.tool_calls as object);
    return { role: 'assistant', content: null, tool_calls: calls.map(toolCall) };
  }
  const message: Record<string, unknown> = { role: entry.role, content: entry.content ?? '' };
  if (entry.tool_call_id !== undefined) message.tool_call_id = entry.tool_call_id;
  return message;
}

function childToolCalls(span: Span, all: readonly Span[]): Record<string, unknown>[] {
  return all
    .filter((child) => child.parent_id === span.span_id)
    .map((child) => filterAndUnflattenAttributes(child.attributes, 'tool'))
    .filter(
      (tool): tool is Record<string, unknown> =>
        isPlainObject(tool) && Object.keys(tool).length > 0,
    )
    .map((tool) => {
      const call = isPlainObject(tool.call) ? tool.call : {};
      return {
        id: call.id,
        type: call.type,
        function: { name: tool.name, arguments: tool.parameters },
      };
    });
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toolsOf(request: Record<string, unknown>): Record<string, unknown>[] | null {
  const functions = request.functions;
  const list = Array.isArray(functions)
    ? functions
    : isPlainObject(functions)
      ? Object.values(functions)
      : null;
  if (list === null) return null;
  return list.filter(isPlainObject).map((fn) => ({
    type: 'function',
    function: {
      name: fn.name,
      description: fn.description ?? '',
      parameters: typeof fn.parameters === 'string' ? parseOrKeep(fn.parameters) : fn.parameters,
    },
  }));
}

/** A record from a third-party LLM span (GenAI JSON or AI SDK layout) without reference prompt keys. */
function thirdPartyRecord(span: Span, all: readonly Span[]): ChatRecord | null {
  if (Object.keys(span.attributes).some((k) => k.startsWith('gen_ai.prompt.'))) return null;
  if (!isLlmCallSpan(span, KNOWN_CALL)) return null;
  const read = readLlmSpan(span);
  if (read === null || (read.promptMessages === null && read.completionMessages === null)) {
    return null;
  }
  const messages: Record<string, unknown>[] = (read.promptMessages ?? []).map((m) =>
    promptMessage({ ...m, tool_calls: m.tool_calls ?? undefined }),
  );
  for (const completion of read.completionMessages ?? []) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: completion.content ?? '',
    };
    const calls = Array.isArray(completion.tool_calls)
      ? completion.tool_calls.map(toolCall)
      : childToolCalls(span, all);
    if (calls.length > 0) message.tool_calls = calls;
    messages.push(message);
  }
  return { messages, tools: read.tools };
}

/**
 * Converts every span carrying `gen_ai.prompt.*`, `gen_ai.completion.*`,
 * `gen_ai.request.*` or `gen_ai.response.*` into one OpenAI chat record
 * `{messages, tools}` (used by prompt optimisation). Spans of third-party
 * instrumentation (GenAI JSON or Vercel AI SDK attributes) are read through
 * `readLlmSpan`.
 */
export class TraceToMessages extends TraceAdapter<ChatRecord[]> {
  /**
   * @throws InvalidArgumentError when prompt/completion are not lists or request/response not objects
   */
  override adapt(spans: readonly Span[]): ChatRecord[] {
    return spans
      .filter(
        (span) =>
          Object.keys(span.attributes).some((k) => PREFIXES.some((p) => k.startsWith(`${p}.`))) ||
          thirdPartyRecord(span, spans) !== null,
      )
      .map((span) => {
        const thirdParty = thirdPartyRecord(span, spans);
        if (thirdParty !== null) return thirdParty;
        objectOf(span, 'gen_ai.response');
        const messages = listOf(span, 'gen_ai.prompt').map(promptMessage);
        for (const completion of listOf(span, 'gen_ai.completion')) {
          if (completion.role !== 'assistant') continue;
          const message: Record<string, unknown> = {
            role: 'assistant',
            content: completion.content ?? '',
          };
          const calls = childToolCalls(span, spans);
          if (calls.length > 0) message.tool_calls = calls;
          messages.push(message);
        }
        return { messages, tools: toolsOf(objectOf(span, 'gen_ai.request')) };
      });
  }
}
