/**
 * Attributes of the client-view span (`openai.chat.completion` / `openai.completion`): what a
 * client-side instrumentation would have recorded for the call, so that the default
 * `TracerTraceToTriplet` trains from the gateway's records alone. Non-strings are JSON text here,
 * token ids real integer arrays.
 */
import type { Attributes } from '@agl/types';
import type { CallFacts } from './call-facts.js';
import { answerTokenIds } from './litellm-attributes.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function message(prefix: string, m: Json, out: Attributes): void {
  for (const key of ['role', 'content', 'tool_call_id', 'name', 'finish_reason']) {
    const value = m[key];
    if (value !== undefined && value !== null) out[`${prefix}.${key}`] = text(value);
  }
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  calls.forEach((call: unknown, j) => {
    if (!isObject(call)) return;
    const fn = isObject(call.function) ? call.function : {};
    if (typeof call.id === 'string') out[`${prefix}.tool_calls.${j}.id`] = call.id;
    if (typeof fn.name === 'string') out[`${prefix}.tool_calls.${j}.name`] = fn.name;
    if (typeof fn.arguments === 'string') out[`${prefix}.tool_calls.${j}.arguments`] = fn.arguments;
  });
}

function flatten(prefix: string, value: unknown, out: Attributes): void {
  if (value === null || value === undefined) return;
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out[prefix] = value;
  } else out[prefix] = JSON.stringify(value);
}

/** The client-view attributes of a completed call. */
export function clientViewAttributes(facts: CallFacts): Attributes {
  const out: Attributes = {};
  const req = facts.agentBody;
  for (const [key, value] of Object.entries(req)) {
    if (key === 'messages') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[`gen_ai.request.${key}`] = value;
    }
  }
  if (Array.isArray(req.tools)) {
    req.tools.forEach((tool: unknown, i) => {
      const fn = isObject(tool) && isObject(tool.function) ? tool.function : null;
      if (!fn) return;
      out[`gen_ai.request.functions.${i}.name`] = text(fn.name ?? '');
      out[`gen_ai.request.functions.${i}.description`] = text(fn.description ?? '');
      out[`gen_ai.request.functions.${i}.parameters`] = JSON.stringify(fn.parameters ?? {});
    });
  }
  if (facts.route === 'completions') {
    out['gen_ai.prompt.0.role'] = 'user';
    out['gen_ai.prompt.0.content'] = text(req.prompt);
  } else if (Array.isArray(req.messages)) {
    req.messages.forEach((m: unknown, i) => {
      if (isObject(m)) message(`gen_ai.prompt.${i}`, m, out);
    });
  }
  const answer = facts.answer ?? {};
  if (typeof answer.id === 'string') out['gen_ai.response.id'] = answer.id;
  if (typeof answer.model === 'string') out['gen_ai.response.model'] = answer.model;
  flatten('gen_ai.usage', answer.usage, out);
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  choices.forEach((c: unknown, i) => {
    if (!isObject(c)) return;
    if (facts.route === 'completions') {
      out[`gen_ai.completion.${i}.role`] = 'assistant';
      out[`gen_ai.completion.${i}.content`] = text(c.text ?? '');
      if (typeof c.finish_reason === 'string')
        out[`gen_ai.completion.${i}.finish_reason`] = c.finish_reason;
      return;
    }
    message(
      `gen_ai.completion.${i}`,
      { ...(isObject(c.message) ? c.message : {}), finish_reason: c.finish_reason },
      out,
    );
  });
  const ids = answerTokenIds(facts);
  if (ids.prompt) out.prompt_token_ids = ids.prompt;
  if (ids.response) out.response_token_ids = ids.response;
  const first = isObject(choices[0]) ? choices[0] : {};
  if (isObject(first.logprobs) && Array.isArray(first.logprobs.content)) {
    out['logprobs.content'] = JSON.stringify(first.logprobs.content);
  }
  return out;
}
