import { makeSpan as buildSpan } from '@agl/store-core/testing';
import type { Span } from '@agl/types';

let counter = 0;

/** A random-looking token so that no two spans share attribute strings. */
function token(): string {
  counter++;
  return `${counter.toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The JSON text of a span with about 5 kB of attributes (20 attributes of about
 * 250 characters, like prompt/completion texts of an LLM call).
 *
 * @param rolloutId - the rollout
 * @param attemptId - the attempt
 * @param sequenceId - the sequence id
 */
export function spanJson(rolloutId: string, attemptId: string, sequenceId: number): string {
  const attributes: Record<string, string | number> = {};
  for (let i = 0; i < 20; i++) {
    attributes[`gen_ai.prompt.${i}.content`] =
      `${token()} ${'lorem ipsum dolor sit amet '.repeat(9)}`;
  }
  attributes['gen_ai.usage.prompt_tokens'] = 1234;
  const spanId = token().padStart(16, '0').slice(-16);
  // The contract suite's builder fills the remaining keys (status OK, no events, links or
  // parent, a context naming this trace and span), in wire order.
  const span = buildSpan(rolloutId, attemptId, {
    sequence_id: sequenceId,
    trace_id: `${spanId}${spanId}`,
    span_id: spanId,
    name: 'openai.chat.completion',
    attributes,
    start_time: 1_717_171_717.25,
    end_time: 1_717_171_718.5,
    resource: { attributes: { 'service.name': 'bench' }, schema_url: '' },
  });
  return JSON.stringify(span);
}

/**
 * A fresh span object parsed from JSON, as a server would receive it.
 *
 * @param rolloutId - the rollout
 * @param attemptId - the attempt
 * @param sequenceId - the sequence id
 */
export function makeSpan(rolloutId: string, attemptId: string, sequenceId: number): Span {
  return JSON.parse(spanJson(rolloutId, attemptId, sequenceId)) as Span;
}
