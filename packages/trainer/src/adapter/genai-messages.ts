/**
 * Converts the message layouts of third-party LLM spans into the canonical
 * message shape the adapters use (`{role, content: string, tool_call_id?,
 * finish_reason?, tool_calls?: [{id, name, arguments: string}]}`): the
 * OpenTelemetry GenAI "parts" layout and the Vercel AI SDK prompt layout.
 *
 * @module
 */
import { isPlainObject } from '../semconv/flatten';

/** One canonical message. */
export type CanonicalMessage = Record<string, unknown> & { role: string };

/** Parses a JSON string attribute; anything unparseable (or not a string) gives `undefined`. */
export function parseJsonAttribute(value: unknown): unknown {
  if (typeof value !== 'string')
    return Array.isArray(value) || isPlainObject(value) ? value : undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? {});
}

function imagePart(part: Record<string, unknown>): Record<string, unknown> | null {
  if (part.modality !== 'image') return null;
  if (part.type === 'uri' && typeof part.uri === 'string') {
    return { type: 'image_url', image_url: { url: part.uri } };
  }
  if (part.type === 'blob' && typeof part.content === 'string') {
    const mime = typeof part.mime_type === 'string' ? part.mime_type : 'image/png';
    return { type: 'image_url', image_url: { url: `data:${mime};base64,${part.content}` } };
  }
  return null;
}

/** Text joined, with image parts kept as OpenAI content parts (JSON text) so image URLs are found. */
function contentOf(texts: string[], images: Record<string, unknown>[]): string {
  if (images.length === 0) return texts.join('');
  return JSON.stringify([...texts.map((text) => ({ type: 'text', text })), ...images]);
}

/** One GenAI parts-format message as canonical messages (tool responses become one message each). */
function fromPartsMessage(message: Record<string, unknown>): CanonicalMessage[] {
  const role = typeof message.role === 'string' ? message.role : 'user';
  const parts = Array.isArray(message.parts) ? message.parts.filter(isPlainObject) : [];
  const responses = parts.filter((p) => p.type === 'tool_call_response');
  if (responses.length > 0) {
    return responses.map((p) => ({
      role: 'tool',
      tool_call_id: p.id,
      content: asText(p.response ?? p.result),
    }));
  }
  const texts = parts.filter((p) => p.type === 'text').map((p) => asText(p.content));
  const images = parts.map(imagePart).filter((p): p is Record<string, unknown> => p !== null);
  const out: CanonicalMessage = { role, content: contentOf(texts, images) };
  const calls = parts
    .filter((p) => p.type === 'tool_call')
    .map((p) => ({ id: p.id, name: p.name, arguments: argumentsText(p.arguments) }));
  if (calls.length > 0) out.tool_calls = calls;
  if (typeof message.finish_reason === 'string') out.finish_reason = message.finish_reason;
  if (typeof message.name === 'string') out.name = message.name;
  return [out];
}

/** GenAI parts-format messages (`gen_ai.input.messages` / `gen_ai.output.messages`) as canonical messages. */
export function fromGenAiMessages(messages: unknown): CanonicalMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isPlainObject).flatMap(fromPartsMessage);
}

/** `gen_ai.system_instructions` (parts list or plain text) as a leading system message, if any. */
export function fromSystemInstructions(value: unknown): CanonicalMessage[] {
  if (typeof value === 'string') {
    const parsed = parseJsonAttribute(value);
    if (!Array.isArray(parsed)) return value === '' ? [] : [{ role: 'system', content: value }];
    value = parsed;
  }
  if (!Array.isArray(value)) return [];
  const text = value
    .filter(isPlainObject)
    .filter((p) => p.type === 'text')
    .map((p) => asText(p.content))
    .join('');
  return text === '' ? [] : [{ role: 'system', content: text }];
}

function aiSdkFilePart(part: Record<string, unknown>): Record<string, unknown> | null {
  const media = typeof part.mediaType === 'string' ? part.mediaType : '';
  if (!media.startsWith('image/')) return null;
  const data = part.data;
  if (typeof data !== 'string') return null;
  const url = /^(?:https?:|data:)/.test(data) ? data : `data:${media};base64,${data}`;
  return { type: 'image_url', image_url: { url } };
}

function toolResultText(output: unknown): string {
  if (isPlainObject(output) && 'value' in output) return asText(output.value);
  return asText(output);
}

/** One Vercel AI SDK provider-level prompt message as canonical messages. */
function fromAiSdkMessage(message: Record<string, unknown>): CanonicalMessage[] {
  const role = typeof message.role === 'string' ? message.role : 'user';
  if (typeof message.content === 'string') return [{ role, content: message.content }];
  const parts = Array.isArray(message.content) ? message.content.filter(isPlainObject) : [];
  if (role === 'tool') {
    return parts
      .filter((p) => p.type === 'tool-result')
      .map((p) => ({
        role: 'tool',
        tool_call_id: p.toolCallId,
        content: toolResultText(p.output),
      }));
  }
  const texts = parts.filter((p) => p.type === 'text').map((p) => asText(p.text));
  const images = parts
    .filter((p) => p.type === 'file')
    .map(aiSdkFilePart)
    .filter((p): p is Record<string, unknown> => p !== null);
  const out: CanonicalMessage = { role, content: contentOf(texts, images) };
  const calls = parts
    .filter((p) => p.type === 'tool-call')
    .map((p) => ({ id: p.toolCallId, name: p.toolName, arguments: argumentsText(p.input) }));
  if (calls.length > 0) out.tool_calls = calls;
  return [out];
}

/** The AI SDK's `ai.prompt.messages` (provider-level prompt) as canonical messages. */
export function fromAiSdkPrompt(messages: unknown): CanonicalMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isPlainObject).flatMap(fromAiSdkMessage);
}

/** The AI SDK's `ai.response.toolCalls` as canonical tool calls. */
export function fromAiSdkToolCalls(calls: unknown): Record<string, unknown>[] {
  if (!Array.isArray(calls)) return [];
  return calls
    .filter(isPlainObject)
    .map((c) => ({ id: c.toolCallId, name: c.toolName, arguments: argumentsText(c.input) }));
}
