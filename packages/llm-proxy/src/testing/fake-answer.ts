/**
 * What the fake model server answers: directives found in the prompt text, the generated token
 * ids, and how they split into stream pieces. Pure functions, no I/O.
 */
import { FAKE_EOS_ID, fakeDetokenize, fakeTokenize } from './tokenizer.js';

/** A directive embedded in a prompt (see the fake server's documentation). */
export type FakeDirective =
  | { kind: 'say'; text: string }
  | { kind: 'tool'; name: string; args: string }
  | { kind: 'status'; code: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'stream-error'; afterChunks: number }
  | { kind: 'drop'; afterChunks: number }
  | { kind: 'none' };

const PATTERNS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => FakeDirective]> = [
  [/\[\[say:([\s\S]*?)\]\]/, (m) => ({ kind: 'say', text: m[1] as string })],
  [
    /\[\[tool:([^\s\]]+) ([\s\S]*)\]\]/,
    (m) => ({ kind: 'tool', name: m[1] as string, args: m[2] as string }),
  ],
  [/\[\[status:(\d{3})\]\]/, (m) => ({ kind: 'status', code: Number(m[1]) })],
  [/\[\[sleep:(\d+)\]\]/, (m) => ({ kind: 'sleep', ms: Number(m[1]) })],
  [/\[\[stream-error:(\d+)\]\]/, (m) => ({ kind: 'stream-error', afterChunks: Number(m[1]) })],
  [/\[\[drop:(\d+)\]\]/, (m) => ({ kind: 'drop', afterChunks: Number(m[1]) })],
];

/** Finds the first directive (in the documented order of precedence) in a prompt text. */
export function parseDirective(text: string): FakeDirective {
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return build(match);
  }
  return { kind: 'none' };
}

/** One piece of a streamed answer: the delta it carries and the ids generated for it. */
export interface FakePiece {
  delta: Record<string, unknown>;
  ids: number[];
}

/** A generated answer for one choice. */
export interface FakeGeneration {
  /** Message content (`null` for a tool call). */
  content: string | null;
  toolCall: { id: string; type: 'function'; function: { name: string; arguments: string } } | null;
  /** Every generated id, the end-of-sequence id included when the generation finished on it. */
  ids: number[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  /** Stream pieces before the finish chunk. */
  pieces: FakePiece[];
  /** Ids carried by the finish chunk (`[EOS]` or `[]`). */
  finishIds: number[];
}

function normaliseArgs(args: string): { text: string; value: unknown } {
  try {
    const value = JSON.parse(args) as unknown;
    return { text: JSON.stringify(value), value };
  } catch {
    return { text: args, value: args };
  }
}

function splitCodePoints(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

function textPieces(ids: readonly number[], tokensPerChunk: number): FakePiece[] {
  const pieces: FakePiece[] = [];
  for (let i = 0; i < ids.length; i += tokensPerChunk) {
    const slice = ids.slice(i, i + tokensPerChunk);
    pieces.push({ delta: { content: fakeDetokenize(slice) }, ids: slice });
  }
  return pieces;
}

function textGeneration(
  content: string,
  maxTokens: number | undefined,
  tokensPerChunk: number,
): FakeGeneration {
  const contentIds = fakeTokenize(content);
  if (maxTokens !== undefined && maxTokens < contentIds.length + 1) {
    const kept = contentIds.slice(0, Math.max(0, maxTokens));
    return {
      content: fakeDetokenize(kept),
      toolCall: null,
      ids: kept,
      finishReason: 'length',
      pieces: textPieces(kept, tokensPerChunk),
      finishIds: [],
    };
  }
  return {
    content,
    toolCall: null,
    ids: [...contentIds, FAKE_EOS_ID],
    finishReason: 'stop',
    pieces: textPieces(contentIds, tokensPerChunk),
    finishIds: [FAKE_EOS_ID],
  };
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Prompt text the answer is derived from (last user message, or the completion prompt). */
  text: string;
  directive: FakeDirective;
  maxTokens?: number | undefined;
  tokensPerChunk: number;
  /** Id given to a generated tool call. */
  toolCallId: string;
}

/** Generates the answer for one choice. */
export function generate(options: GenerateOptions): FakeGeneration {
  const { directive, maxTokens, tokensPerChunk } = options;
  if (directive.kind === 'say') return textGeneration(directive.text, maxTokens, tokensPerChunk);
  if (directive.kind !== 'tool')
    return textGeneration(`Echo: ${options.text}`, maxTokens, tokensPerChunk);

  const args = normaliseArgs(directive.args);
  const whole = `<tool_call>${JSON.stringify({ name: directive.name, arguments: args.value })}</tool_call>`;
  const allIds = [...fakeTokenize(whole), FAKE_EOS_ID];
  if (maxTokens !== undefined && maxTokens < allIds.length) {
    return textGeneration(
      fakeDetokenize(allIds.slice(0, Math.max(0, maxTokens))),
      maxTokens,
      tokensPerChunk,
    );
  }
  const head = `<tool_call>${JSON.stringify({ name: directive.name, arguments: 0 }).slice(0, -2)}`;
  const pieces: FakePiece[] = [
    {
      delta: {
        tool_calls: [
          {
            index: 0,
            id: options.toolCallId,
            type: 'function',
            function: { name: directive.name, arguments: '' },
          },
        ],
      },
      ids: fakeTokenize(head),
    },
  ];
  for (const piece of splitCodePoints(args.text, 8)) {
    pieces.push({
      delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] },
      ids: fakeTokenize(piece),
    });
  }
  // The closing brace and tag produce no parser output: vLLM still sends their ids, in a chunk
  // with an empty delta, which is the case assemblers most often get wrong.
  pieces.push({ delta: {}, ids: fakeTokenize('}</tool_call>') });
  return {
    content: null,
    toolCall: {
      id: options.toolCallId,
      type: 'function',
      function: { name: directive.name, arguments: args.text },
    },
    ids: allIds,
    finishReason: 'tool_calls',
    pieces,
    finishIds: [FAKE_EOS_ID],
  };
}

const UTF8 = new TextEncoder();

/** The log-probability the fake model assigns to a token id (exactly representable). */
export function fakeLogprob(id: number): number {
  return -((id % 7) / 8);
}

/** Chat log-prob entries for generated ids, with `topLogprobs` alternatives (chosen token first). */
export function chatLogprobEntries(
  ids: readonly number[],
  topLogprobs: number,
): Record<string, unknown>[] {
  return ids.map((id) => {
    const token = fakeDetokenize([id]);
    const top: Record<string, unknown>[] = [];
    for (let k = 0; k < topLogprobs; k++) {
      const alt = id + k;
      const altToken = fakeDetokenize([alt]);
      top.push({
        token: altToken,
        logprob: fakeLogprob(alt) - k,
        bytes: Array.from(UTF8.encode(altToken)),
      });
    }
    return {
      token,
      logprob: fakeLogprob(id),
      bytes: Array.from(UTF8.encode(token)),
      top_logprobs: top,
    };
  });
}

/** Completions log-probs (`{tokens, token_logprobs, top_logprobs, text_offset}`) for generated ids. */
export function completionLogprobs(
  ids: readonly number[],
  k: number,
  startOffset: number,
): Record<string, unknown> {
  const tokens: string[] = [];
  const tokenLogprobs: number[] = [];
  const top: Record<string, number>[] = [];
  const offsets: number[] = [];
  let offset = startOffset;
  for (const id of ids) {
    const token = fakeDetokenize([id]);
    tokens.push(token);
    tokenLogprobs.push(fakeLogprob(id));
    const entry: Record<string, number> = {};
    for (let j = 0; j < Math.max(1, k); j++)
      entry[fakeDetokenize([id + j])] = fakeLogprob(id + j) - j;
    top.push(entry);
    offsets.push(offset);
    offset += token.length;
  }
  return { tokens, token_logprobs: tokenLogprobs, top_logprobs: top, text_offset: offsets };
}
