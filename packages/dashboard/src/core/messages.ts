/**
 * LLM calls in spans: which spans are LLM calls, and their prompt and
 * response messages, model, usage and token ids, across the attribute
 * conventions tracers use (OpenAI-style flattened `gen_ai.prompt.N.*`,
 * OpenTelemetry `gen_ai.input.messages`, JSON `gen_ai.prompt`,
 * OpenInference `llm.input_messages`, Agent Lightning operations, LLM proxy).
 *
 * @module
 */
import { parseJsonText, unflattenPrefix } from './unflatten';
import type { WireSpan } from './wire';

/** A tool call made by the assistant. */
export interface ToolCall {
  /** Function name. */
  name: string;
  /** Arguments as text (pretty-printed when JSON). */
  arguments: string;
  /** Call id, when any. */
  id?: string;
}

/** One chat message, normalised. */
export interface ChatMessage {
  /** `system`, `user`, `assistant`, `tool`, or whatever the span says. */
  role: string;
  /** Text content (parts concatenated; images as placeholders). */
  content: string;
  /** Tool calls of an assistant message. */
  toolCalls: ToolCall[];
  /** The tool call a tool message answers. */
  toolCallId?: string;
  /** Finish reason of a completion. */
  finishReason?: string;
}

/** Everything the Messages view shows about one LLM call. */
export interface LlmCall {
  /** Prompt messages (system instructions first when given separately). */
  prompt: ChatMessage[];
  /** Completion messages. */
  completion: ChatMessage[];
  /** Model name. */
  model: string | null;
  /** Input tokens. */
  inputTokens: number | null;
  /** Output tokens. */
  outputTokens: number | null;
  /** Request parameters other than the model (temperature, …). */
  parameters: Record<string, unknown>;
  /** Response id. */
  responseId: string | null;
  /** Number of prompt token ids, or null when absent. */
  promptTokenIds: number | null;
  /** Number of response token ids, or null when absent. */
  responseTokenIds: number | null;
}

/** The default LLM-call name pattern (what the triplet adapter matches). */
export const DEFAULT_LLM_CALL_PATTERN = 'openai\\.chat\\.completion';

const PROXY_NAMES = new Set(['raw_gen_ai_request', 'litellm_request']);
const MESSAGE_KEYS = [
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
];

/**
 * Whether a span is an LLM call.
 *
 * @param span - the span
 * @param pattern - LLM-call name regex (default `openai\.chat\.completion`)
 */
export function isLlmCall(
  span: Pick<WireSpan, 'name' | 'attributes'>,
  pattern: RegExp = new RegExp(DEFAULT_LLM_CALL_PATTERN),
): boolean {
  if (pattern.test(span.name) || PROXY_NAMES.has(span.name)) return true;
  const attributes = span.attributes ?? {};
  if (attributes['openinference.span.kind'] === 'LLM') return true;
  for (const key of Object.keys(attributes)) {
    if (MESSAGE_KEYS.includes(key)) return true;
    if (key.startsWith('gen_ai.prompt.') || key.startsWith('gen_ai.completion.')) return true;
    if (key.startsWith('llm.input_messages.')) return true;
    if (key.startsWith('agentlightning.operation.input.messages')) return true;
  }
  return false;
}

function pretty(text: string): string {
  const parsed = parseJsonText(text);
  return typeof parsed === 'string' ? text : JSON.stringify(parsed, null, 2);
}

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (typeof part !== 'object' || part === null) return String(part ?? '');
  const p = part as Record<string, unknown>;
  if (typeof p.text === 'string') return p.text;
  if (typeof p.content === 'string' && (p.type === 'text' || p.type === undefined))
    return p.content;
  const url =
    (p.image_url as { url?: string } | undefined)?.url ??
    (typeof p.uri === 'string' ? p.uri : null);
  if (p.type === 'image_url' || p.type === 'blob' || p.type === 'file' || p.type === 'uri' || url) {
    const where = url ?? '';
    const shown = where.startsWith('data:')
      ? `data:… (${Math.ceil(where.length / 1024)} KB)`
      : where || String(p.type);
    return `[image: ${shown}]`;
  }
  if (p.type === 'tool_call_response' || p.type === 'tool_result') {
    return `← ${typeof p.response === 'string' ? p.response : JSON.stringify(p.response ?? p.result ?? '')}`;
  }
  return '';
}

function contentText(content: unknown): string {
  if (content === undefined || content === null) return '';
  const value = parseJsonText(content);
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map(partText)
      .filter((t) => t !== '')
      .join('\n');
  if (typeof value === 'object') return partText(value) || JSON.stringify(value);
  return String(value);
}

function toolCallsOf(raw: unknown, parts: unknown): ToolCall[] {
  const out: ToolCall[] = [];
  const list = parseJsonText(raw);
  if (Array.isArray(list)) {
    for (const call of list) {
      if (typeof call !== 'object' || call === null) continue;
      const c = call as Record<string, unknown>;
      const fn = (c.function ?? c) as Record<string, unknown>;
      const args = fn.arguments;
      out.push({
        name: String(fn.name ?? c.name ?? '?'),
        arguments: typeof args === 'string' ? pretty(args) : JSON.stringify(args ?? {}, null, 2),
        ...(typeof c.id === 'string' ? { id: c.id } : {}),
      });
    }
  }
  if (Array.isArray(parts)) {
    for (const part of parts) {
      if (typeof part !== 'object' || part === null) continue;
      const p = part as Record<string, unknown>;
      if (p.type !== 'tool_call') continue;
      const args = p.arguments;
      out.push({
        name: String(p.name ?? '?'),
        arguments: typeof args === 'string' ? pretty(args) : JSON.stringify(args ?? {}, null, 2),
        ...(typeof p.id === 'string' ? { id: p.id } : {}),
      });
    }
  }
  return out;
}

/**
 * Normalises one raw message object (`{role, content}`, `{role, parts}`,
 * OpenInference `{message: {...}}`, tool calls) into a `ChatMessage`.
 *
 * @param raw - a message as found in the attributes
 */
export function normaliseMessage(raw: unknown): ChatMessage | null {
  if (typeof raw === 'string') return { role: 'user', content: raw, toolCalls: [] };
  if (typeof raw !== 'object' || raw === null) return null;
  let m = raw as Record<string, unknown>;
  if (typeof m.message === 'object' && m.message !== null) m = m.message as Record<string, unknown>;
  const parts = m.parts ?? m.contents;
  const content = contentText(m.content ?? parts);
  const message: ChatMessage = {
    role: String(m.role ?? 'unknown'),
    content,
    toolCalls: toolCallsOf(m.tool_calls, parts),
  };
  if (typeof m.tool_call_id === 'string') message.toolCallId = m.tool_call_id;
  if (typeof m.finish_reason === 'string') message.finishReason = m.finish_reason;
  return message;
}

function messagesFrom(value: unknown): ChatMessage[] {
  const parsed = parseJsonText(value);
  if (parsed === undefined || parsed === null) return [];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map(normaliseMessage).filter((m): m is ChatMessage => m !== null);
}

function firstNonEmpty(sources: (() => unknown)[]): ChatMessage[] {
  for (const source of sources) {
    const messages = messagesFrom(source());
    if (messages.length > 0) return messages;
  }
  return [];
}

function numberOf(attributes: Record<string, unknown>, keys: string[]): number | null {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
  }
  return null;
}

function tokenCount(attributes: Record<string, unknown>, keys: string[]): number | null {
  for (const key of keys) {
    let value = attributes[key];
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        continue;
      }
    }
    if (Array.isArray(value)) return value.length;
  }
  return null;
}

function systemInstructions(attributes: Record<string, unknown>): ChatMessage[] {
  const raw = parseJsonText(attributes['gen_ai.system_instructions']);
  if (raw === undefined || raw === null) return [];
  return [{ role: 'system', content: contentText(raw), toolCalls: [] }];
}

/**
 * Extracts the messages, model, usage and token ids of an LLM call. The
 * first source that yields at least one message wins, per side.
 *
 * @param span - an LLM-call span
 */
export function extractLlmCall(span: Pick<WireSpan, 'attributes'>): LlmCall {
  const a = span.attributes ?? {};
  const prompt = firstNonEmpty([
    () => a['gen_ai.input.messages'],
    () => unflattenPrefix(a, 'gen_ai.prompt'),
    () => a['gen_ai.prompt'],
    () => unflattenPrefix(a, 'llm.input_messages'),
    () =>
      a['agentlightning.operation.input.messages'] ??
      unflattenPrefix(a, 'agentlightning.operation.input.messages'),
    () =>
      typeof a['input.value'] === 'string'
        ? { role: 'user', content: a['input.value'] }
        : undefined,
  ]);
  const choices = unflattenPrefix(a, 'agentlightning.operation.output.choices');
  const completion = firstNonEmpty([
    () => a['gen_ai.output.messages'],
    () => unflattenPrefix(a, 'gen_ai.completion'),
    () => a['gen_ai.completion'],
    () => unflattenPrefix(a, 'llm.output_messages'),
    () =>
      Array.isArray(choices)
        ? choices.map((c) => (c as Record<string, unknown>)?.message)
        : undefined,
    () =>
      typeof a['output.value'] === 'string'
        ? { role: 'assistant', content: a['output.value'] }
        : undefined,
  ]);
  const parameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a)) {
    if (key.startsWith('gen_ai.request.') && key !== 'gen_ai.request.model')
      parameters[key.slice('gen_ai.request.'.length)] = value;
  }
  const model = a['gen_ai.response.model'] ?? a['gen_ai.request.model'] ?? a['llm.model_name'];
  const responseId = a['gen_ai.response.id'] ?? a['agentlightning.operation.output.id'];
  return {
    prompt: [...systemInstructions(a), ...prompt],
    completion,
    model: typeof model === 'string' ? model : null,
    inputTokens: numberOf(a, [
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.prompt_tokens',
      'llm.token_count.prompt',
    ]),
    outputTokens: numberOf(a, [
      'gen_ai.usage.output_tokens',
      'gen_ai.usage.completion_tokens',
      'llm.token_count.completion',
    ]),
    parameters,
    responseId: typeof responseId === 'string' ? responseId : null,
    promptTokenIds: tokenCount(a, [
      'prompt_token_ids',
      'agentlightning.operation.output.prompt_token_ids',
      'llm.hosted_vllm.prompt_token_ids',
    ]),
    responseTokenIds: tokenCount(a, [
      'response_token_ids',
      'agentlightning.operation.output.response_token_ids.0',
      'agentlightning.operation.output.choices.0.token_ids',
      'llm.hosted_vllm.response_token_ids',
    ]),
  };
}

/** One LLM call of an attempt's conversation, with repeated history folded. */
export interface ConversationTurn {
  /** The span of the call. */
  spanId: string;
  /** Its messages; repeated earlier messages are replaced by a count. */
  items: (
    | { kind: 'message'; message: ChatMessage; response: boolean }
    | { kind: 'earlier'; count: number }
  )[];
}

function messageKey(message: ChatMessage): string {
  return `${message.role}\u0000${message.content}\u0000${JSON.stringify(message.toolCalls)}`;
}

/**
 * Builds the attempt conversation: every call in order, where a message
 * identical to one already shown earlier becomes "… N earlier messages".
 *
 * @param calls - LLM calls in start order
 */
export function buildConversation(calls: { spanId: string; call: LlmCall }[]): ConversationTurn[] {
  const seen = new Set<string>();
  return calls.map(({ spanId, call }) => {
    const items: ConversationTurn['items'] = [];
    let earlier = 0;
    const flush = () => {
      if (earlier > 0) items.push({ kind: 'earlier', count: earlier });
      earlier = 0;
    };
    const add = (message: ChatMessage, response: boolean) => {
      const key = messageKey(message);
      if (seen.has(key)) {
        earlier++;
        return;
      }
      flush();
      seen.add(key);
      items.push({ kind: 'message', message, response });
    };
    for (const message of call.prompt) add(message, false);
    flush();
    for (const message of call.completion) add(message, true);
    flush();
    return { spanId, items };
  });
}

/**
 * Spans sharing a response id with an earlier span (proxy and client
 * instrumentation of the same call): span id → the first span's id.
 *
 * @param calls - LLM calls in order
 */
export function sameResponseAs(calls: { spanId: string; call: LlmCall }[]): Map<string, string> {
  const first = new Map<string, string>();
  const out = new Map<string, string>();
  for (const { spanId, call } of calls) {
    if (!call.responseId) continue;
    const earlier = first.get(call.responseId);
    if (earlier === undefined) first.set(call.responseId, spanId);
    else out.set(spanId, earlier);
  }
  for (const [spanId, earlier] of [...out]) if (!out.has(earlier)) out.set(earlier, spanId);
  return out;
}
