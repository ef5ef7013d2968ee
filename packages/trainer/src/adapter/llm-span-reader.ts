/**
 * The read-time shape reader: recognises the LLM-call spans of third-party
 * instrumentation (OpenTelemetry GenAI JSON attributes, the Vercel AI SDK's
 * `ai.*` attributes) and extracts what a triplet needs from them. The
 * reference layout (`gen_ai.prompt.*` / `gen_ai.completion.*`) is read by the
 * adapters directly and is not handled here.
 *
 * @module
 */
import type { Span } from '@agl/types';
import { getLogger } from '../logging';
import { isPlainObject } from '../semconv/flatten';
import {
  type CanonicalMessage,
  fromAiSdkPrompt,
  fromAiSdkToolCalls,
  fromGenAiMessages,
  fromSystemInstructions,
  parseJsonAttribute,
} from './genai-messages';

const log = getLogger('agl.adapter');

/** What one third-party LLM-call span holds, in the canonical message shape. */
export interface LlmSpanContent {
  /** Which layout the span uses. */
  layout: 'genai' | 'ai-sdk';
  /** Prompt messages; `null` when the instrumentation recorded no content. */
  promptMessages: CanonicalMessage[] | null;
  /** Completion messages; `null` when the instrumentation recorded no content. */
  completionMessages: CanonicalMessage[] | null;
  /** Prompt token ids (empty when unknown). */
  promptTokenIds: number[];
  /** Response token ids (empty when unknown). */
  responseTokenIds: number[];
  /** Provider response id, or `null`. */
  responseId: string | null;
  /** Requested model, or `null`. */
  requestModel: string | null;
  /** Model that answered, or `null`. */
  responseModel: string | null;
  /** Token usage (`input_tokens`, `output_tokens`, ...), possibly empty. */
  usage: Record<string, number>;
  /** Function tools offered, in OpenAI chat format, or `null`. */
  tools: Record<string, unknown>[] | null;
}

function str(attrs: Span['attributes'], key: string): string | null {
  const value: unknown = attrs[key];
  return typeof value === 'string' ? value : null;
}

function usageOf(attrs: Span['attributes']): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('gen_ai.usage.') && typeof value === 'number') {
      usage[key.slice('gen_ai.usage.'.length)] = value;
    }
  }
  return usage;
}

function intIds(span: Span, source: string, value: unknown): number[] | null {
  if (value === undefined) return null;
  if (Array.isArray(value) && value.every((v) => Number.isInteger(v))) return [...value];
  log.warn(`${source} of span ${span.span_id} is not a list of integers; ignoring it.`);
  return [];
}

/** Token ids a provider-metadata extractor put under any provider key of `ai.response.providerMetadata`. */
function providerMetadataIds(span: Span): { prompt: number[]; response: number[] } {
  const metadata = parseJsonAttribute(span.attributes['ai.response.providerMetadata']);
  if (!isPlainObject(metadata)) return { prompt: [], response: [] };
  for (const [provider, entry] of Object.entries(metadata)) {
    if (!isPlainObject(entry)) continue;
    if (entry.prompt_token_ids === undefined && entry.response_token_ids === undefined) continue;
    const source = `ai.response.providerMetadata.${provider}`;
    return {
      prompt: intIds(span, `${source}.prompt_token_ids`, entry.prompt_token_ids) ?? [],
      response: intIds(span, `${source}.response_token_ids`, entry.response_token_ids) ?? [],
    };
  }
  return { prompt: [], response: [] };
}

/** A tool definition (OpenAI, GenAI or AI SDK layout) in OpenAI chat format. */
function openAiTool(tool: unknown): Record<string, unknown> | null {
  if (!isPlainObject(tool)) return null;
  if (isPlainObject(tool.function)) return { type: 'function', function: tool.function };
  if (typeof tool.name !== 'string') return null;
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description ?? '',
      parameters: tool.parameters ?? tool.inputSchema ?? {},
    },
  };
}

function toolsOf(attrs: Span['attributes']): Record<string, unknown>[] | null {
  const raw: unknown = attrs['ai.prompt.tools'];
  const list = Array.isArray(raw)
    ? raw.map((entry) => parseJsonAttribute(entry))
    : parseJsonAttribute(attrs['gen_ai.tool.definitions']);
  if (!Array.isArray(list)) return null;
  return list.map(openAiTool).filter((t): t is Record<string, unknown> => t !== null);
}

function aiSdkCompletion(attrs: Span['attributes']): CanonicalMessage[] | null {
  const text = str(attrs, 'ai.response.text');
  const calls = fromAiSdkToolCalls(parseJsonAttribute(attrs['ai.response.toolCalls']));
  if (text === null && calls.length === 0) return null;
  const message: CanonicalMessage = { role: 'assistant', content: text ?? '' };
  const finish = str(attrs, 'ai.response.finishReason');
  if (finish !== null) message.finish_reason = finish;
  if (calls.length > 0) message.tool_calls = calls;
  return [message];
}

function genAiPrompt(attrs: Span['attributes']): CanonicalMessage[] | null {
  const input = parseJsonAttribute(attrs['gen_ai.input.messages']);
  const system = fromSystemInstructions(attrs['gen_ai.system_instructions']);
  if (input === undefined && system.length === 0) return null;
  return [...system, ...fromGenAiMessages(input)];
}

function nonEmpty(messages: CanonicalMessage[] | null): CanonicalMessage[] | null {
  return messages === null || messages.length === 0 ? null : messages;
}

/**
 * Reads a third-party LLM-call span: GenAI JSON attributes
 * (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`) or Vercel AI SDK attributes
 * (`ai.prompt.messages`, `ai.response.text`, `ai.response.toolCalls`,
 * token ids from `ai.response.providerMetadata`, which `@ai-sdk/otel` also
 * writes on its GenAI spans). Explicit
 * `prompt_token_ids` / `response_token_ids` attributes win over provider
 * metadata. Returns `null` for spans in neither layout.
 *
 * @param span - a stored span
 */
export function readLlmSpan(span: Span): LlmSpanContent | null {
  const attrs = span.attributes;
  const isAiSdk =
    'ai.prompt.messages' in attrs || 'ai.model.id' in attrs || 'ai.response.text' in attrs;
  const isGenAi =
    !isAiSdk &&
    ('gen_ai.input.messages' in attrs ||
      'gen_ai.output.messages' in attrs ||
      'gen_ai.system_instructions' in attrs ||
      'gen_ai.operation.name' in attrs);
  if (!isAiSdk && !isGenAi) return null;
  const fromMetadata = providerMetadataIds(span);
  const explicitPrompt = intIds(span, 'prompt_token_ids', attrs.prompt_token_ids);
  const explicitResponse = intIds(span, 'response_token_ids', attrs.response_token_ids);
  return {
    layout: isAiSdk ? 'ai-sdk' : 'genai',
    promptMessages: nonEmpty(
      isAiSdk
        ? fromAiSdkPrompt(parseJsonAttribute(attrs['ai.prompt.messages']))
        : genAiPrompt(attrs),
    ),
    completionMessages: nonEmpty(
      isAiSdk
        ? aiSdkCompletion(attrs)
        : fromGenAiMessages(parseJsonAttribute(attrs['gen_ai.output.messages'])),
    ),
    promptTokenIds: explicitPrompt ?? fromMetadata.prompt,
    responseTokenIds: explicitResponse ?? fromMetadata.response,
    responseId: str(attrs, 'gen_ai.response.id') ?? str(attrs, 'ai.response.id'),
    requestModel: str(attrs, 'gen_ai.request.model') ?? str(attrs, 'ai.model.id'),
    responseModel: str(attrs, 'gen_ai.response.model') ?? str(attrs, 'ai.response.model'),
    usage: usageOf(attrs),
    tools: toolsOf(attrs),
  };
}

/**
 * Fills what the reference layout left empty in a triplet's prompt and
 * response (raw content, image URLs, token ids) from a third-party span, so
 * spans in the reference layout convert exactly as before.
 *
 * @param span - the LLM-call span
 * @param prompt - the triplet prompt built from the reference keys (changed in place)
 * @param response - the triplet response built from the reference keys (changed in place)
 * @param imageUrls - extracts image URLs from prompt messages
 */
export function fillFromThirdPartySpan(
  span: Span,
  prompt: { token_ids: number[]; raw_content: unknown; image_urls: string[] },
  response: { token_ids: number[]; raw_content: unknown },
  imageUrls: (messages: unknown) => string[],
): void {
  if (prompt.raw_content !== null && response.raw_content !== null) return;
  const read = readLlmSpan(span);
  if (read === null) return;
  if (prompt.raw_content === null && read.promptMessages !== null) {
    prompt.raw_content = read.promptMessages;
    prompt.image_urls = imageUrls(read.promptMessages);
  }
  if (response.raw_content === null) response.raw_content = read.completionMessages;
  if (prompt.token_ids.length === 0) prompt.token_ids = read.promptTokenIds;
  if (response.token_ids.length === 0) response.token_ids = read.responseTokenIds;
}
