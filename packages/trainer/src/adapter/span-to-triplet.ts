import type { Span } from '@agl/types';
import { getLogger } from '../logging';
import { filterAndUnflattenAttributes, filterAttributes, isPlainObject } from '../semconv/flatten';
import { extractImageUrls } from './image-urls';
import { fillFromThirdPartySpan } from './llm-span-reader';
import type { Triplet, TripletPrompt, TripletResponse } from './triplet';

const log = getLogger('agl.adapter');

const PROMPT_TOKEN_KEYS = ['prompt_token_ids', 'agentlightning.operation.output.prompt_token_ids'];
const RESPONSE_TOKEN_KEYS = [
  'response_token_ids',
  'agentlightning.operation.output.response_token_ids.0',
  'agentlightning.operation.output.choices.0.token_ids',
  'agentlightning.operation.output.choices.0.provider_specific_fields.token_ids',
];
const RESPONSE_ID_KEYS = ['gen_ai.response.id', 'agentlightning.operation.output.id'];

/** The response id of an LLM span: first string among `gen_ai.response.id`, `agentlightning.operation.output.id`. */
export function responseIdOf(span: Pick<Span, 'attributes'>): string | null {
  for (const key of RESPONSE_ID_KEYS) {
    const value = span.attributes[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

function tokenIds(span: Span, keys: readonly string[]): number[] {
  for (const key of keys) {
    const value: unknown = span.attributes[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.every((v) => Number.isInteger(v)))
      return [...(value as number[])];
    log.warn(`Attribute "${key}" of span ${span.span_id} is not a list of integers; ignoring it.`);
  }
  return [];
}

/**
 * Unflattens the attributes under `prefix`; a key equal to the prefix itself
 * (e.g. a scalar operation output) is returned as the value when it is the
 * only one, and otherwise ignored (the reference would throw here).
 */
function unflattenSafely(attrs: Readonly<Record<string, unknown>>, prefix: string): unknown {
  const { [prefix]: exact, ...rest } = filterAttributes(attrs, prefix);
  if (Object.keys(rest).length === 0) return exact ?? null;
  return filterAndUnflattenAttributes(rest, prefix);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function without(value: unknown, keys: readonly string[]): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** The first non-empty of the candidates (each a prefix and keys to drop), or `null`. */
function firstNonEmpty(span: Span, candidates: readonly [string, readonly string[]][]): unknown {
  for (const [prefix, drop] of candidates) {
    const value = without(unflattenSafely(span.attributes, prefix), drop);
    if (!isEmpty(value)) return value;
  }
  return null;
}

/**
 * One LLM span as a triplet: token ids, raw prompt and
 * completion, image URLs, logprobs and request/response metadata. The reward
 * is `null`; reward matching fills it.
 *
 * @param span - the LLM call span
 * @param agentName - the matching agent recorded with the call
 */
export function spanToTriplet(span: Span, agentName: string | null): Triplet {
  const rawPrompt = firstNonEmpty(span, [
    ['gen_ai.prompt', []],
    ['agentlightning.operation.input.messages', []],
  ]);
  const prompt: TripletPrompt = {
    token_ids: tokenIds(span, PROMPT_TOKEN_KEYS),
    raw_content: rawPrompt,
    image_urls: extractImageUrls(rawPrompt),
  };
  const response: TripletResponse = {
    token_ids: tokenIds(span, RESPONSE_TOKEN_KEYS),
    raw_content: firstNonEmpty(span, [
      ['gen_ai.completion', []],
      ['agentlightning.operation.output.choices', []],
    ]),
  };
  fillFromThirdPartySpan(span, prompt, response, extractImageUrls);
  const logprobs = span.attributes['logprobs.content'];
  if (typeof logprobs === 'string') {
    try {
      response.logprobs = JSON.parse(logprobs);
    } catch {
      log.warn(`Span ${span.span_id} has unparseable logprobs.content; ignoring it.`);
    }
  }
  return {
    prompt,
    response,
    reward: null,
    metadata: {
      response_id: responseIdOf(span),
      request: firstNonEmpty(span, [
        ['gen_ai.request', []],
        ['agentlightning.operation.input', ['messages']],
      ]),
      response: firstNonEmpty(span, [
        ['gen_ai.response', []],
        ['agentlightning.operation.output', ['choices', 'prompt_token_ids', 'response_token_ids']],
      ]),
      agent_name: agentName,
    },
  };
}
