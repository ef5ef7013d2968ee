/**
 * A stream built from a complete answer, for a streamed call whose upstream answered JSON: the
 * content in pieces of at most 28 code points broken after a space, tool-call arguments in
 * 40-code-point slices, then the finish chunk and `[DONE]`. Every chunk carries the answer's id.
 */
import type { AdmittedCall } from './generation.js';
import { SSE_HEADERS } from './stream.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Splits text into pieces of at most 28 code points, preferring to break after a space. */
function contentPieces(text: string): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < points.length) {
    let end = Math.min(start + 28, points.length);
    if (end < points.length) {
      const space = points.slice(start, end).lastIndexOf(' ');
      if (space > 0) end = start + space + 1;
    }
    pieces.push(points.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}

function chatChunks(answer: Json): Json[] {
  const created = Math.floor(Date.now() / 1000);
  const base = {
    id: answer.id,
    object: 'chat.completion.chunk',
    created,
    model: answer.model ?? 'unknown',
  };
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  const choice = isObject(choices[0]) ? choices[0] : {};
  const index = typeof choice.index === 'number' ? choice.index : 0;
  const message = isObject(choice.message) ? choice.message : {};
  const out: Json[] = [];
  const push = (delta: Json, finish: unknown = null): void => {
    out.push({ ...base, choices: [{ index, delta, finish_reason: finish }] });
  };
  push({ role: typeof message.role === 'string' ? message.role : 'assistant' });
  if (typeof message.content === 'string')
    for (const piece of contentPieces(message.content)) push({ content: piece });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((call: unknown, i) => {
    const c = isObject(call) ? call : {};
    const fn = isObject(c.function) ? c.function : {};
    push({
      tool_calls: [
        {
          index: i,
          id: c.id ?? `call_${created}_${i}`,
          type: c.type ?? 'function',
          function: { name: fn.name ?? '' },
        },
      ],
    });
    const args = Array.from(typeof fn.arguments === 'string' ? fn.arguments : '');
    for (let s = 0; s < args.length; s += 40) {
      push({ tool_calls: [{ index: i, function: { arguments: args.slice(s, s + 40).join('') } }] });
    }
  });
  push({}, choice.finish_reason ?? (calls.length > 0 ? 'tool_calls' : 'stop'));
  return out;
}

function completionChunks(answer: Json): Json[] {
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  return choices.filter(isObject).map((c) => ({
    id: answer.id,
    object: 'text_completion',
    created: answer.created,
    model: answer.model,
    choices: [
      {
        index: c.index ?? 0,
        text: c.text ?? '',
        logprobs: null,
        finish_reason: c.finish_reason ?? 'stop',
      },
    ],
  }));
}

/** Streams a complete answer as server-sent events. */
export function convertedStream(
  call: AdmittedCall,
  answer: Json,
  headers: Record<string, string>,
): Response {
  const chunks = call.route === 'chat' ? chatChunks(answer) : completionChunks(answer);
  let text = '';
  for (const chunk of chunks) text += `data: ${JSON.stringify(chunk)}\n\n`;
  text += 'data: [DONE]\n\n';
  return new Response(text, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
