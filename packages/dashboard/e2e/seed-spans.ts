import { makeSpan as buildSpan } from '@agl/store-core/testing';
import type { Span } from '@agl/types';

/** A deterministic pseudo-random generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hex id of `length` characters from the generator. */
export function hexId(random: () => number, length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** The fields a seeded span needs; the rest take wire defaults. */
export interface SpanSpec {
  rolloutId: string;
  attemptId: string;
  sequenceId: number;
  traceId: string;
  spanId: string;
  parentId: string | null;
  name: string;
  start: number | null;
  end: number | null;
  attributes?: Record<string, unknown>;
  error?: string;
}

/** A wire span with all sixteen keys (the contract suite's builder fills events, links, context). */
export function makeSpan(spec: SpanSpec): Span {
  return buildSpan(spec.rolloutId, spec.attemptId, {
    sequence_id: spec.sequenceId,
    trace_id: spec.traceId,
    span_id: spec.spanId,
    parent_id: spec.parentId,
    name: spec.name,
    status: spec.error
      ? { status_code: 'ERROR', description: spec.error }
      : { status_code: 'OK', description: null },
    attributes: (spec.attributes ?? {}) as Span['attributes'],
    start_time: spec.start,
    end_time: spec.end,
    parent: spec.parentId
      ? { trace_id: spec.traceId, span_id: spec.parentId, is_remote: false, trace_state: {} }
      : null,
    resource: { attributes: { 'service.name': 'seeded-agent' }, schema_url: '' },
  });
}

/** OpenAI-style flattened attributes of one chat call. */
export function openAiCall(options: {
  prompt: { role: string; content: string }[];
  answer: string;
  toolCall?: { name: string; arguments: string };
  model: string;
  tokens: [number, number];
  tokenIds: boolean;
  responseId?: string;
}): Record<string, unknown> {
  const a: Record<string, unknown> = {
    'gen_ai.system': 'openai',
    'gen_ai.request.model': options.model,
    'gen_ai.response.model': options.model,
    'gen_ai.request.temperature': 0.7,
    'gen_ai.usage.prompt_tokens': options.tokens[0],
    'gen_ai.usage.completion_tokens': options.tokens[1],
  };
  options.prompt.forEach((m, i) => {
    a[`gen_ai.prompt.${i}.role`] = m.role;
    a[`gen_ai.prompt.${i}.content`] = m.content;
  });
  a['gen_ai.completion.0.role'] = 'assistant';
  a['gen_ai.completion.0.content'] = options.answer;
  a['gen_ai.completion.0.finish_reason'] = options.toolCall ? 'tool_calls' : 'stop';
  if (options.toolCall) {
    a['gen_ai.completion.0.tool_calls.0.id'] = 'call_1';
    a['gen_ai.completion.0.tool_calls.0.function.name'] = options.toolCall.name;
    a['gen_ai.completion.0.tool_calls.0.function.arguments'] = options.toolCall.arguments;
  }
  if (options.responseId) a['gen_ai.response.id'] = options.responseId;
  if (options.tokenIds) {
    a.prompt_token_ids = Array.from({ length: Math.min(options.tokens[0], 64) }, (_, i) => i + 100);
    a.response_token_ids = Array.from(
      { length: Math.min(options.tokens[1], 32) },
      (_, i) => i + 500,
    );
  }
  return a;
}

/** Reward dimension attributes. */
export function rewardAttributes(dimensions: [string, number][]): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  dimensions.forEach(([name, value], i) => {
    a[`agentlightning.reward.${i}.name`] = name;
    a[`agentlightning.reward.${i}.value`] = value;
  });
  return a;
}

/** Strings a dashboard must show literally. */
export const XSS = {
  script: '<script>window.__xss = 1</script>',
  img: '<img src=x onerror="window.__xss = 2">',
  js: 'javascript:window.__xss = 3',
};

/** Secrets that must never reach the page. */
export const SECRETS = { apiKey: 'sk-test-SECRET-0123456789abcdef', bearer: 'Bearer SECRET-XYZ' };
