import type { Span } from '@agl/types';
import { spanFromAttributes } from '../../src/tracer';

/** Builds a stored span by hand: id, parent, name, times and attributes. */
export function mk(
  id: string,
  parent: string | null,
  name: string,
  start: number,
  end: number,
  attributes: Record<string, unknown> = {},
): Span {
  return spanFromAttributes(attributes as Span['attributes'], {
    rolloutId: 'ro-1',
    attemptId: 'at-1',
    traceId: 'f'.repeat(32),
    spanId: id,
    parentId: parent,
    name,
    startTime: start,
    endTime: end,
  });
}

/** An LLM span with a response id and token ids. */
export function llm(
  id: string,
  parent: string | null,
  start: number,
  end: number,
  extra: Record<string, unknown> = {},
): Span {
  return mk(id, parent, 'openai.chat.completion', start, end, {
    'gen_ai.response.id': `resp-${id}`,
    prompt_token_ids: [1, 2],
    response_token_ids: [3],
    ...extra,
  });
}

/** A reward span as emitReward writes it. */
export function reward(id: string, parent: string | null, start: number, value: number): Span {
  return mk(id, parent, 'agentlightning.annotation', start, start, {
    'agentlightning.reward.0.name': 'primary',
    'agentlightning.reward.0.value': value,
  });
}
