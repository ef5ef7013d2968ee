/**
 * `@agl/instrumentation/openai-agents`: OpenAI Agents JS through a tracing
 * processor. Agents JS traces are not OpenTelemetry; the bridge mirrors each
 * Agents span as an OpenTelemetry span of the rollout, and writes each
 * `generation` in the reference layout (`openai.chat.completion`), so the
 * adapters (and a Python algorithm reading the same store) get triplets.
 *
 * @module
 */
import { type Logger, silentLogger } from '@agl/store-core';
import { chatRequestAttributes, chatResponseAttributes, flattenAttributes } from '@agl/trainer';
import {
  type Span as AgentsSpan,
  getCurrentSpan,
  setTraceProcessors,
  setTracingDisabled,
  type Trace,
  type TracingProcessor,
} from '@openai/agents';
import { type Attributes, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { lightningTracerProvider } from './provider';
import { registerTokenIdSinkFinder } from './token-id-fetch';

// biome-ignore lint/suspicious/noExplicitAny: Agents spans carry one of many data shapes.
type AnySpan = AgentsSpan<any>;

/** Options of `createAgentsTracingProcessor`. */
export interface AgentsTracingOptions {
  /** Logger (default silent). */
  logger?: Logger;
}

/** The bridge: an Agents `TracingProcessor` that also releases its token-id hook on shutdown. */
export interface AgentsTracingBridge extends TracingProcessor {
  /** How many Agents spans are mirrored and not yet ended. */
  readonly openSpans: number;
}

function primitives(config: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (typeof config !== 'object' || config === null) return out;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    }
  }
  return out;
}

function time(iso: string | null): number | undefined {
  if (iso === null) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function nameOf(data: { type: string }): string {
  return data.type === 'generation' ? 'openai.chat.completion' : `agents.${data.type}`;
}

// biome-ignore lint/suspicious/noExplicitAny: see AnySpan.
function endAttributes(data: Record<string, any>): Attributes {
  switch (data.type) {
    case 'generation': {
      const messages = Array.isArray(data.input) ? data.input : [];
      return {
        ...chatRequestAttributes({
          ...primitives(data.model_config),
          ...(typeof data.model === 'string' ? { model: data.model } : {}),
          messages,
        }),
        ...chatResponseAttributes(Array.isArray(data.output) ? data.output[0] : undefined),
      } as Attributes;
    }
    case 'agent':
      return { 'agent.name': String(data.name) };
    case 'function':
      return {
        'tool.name': String(data.name),
        'tool.parameters': json(data.input),
        ...(data.output === undefined ? {} : { 'tool.output': json(data.output) }),
      };
    case 'response':
      return {
        ...(typeof data.response_id === 'string' ? { 'gen_ai.response.id': data.response_id } : {}),
      };
    default:
      return flattenAttributes({ 'agents.data': data }) as Attributes;
  }
}

/**
 * An Agents JS `TracingProcessor` that mirrors every Agents span into the
 * current rollout: `generation` → `openai.chat.completion` with the prompt
 * (the system message built from the instructions included), completion,
 * usage, response id and token ids; `agent` → `agents.agent` with
 * `agent.name`; `function` → `agents.function` with `tool.*`; others →
 * `agents.<type>`. Parents follow the Agents tree, the outermost under the
 * active span of the rollout; times are the Agents start and end times.
 * Streamed generations get their token ids through `createTokenIdFetch` on
 * the model's client.
 *
 * @param options - logger
 */
export function createAgentsTracingProcessor(
  options: AgentsTracingOptions = {},
): AgentsTracingBridge {
  const log = options.logger ?? silentLogger;
  const tracer = lightningTracerProvider().getTracer('@openai/agents');
  const mirrors = new Map<string, Span>();
  const unregister = registerTokenIdSinkFinder(() => {
    const current = getCurrentSpan();
    if (current === null || current.spanData.type !== 'generation') return null;
    const mirror = mirrors.get(current.spanId);
    if (mirror === undefined) return null;
    return {
      setTokenIds({ promptTokenIds, responseTokenIds }) {
        if (promptTokenIds !== undefined) mirror.setAttribute('prompt_token_ids', promptTokenIds);
        if (responseTokenIds !== undefined)
          mirror.setAttribute('response_token_ids', responseTokenIds);
      },
    };
  });
  return {
    get openSpans() {
      return mirrors.size;
    },
    async onTraceStart(_trace: Trace) {},
    async onTraceEnd(_trace: Trace) {},
    async onSpanStart(span: AnySpan) {
      const parentMirror = span.parentId === null ? undefined : mirrors.get(span.parentId);
      const parent =
        parentMirror === undefined
          ? context.active()
          : trace.setSpan(context.active(), parentMirror);
      const startTime = time(span.startedAt);
      const mirror = tracer.startSpan(
        nameOf(span.spanData),
        startTime === undefined ? {} : { startTime },
        parent,
      );
      if (mirror.isRecording()) mirrors.set(span.spanId, mirror);
    },
    async onSpanEnd(span: AnySpan) {
      const mirror = mirrors.get(span.spanId);
      if (mirror === undefined) return;
      mirrors.delete(span.spanId);
      try {
        const attributes = endAttributes(span.spanData);
        mirror.setAttributes(attributes);
      } catch (error) {
        log.warn(`Could not record Agents span ${span.spanId}.`, error);
      }
      if (span.error !== null) {
        mirror.setStatus({ code: SpanStatusCode.ERROR, message: span.error.message });
      }
      mirror.end(time(span.endedAt));
    },
    async shutdown() {
      unregister();
      for (const mirror of mirrors.values()) mirror.end();
      mirrors.clear();
    },
    async forceFlush() {},
  };
}

/** Options of `registerAgentsTracing`. */
export interface RegisterAgentsTracingOptions extends AgentsTracingOptions {
  /**
   * Turn Agents tracing on (default true). Agents JS switches tracing off
   * when `NODE_ENV` is `test` or `OPENAI_AGENTS_DISABLE_TRACING` is set; with
   * the bridge as the only processor, tracing sends nothing anywhere else.
   */
  enableTracing?: boolean;
}

/**
 * Installs the bridge as the only Agents tracing processor. This also
 * removes the exporter that `@openai/agents` installs on import (it sends
 * traces to OpenAI's hosted service whenever an API key is set), so a
 * training run never uploads traces by accident. Returns the bridge.
 *
 * @param options - logger, whether to turn tracing on
 */
export function registerAgentsTracing(
  options: RegisterAgentsTracingOptions = {},
): AgentsTracingBridge {
  const bridge = createAgentsTracingProcessor(options);
  setTraceProcessors([bridge]);
  if (options.enableTracing ?? true) setTracingDisabled(false);
  return bridge;
}
