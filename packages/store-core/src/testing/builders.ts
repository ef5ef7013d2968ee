import type { NamedResources, Resource, Span } from '@agl/types';
import type { HrTimeLike, OtelSpanContextLike, OtelSpanLike } from '../otel-span';

let spanCounter = 0;

/** Fields of a span to set explicitly; every other field gets a valid default. */
export type SpanInit = Partial<Span> & { [extra: string]: unknown };

/**
 * Builds a complete, valid span (all sixteen keys) for a rollout and attempt.
 * Each call gets a fresh `span_id` unless one is given; `sequence_id` defaults to 1.
 *
 * @param rolloutId - the span's rollout
 * @param attemptId - the span's attempt
 * @param init - fields (and extra keys) to override
 * @returns the span
 */
export function makeSpan(rolloutId: string, attemptId: string, init: SpanInit = {}): Span {
  spanCounter += 1;
  const spanId = init.span_id ?? spanCounter.toString(16).padStart(16, '0');
  const traceId = init.trace_id ?? 'a'.repeat(32);
  return {
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: 1,
    trace_id: traceId,
    span_id: spanId,
    parent_id: null,
    name: 'contract.span',
    status: { status_code: 'OK', description: null },
    attributes: {},
    events: [],
    links: [],
    start_time: 1_700_000_000,
    end_time: 1_700_000_001,
    context: { trace_id: traceId, span_id: spanId, is_remote: false, trace_state: {} },
    parent: null,
    resource: { attributes: {}, schema_url: '' },
    ...init,
  };
}

/** Fields of a hand-built OpenTelemetry span; everything is optional. */
export interface OtelSpanInit {
  /** Span name (default `otel.span`). */
  name?: string;
  /** 32 hex characters. */
  traceId?: string;
  /** 16 hex characters. */
  spanId?: string;
  /** SDK 2.x parent context. */
  parentSpanContext?: OtelSpanContextLike;
  /** SDK 1.x parent span id. */
  parentSpanId?: string;
  /** Start time as `[seconds, nanoseconds]`. */
  startTime?: HrTimeLike;
  /** End time as `[seconds, nanoseconds]`. */
  endTime?: HrTimeLike;
  /** Status code (0 UNSET, 1 OK, 2 ERROR) and message. */
  status?: { code: number; message?: string };
  /** Span attributes. */
  attributes?: Record<string, unknown>;
  /** Span events. */
  events?: OtelSpanLike['events'];
  /** Span links. */
  links?: OtelSpanLike['links'];
  /** Resource attributes and schema URL. */
  resource?: OtelSpanLike['resource'];
}

/**
 * Builds an object shaped like a finished OpenTelemetry SDK span (`ReadableSpan`),
 * without depending on the OpenTelemetry SDK.
 *
 * @param init - fields to set
 * @returns the span-like object
 */
export function makeOtelSpan(init: OtelSpanInit = {}): OtelSpanLike {
  spanCounter += 1;
  const context: OtelSpanContextLike = {
    traceId: init.traceId ?? 'b'.repeat(32),
    spanId: init.spanId ?? spanCounter.toString(16).padStart(16, '0'),
    traceFlags: 1,
    isRemote: false,
  };
  return {
    name: init.name ?? 'otel.span',
    spanContext: () => context,
    ...(init.parentSpanContext ? { parentSpanContext: init.parentSpanContext } : {}),
    ...(init.parentSpanId ? { parentSpanId: init.parentSpanId } : {}),
    startTime: init.startTime ?? [1_700_000_000, 0],
    endTime: init.endTime ?? [1_700_000_001, 500_000_000],
    status: init.status ?? { code: 1 },
    attributes: init.attributes ?? {},
    events: init.events ?? [],
    links: init.links ?? [],
    resource: init.resource ?? { attributes: { 'service.name': 'contract' } },
    kind: 0,
  };
}

/**
 * An LLM resource with every field present.
 *
 * @param model - the model name
 * @param endpoint - the base URL
 */
export function llmResource(
  model = 'contract-model',
  endpoint = 'http://localhost:8080/v1',
): Extract<Resource, { resource_type: 'llm' }> {
  return { resource_type: 'llm', endpoint, model, api_key: null, sampling_parameters: {} };
}

/**
 * A prompt template resource (`f-string` engine).
 *
 * @param template - the template text
 */
export function promptTemplateResource(
  template = 'Hello {name}!',
): Extract<Resource, { resource_type: 'prompt_template' }> {
  return { resource_type: 'prompt_template', template, engine: 'f-string' };
}

/**
 * A small `NamedResources` object: one LLM and one prompt template.
 *
 * @param model - the LLM's model name, to tell snapshots apart
 */
export function sampleResources(model = 'contract-model'): NamedResources {
  return { main_llm: llmResource(model), greeting: promptTemplateResource() };
}
