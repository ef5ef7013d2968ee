/**
 * `@agl/instrumentation/langchain`: LangChain.js through a callback handler
 * that writes each chat-model run as an `openai.chat.completion` span in the
 * reference layout, with token ids from the raw response body.
 *
 * @module
 */
import { type Logger, silentLogger } from '@agl/store-core';
import {
  chatRequestAttributes,
  chatResponseAttributes,
  getActiveTracer,
  OtelTracer,
} from '@agl/trainer';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { lightningTracerProvider } from './provider';

const ROLES: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  tool: 'tool',
};

// biome-ignore lint/suspicious/noExplicitAny: LangChain messages and results are loosely typed.
type Loose = Record<string, any>;

function text(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

function typeOf(message: Loose): string {
  if (typeof message.getType === 'function') return message.getType();
  if (typeof message._getType === 'function') return message._getType();
  return String(message.type ?? 'human');
}

function toolCalls(message: Loose): Loose[] {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  return calls.map((call: Loose) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
  }));
}

/** A LangChain message as an OpenAI chat message. */
function chatMessage(message: BaseMessage): Loose {
  const loose = message as unknown as Loose;
  const type = typeOf(loose);
  const out: Loose = { role: ROLES[type] ?? type, content: text(loose.content) };
  const calls = toolCalls(loose);
  if (calls.length > 0) out.tool_calls = calls;
  if (typeof loose.tool_call_id === 'string') out.tool_call_id = loose.tool_call_id;
  return out;
}

function primitives(params: Loose | undefined): Loose {
  const out: Loose = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}

/** The chat-completion-shaped response of a chat-model run. */
function responseOf(output: LLMResult): Loose {
  const generation = (output.generations[0]?.[0] ?? {}) as Loose;
  const message = (generation.message ?? {}) as Loose;
  const raw = (message.additional_kwargs?.__raw_response ?? {}) as Loose;
  const metadata = (message.response_metadata ?? {}) as Loose;
  const usage = message.usage_metadata as Loose | undefined;
  const rawChoice = Array.isArray(raw.choices) ? (raw.choices[0] as Loose | undefined) : undefined;
  const calls = toolCalls(message);
  return {
    // The id of a streamed raw body is the concatenation of every chunk's id: use the message's.
    id: message.id,
    model: metadata.model_name ?? raw.model,
    ...(usage === undefined
      ? {}
      : {
          usage: {
            prompt_tokens: usage.input_tokens,
            completion_tokens: usage.output_tokens,
            total_tokens: usage.total_tokens,
          },
        }),
    prompt_token_ids: raw.prompt_token_ids,
    choices: [
      {
        index: 0,
        finish_reason: generation.generationInfo?.finish_reason ?? metadata.finish_reason,
        message: {
          role: 'assistant',
          content: text(generation.text ?? message.content),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        token_ids: rawChoice?.token_ids,
      },
    ],
  };
}

/** Options of `LightningCallbackHandler`. */
export interface LightningCallbackHandlerOptions {
  /** Logger (default silent). */
  logger?: Logger;
}

/**
 * A LangChain callback handler (`callbacks: [new LightningCallbackHandler()]`)
 * that records each chat-model run as an `openai.chat.completion` span of the
 * current rollout: prompt (`human` → `user`, `ai` → `assistant`, tool calls
 * with JSON arguments, tool results), completion, response id (the message
 * id), model, usage, and token ids from the raw body (create the model with
 * `__includeRawResponse: true` and ask the server with
 * `modelKwargs: { return_token_ids: true }`). Streamed runs are recorded when
 * the stream has been read. The handler is awaited, so each span has ended
 * when the model call returns.
 */
export class LightningCallbackHandler extends BaseCallbackHandler {
  /** Handler name, as LangChain lists it. */
  name = 'agentlightning';
  private readonly runs = new Map<string, Span>();
  private readonly log: Logger;
  private readonly tracer = lightningTracerProvider().getTracer('@langchain/core');

  /** @param options - logger */
  constructor(options: LightningCallbackHandlerOptions = {}) {
    super({ _awaitHandler: true });
    this.log = options.logger ?? silentLogger;
  }

  /** How many runs are open (started, not yet ended). */
  get openRuns(): number {
    return this.runs.size;
  }

  /** Opens the span of a chat-model run. */
  override async handleChatModelStart(
    llm: Loose,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Loose,
  ): Promise<void> {
    const params = (extraParams?.invocation_params ?? {}) as Loose;
    const model = params.model ?? params.model_name ?? llm.kwargs?.model ?? 'unknown';
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
    const span = this.tracer.startSpan(
      'openai.chat.completion',
      {
        attributes: chatRequestAttributes({
          ...primitives(params),
          model: String(model),
          messages: (messages[0] ?? []).map(chatMessage),
        }),
      },
      ctx,
    );
    if (!span.isRecording()) return;
    this.runs.set(runId, span);
    // A stream abandoned early never reports its end: forget the run when the rollout ends.
    const active = getActiveTracer();
    if (active instanceof OtelTracer) {
      active.processor.captureOf(ctx)?.beforeClose(() => this.runs.delete(runId));
    }
  }

  /** Records the completion and ends the span. */
  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const span = this.runs.get(runId);
    if (span === undefined) return;
    this.runs.delete(runId);
    try {
      span.setAttributes(chatResponseAttributes(responseOf(output)));
    } catch (error) {
      this.log.warn(`Could not record the LangChain run ${runId}.`, error);
    }
    span.end();
  }

  /** Marks the span failed and ends it. */
  override async handleLLMError(error: unknown, runId: string): Promise<void> {
    const span = this.runs.get(runId);
    if (span === undefined) return;
    this.runs.delete(runId);
    const message = error instanceof Error ? error.message : String(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    span.end();
  }
}
