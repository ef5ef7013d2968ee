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
  return JSON.stringify(spanOf(rolloutId, attemptId, sequenceId, token, () => spanIdOf(token())));
}

/** The span id made of a token: 16 characters, as the OpenTelemetry ids of the wire. */
function spanIdOf(text: string): string {
  return text.padStart(16, '0').slice(-16);
}

function spanOf(
  rolloutId: string,
  attemptId: string,
  sequenceId: number,
  nextToken: () => string,
  nextSpanId: () => string,
): Span {
  const attributes: Record<string, string | number> = {};
  for (let i = 0; i < 20; i++) {
    attributes[`gen_ai.prompt.${i}.content`] =
      `${nextToken()} ${'lorem ipsum dolor sit amet '.repeat(9)}`;
  }
  attributes['gen_ai.usage.prompt_tokens'] = 1234;
  const spanId = nextSpanId();
  // The contract suite's builder fills the remaining keys (status OK, no events, links or
  // parent, a context naming this trace and span), in wire order.
  return buildSpan(rolloutId, attemptId, {
    sequence_id: sequenceId,
    trace_id: `${spanId}${spanId}`,
    span_id: spanId,
    name: 'openai.chat.completion',
    attributes,
    start_time: 1_717_171_717.25,
    end_time: 1_717_171_718.5,
    resource: { attributes: { 'service.name': 'bench' }, schema_url: '' },
  });
}

/** Stand-ins in the template of `spanJsonMaker` (never produced by `token`). */
const TOKEN_MARK = '@token@';
const ID_MARK = '@span-id@';
const SEQUENCE_MARK = -987_654_321;

/**
 * A maker of the texts `spanJson` makes (fresh tokens, span id and sequence
 * id each time, the same keys, lengths and order) that serialises the span
 * once and then only fills those in: about a third of `spanJson`'s CPU, so
 * a load generator sharing the machine with the server spends its core on
 * sending requests rather than on building them.
 *
 * @param rolloutId - the rollout
 * @param attemptId - the attempt
 * @returns the maker; its argument is the sequence id
 */
export function spanJsonMaker(
  rolloutId: string,
  attemptId: string,
): (sequenceId: number) => string {
  const template = JSON.stringify(
    spanOf(
      rolloutId,
      attemptId,
      SEQUENCE_MARK,
      () => TOKEN_MARK,
      () => ID_MARK,
    ),
  );
  const pieces = template.split(new RegExp(`(${TOKEN_MARK}|${ID_MARK}|${SEQUENCE_MARK})`));
  const tokenCount = pieces.filter((piece) => piece === TOKEN_MARK).length;
  return (sequenceId) => {
    // Attribute tokens first, then the span id's, as spanJson draws them.
    const tokens = Array.from({ length: tokenCount }, token);
    const spanId = spanIdOf(token());
    let next = 0;
    let text = '';
    for (const piece of pieces) {
      if (piece === TOKEN_MARK) text += tokens[next++];
      else if (piece === ID_MARK) text += spanId;
      else if (piece === String(SEQUENCE_MARK)) text += sequenceId;
      else text += piece;
    }
    return text;
  };
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
