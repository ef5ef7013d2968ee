import { anyValueToJson } from './any-value';
import type { OtlpAnyValue, OtlpKeyValue } from './model';

/** Attribute naming the rollout a span belongs to. */
export const ROLLOUT_ID_KEY = 'agentlightning.rollout_id';
/** Attribute naming the attempt a span belongs to. */
export const ATTEMPT_ID_KEY = 'agentlightning.attempt_id';
/** Attribute carrying a span's sequence id (decimal string or integer). */
export const SPAN_SEQUENCE_ID_KEY = 'agentlightning.span_sequence_id';

/** The outcome of reading a span's sequence id attribute. */
export type SequenceIdLookup =
  | { readonly status: 'missing' }
  | { readonly status: 'ok'; readonly value: number }
  | { readonly status: 'unparsable' | 'negative'; readonly raw: string };

/** Which rollout, attempt and sequence id a span is attributed to. */
export interface Attribution {
  /** The rollout id, or `undefined` when neither the span nor its resource names one. */
  readonly rolloutId: string | undefined;
  /** The attempt id, or `undefined` when neither the span nor its resource names one. */
  readonly attemptId: string | undefined;
  /** The sequence id, or why none could be used. */
  readonly sequenceId: SequenceIdLookup;
}

/** The value of the last attribute named `key`, `undefined` when absent or unset (null). */
function lookup(pairs: readonly OtlpKeyValue[], key: string): OtlpAnyValue | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const pair = pairs[i];
    if (pair?.key === key) return pair.value.kind === 'unset' ? undefined : pair.value;
  }
  return undefined;
}

/** Renders an attribute value as an id string. */
function renderId(value: OtlpAnyValue): string {
  const json = anyValueToJson(value);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

/**
 * Parses a sequence id: an int64, or a string holding a base-10 integer
 * (surrounding whitespace and a sign allowed). Anything else, or a value
 * beyond 2^53, is unparsable; a negative integer is reported as such.
 *
 * @param value - the attribute value
 */
export function parseSequenceId(value: OtlpAnyValue): SequenceIdLookup {
  let parsed: bigint | undefined;
  if (value.kind === 'int') parsed = value.value;
  else if (value.kind === 'string' && /^\s*[+-]?\d+\s*$/.test(value.value)) {
    parsed = BigInt(value.value.trim());
  }
  const raw = renderId(value);
  if (parsed === undefined || parsed > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { status: 'unparsable', raw };
  }
  return parsed < 0n ? { status: 'negative', raw } : { status: 'ok', value: Number(parsed) };
}

/**
 * Attributes a span: each of `agentlightning.rollout_id`,
 * `agentlightning.attempt_id` and `agentlightning.span_sequence_id` is read
 * from the span's attributes when present and not null, else from its
 * resource's attributes.
 *
 * @param spanAttributes - the span's attributes
 * @param resourceAttributes - the attributes of the span's resource
 */
export function attributeSpan(
  spanAttributes: readonly OtlpKeyValue[],
  resourceAttributes: readonly OtlpKeyValue[],
): Attribution {
  const find = (key: string) => lookup(spanAttributes, key) ?? lookup(resourceAttributes, key);
  const rollout = find(ROLLOUT_ID_KEY);
  const attempt = find(ATTEMPT_ID_KEY);
  const sequence = find(SPAN_SEQUENCE_ID_KEY);
  return {
    rolloutId: rollout && renderId(rollout),
    attemptId: attempt && renderId(attempt),
    sequenceId: sequence ? parseSequenceId(sequence) : { status: 'missing' },
  };
}
