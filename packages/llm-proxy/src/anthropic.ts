/**
 * The Anthropic Messages API on top of an OpenAI-compatible upstream: requests are translated
 * into chat completions, answers and errors back into Anthropic's shapes, and a streamed
 * messages call is re-streamed as Anthropic events from the complete answer.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Anthropic error type for an HTTP status. */
function anthropicErrorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    503: 'overloaded_error',
    529: 'overloaded_error',
  };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** `{"type": "error", "error": {type, message}}`. */
export function anthropicError(status: number, message: string): Json {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((b): b is Json => isObject(b) && b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .join('');
}

function imageUrl(source: unknown): string | null {
  if (!isObject(source)) return null;
  if (source.type === 'base64')
    return `data:${String(source.media_type)};base64,${String(source.data)}`;
  return typeof source.url === 'string' ? source.url : null;
}

function userMessages(message: Json): Json[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const blocks = Array.isArray(message.content) ? message.content.filter(isObject) : [];
  const out: Json[] = [];
  const parts: Json[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      out.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: blockText(block.content),
      });
    } else if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') {
      const url = imageUrl(block.source);
      if (url) parts.push({ type: 'image_url', image_url: { url } });
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function assistantMessage(message: Json): Json {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  const blocks = Array.isArray(message.content) ? message.content.filter(isObject) : [];
  const text = blocks
    .filter((b) => b.type === 'text')
    .map((b) => String(b.text ?? ''))
    .join('');
  const calls = blocks
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({
      id: b.id,
      type: 'function',
      function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
    }));
  const out: Json = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

function toolChoice(choice: unknown): unknown {
  if (!isObject(choice)) return undefined;
  if (choice.type === 'auto') return 'auto';
  if (choice.type === 'any') return 'required';
  if (choice.type === 'none') return 'none';
  if (choice.type === 'tool') return { type: 'function', function: { name: choice.name } };
  return undefined;
}

/** Translates a validated Messages request into a chat completion request. */
export function translateAnthropicRequest(body: Json): Json {
  const messages: Json[] = [];
  if (typeof body.system === 'string') messages.push({ role: 'system', content: body.system });
  else if (Array.isArray(body.system)) {
    messages.push({
      role: 'system',
      content: body.system.filter(isObject).map((b) => ({ type: 'text', text: b.text })),
    });
  }
  for (const m of (body.messages as unknown[]).filter(isObject)) {
    if (m.role === 'assistant') messages.push(assistantMessage(m));
    else messages.push(...userMessages(m));
  }
  const chat: Json = { model: body.model, messages };
  for (const key of ['max_tokens', 'temperature', 'top_p', 'top_k', 'stream']) {
    if (body[key] !== undefined) chat[key] = body[key];
  }
  if (Array.isArray(body.stop_sequences)) chat.stop = body.stop_sequences;
  if (isObject(body.metadata) && typeof body.metadata.user_id === 'string')
    chat.user = body.metadata.user_id;
  if (Array.isArray(body.tools)) {
    chat.tools = body.tools.filter(isObject).map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        description: t.description ?? '',
        parameters: t.input_schema ?? {},
      },
    }));
  }
  const choice = toolChoice(body.tool_choice);
  if (choice !== undefined) chat.tool_choice = choice;
  return chat;
}

/** Why a Messages request is invalid, or `null`. */
export function validateAnthropicRequest(body: Json): string | null {
  if (typeof body.model !== 'string') return 'Missing required parameter: model';
  if (!Array.isArray(body.messages)) return 'Missing required parameter: messages';
  if (typeof body.max_tokens !== 'number') return 'Missing required parameter: max_tokens';
  return null;
}

/** Anthropic `stop_reason` of a chat `finish_reason` (`end_turn` for anything unknown). */
export function anthropicStopReason(finish: unknown): string {
  return STOP_REASONS[String(finish)] ?? 'end_turn';
}

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
};

function parseInput(args: unknown): unknown {
  if (typeof args !== 'string' || args === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

/** Translates a chat completion answer into a Messages answer. */
export function translateOpenaiResponseToAnthropic(answer: Json): Json {
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  const choice = isObject(choices[0]) ? choices[0] : {};
  const message = isObject(choice.message) ? choice.message : {};
  const content: Json[] = [];
  if (typeof message.content === 'string' && message.content !== '')
    content.push({ type: 'text', text: message.content });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : []) {
    const fn = isObject(call.function) ? call.function : {};
    content.push({ type: 'tool_use', id: call.id, name: fn.name, input: parseInput(fn.arguments) });
  }
  const usage = isObject(answer.usage) ? answer.usage : {};
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: anthropicStopReason(choice.finish_reason),
    stop_sequence: null,
    usage: { input_tokens: usage.prompt_tokens ?? 0, output_tokens: usage.completion_tokens ?? 0 },
  };
}

function words(text: string): string[] {
  const list = text.split(/\s+/).filter((w) => w !== '');
  const groups: string[] = [];
  for (let i = 0; i < list.length; i += 5) {
    const group = list.slice(i, i + 5).join(' ');
    groups.push(i + 5 < list.length ? `${group} ` : group);
  }
  return groups;
}

/** The Anthropic event stream of a complete Messages answer. */
export function anthropicEvents(message: Json): string {
  let out = '';
  const emit = (type: string, data: Json): void => {
    out += `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  };
  const usage = isObject(message.usage) ? message.usage : { input_tokens: 0, output_tokens: 0 };
  emit('message_start', {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage },
  });
  emit('ping', {});
  const blocks = Array.isArray(message.content) ? message.content.filter(isObject) : [];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of words(String(block.text ?? ''))) {
        emit('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      emit('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      const json = Array.from(JSON.stringify(block.input ?? {}));
      for (let i = 0; i < json.length; i += 20) {
        emit('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 20).join('') },
        });
      }
    }
    emit('content_block_stop', { index });
  });
  emit('message_delta', {
    delta: { stop_reason: message.stop_reason ?? 'end_turn', stop_sequence: null },
    usage: { output_tokens: isObject(message.usage) ? (message.usage.output_tokens ?? 0) : 0 },
  });
  emit('message_stop', {});
  return out;
}
