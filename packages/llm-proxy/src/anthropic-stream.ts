/**
 * Anthropic streams in passthrough mode: the upstream's chat chunks translated event by event into
 * Messages API events (message_start, content blocks with text and tool-input deltas,
 * message_delta), so an Anthropic client gets real incremental output. `message_stop` is sent by
 * the caller once the call is recorded.
 */
import { anthropicStopReason } from './anthropic.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const event = (type: string, data: Json): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** The closing event of an Anthropic stream. */
export const MESSAGE_STOP = event('message_stop', {});

/** An Anthropic `error` event. */
export function anthropicErrorEvent(message: string): string {
  return event('error', { error: { type: 'api_error', message } });
}

/** Translates one upstream chat stream into Anthropic events. */
export class AnthropicStreamTranslator {
  private started = false;
  /** The open content block: its index and, for tool_use, the tool call's index. */
  private open: { index: number; tool: number | null } | null = null;
  private nextIndex = 0;
  private tokenIds = 0;
  private outputTokens: number | null = null;
  private finishReason: unknown = null;

  /** Events for one parsed upstream chunk (possibly none). */
  chunk(chunk: Json): string {
    let out = '';
    if (!this.started) {
      this.started = true;
      const prompt = chunk.prompt_token_ids;
      out += event('message_start', {
        message: {
          id: chunk.id ?? null,
          type: 'message',
          role: 'assistant',
          content: [],
          model: chunk.model ?? 'unknown',
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: Array.isArray(prompt) ? prompt.length : 0, output_tokens: 0 },
        },
      });
      out += event('ping', {});
    }
    if (isObject(chunk.usage) && typeof chunk.usage.completion_tokens === 'number')
      this.outputTokens = chunk.usage.completion_tokens;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
    if (!isObject(choice)) return out;
    if (Array.isArray(choice.token_ids)) this.tokenIds += choice.token_ids.length;
    if (choice.finish_reason !== null && choice.finish_reason !== undefined)
      this.finishReason = choice.finish_reason;
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === 'string' && delta.content !== '') {
      if (this.open === null || this.open.tool !== null)
        out += this.openBlock(null, {
          type: 'text',
          text: '',
        });
      out += event('content_block_delta', {
        index: this.open?.index,
        delta: { type: 'text_delta', text: delta.content },
      });
    }
    const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : [];
    calls.forEach((call: unknown, position) => {
      if (!isObject(call)) return;
      const tool = typeof call.index === 'number' ? call.index : position;
      const fn = isObject(call.function) ? call.function : {};
      if (this.open === null || this.open.tool !== tool) {
        out += this.openBlock(tool, {
          type: 'tool_use',
          id: call.id ?? `toolu_${tool}`,
          name: fn.name ?? '',
          input: {},
        });
      }
      if (typeof fn.arguments === 'string' && fn.arguments !== '') {
        out += event('content_block_delta', {
          index: this.open?.index,
          delta: { type: 'input_json_delta', partial_json: fn.arguments },
        });
      }
    });
    return out;
  }

  /** Closes the open block and sends `message_delta` (the stop reason and output tokens). */
  finish(): string {
    let out = this.closeBlock();
    out += event('message_delta', {
      delta: { stop_reason: anthropicStopReason(this.finishReason), stop_sequence: null },
      usage: { output_tokens: this.outputTokens ?? this.tokenIds },
    });
    return out;
  }

  private openBlock(tool: number | null, block: Json): string {
    const out = this.closeBlock();
    this.open = { index: this.nextIndex++, tool };
    return out + event('content_block_start', { index: this.open.index, content_block: block });
  }

  private closeBlock(): string {
    if (this.open === null) return '';
    const out = event('content_block_stop', { index: this.open.index });
    this.open = null;
    return out;
  }
}
