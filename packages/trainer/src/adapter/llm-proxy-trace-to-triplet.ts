/**
 * `LlmProxyTraceToTriplet`: triplets from the spans the LLM gateway records (`raw_gen_ai_request`
 * and `litellm_request`), with rewards matched by sequence id only, so no clock agreement between
 * machines is needed.
 *
 * @module
 */
import type { Span } from '@agl/types';
import { getRewardValue, isRewardSpan } from '../reward/readers';
import { TraceToTripletBase } from './base';
import { parsePyLiteral } from './py-literal';
import type { Triplet } from './triplet';

const RAW = 'raw_gen_ai_request';
const PRIMARY = 'litellm_request';
const PREFIX = 'llm.hosted_vllm.';

function ints(value: unknown): number[] | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = parsePyLiteral(v);
    } catch {
      return null;
    }
  }
  return Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x))
    ? (v as number[])
    : null;
}

function firstList(value: unknown): number[] | null {
  const parsed = typeof value === 'string' ? safeParse(value) : value;
  return Array.isArray(parsed) && Array.isArray(parsed[0]) ? ints(parsed[0]) : null;
}

function safeParse(text: string): unknown {
  try {
    return parsePyLiteral(text);
  } catch {
    return null;
  }
}

function fromRaw(span: Span): { prompt: number[] | null; response: number[] | null; id: unknown } {
  const a = span.attributes;
  const prompt = ints(a[`${PREFIX}prompt_token_ids`]);
  let response = firstList(a[`${PREFIX}response_token_ids`]);
  if (response === null) {
    const choices =
      typeof a[`${PREFIX}choices`] === 'string' ? safeParse(a[`${PREFIX}choices`] as string) : null;
    const first = Array.isArray(choices)
      ? (choices[0] as Record<string, unknown> | undefined)
      : undefined;
    response = first ? ints(first.token_ids) : null;
  }
  return { prompt, response, id: a['gen_ai.response.id'] ?? a[`${PREFIX}id`] };
}

function fromPrimary(span: Span): {
  prompt: number[] | null;
  response: number[] | null;
  id: unknown;
} {
  const a = span.attributes;
  return {
    prompt: ints(a.prompt_token_ids),
    response: ints(a.response_token_ids),
    id: a['gen_ai.response.id'],
  };
}

/**
 * Builds one triplet per recorded model call that has both prompt and response token ids,
 * deduplicated by response id, ordered by sequence id; each reward goes to the latest call with
 * a smaller sequence id that has no reward yet.
 */
export class LlmProxyTraceToTriplet extends TraceToTripletBase {
  /** Converts the spans of one attempt. */
  override adapt(source: readonly Span[]): Triplet[] {
    const spans = [...source].sort(
      (a, b) => a.sequence_id - b.sequence_id || (a.start_time ?? 0) - (b.start_time ?? 0),
    );
    const triplets: Array<{ triplet: Triplet; seq: number }> = [];
    const seen = new Set<string>();
    for (const span of spans) {
      if (isRewardSpan(span)) {
        const reward = getRewardValue(span);
        if (reward === null) continue;
        for (let i = triplets.length - 1; i >= 0; i--) {
          const t = triplets[i] as { triplet: Triplet; seq: number };
          if (t.seq < span.sequence_id && t.triplet.reward === null) {
            t.triplet.reward = reward;
            break;
          }
        }
        continue;
      }
      if (span.name !== RAW && span.name !== PRIMARY) continue;
      const item = span.name === RAW ? fromRaw(span) : fromPrimary(span);
      if (item.prompt === null || item.response === null) continue;
      const id = typeof item.id === 'string' && item.id !== '' ? item.id : null;
      if (id !== null) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      triplets.push({
        seq: span.sequence_id,
        triplet: {
          prompt: { token_ids: item.prompt },
          response: { token_ids: item.response },
          reward: null,
          metadata: { response_id: id },
        },
      });
    }
    return triplets.map((t) => t.triplet);
  }
}
