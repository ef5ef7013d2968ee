/**
 * Attributes of the primary (`litellm_request`) and raw-request (`raw_gen_ai_request`) spans,
 * with LiteLLM's key names and value encoding: anything that is not a string, number or boolean
 * becomes Python literal text, which Python readers parse with `ast.literal_eval`.
 */
import type { Attributes } from '@agl/types';
import type { CallFacts } from './call-facts.js';
import { pyJson } from './py-literal.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** LiteLLM's cast: `null` → `""`, primitives as they are, anything else Python `str()`. */
function castAttribute(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return pyJson(value);
}

const OPENAI_PARAMS = new Set(
  (
    'model messages prompt suffix echo best_of frequency_penalty logit_bias logprobs top_logprobs max_tokens ' +
    'max_completion_tokens n presence_penalty response_format seed stop stream stream_options temperature top_p ' +
    'tools tool_choice parallel_tool_calls user functions function_call reasoning_effort modalities audio ' +
    'prediction service_tier store metadata web_search_options'
  ).split(' '),
);

function isIntArray(v: unknown): v is number[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i])) return false;
  return true;
}

type TokenIds = { prompt: number[] | null; response: number[] | null };

/** Prompt and response token ids of an answer, honouring the token-id state. */
export function answerTokenIds(facts: CallFacts): TokenIds {
  const answer = facts.answer;
  if (answer === null) return { prompt: null, response: null };
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  const first = isObject(choices[0]) ? choices[0] : {};
  const prompt = facts.route === 'completions' ? first.prompt_token_ids : answer.prompt_token_ids;
  let response: unknown = first.token_ids;
  if (!isIntArray(response) && Array.isArray(answer.response_token_ids))
    response = answer.response_token_ids[0];
  const usable = facts.tokenIds === 'complete';
  return {
    prompt: isIntArray(prompt) ? prompt : null,
    response: usable && isIntArray(response) ? response : null,
  };
}

/** The answer as recorded on W: without `provider_specific_fields`, without partial token ids. */
function recordedAnswer(facts: CallFacts): Json {
  const answer = facts.answer ?? {};
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  const strip = facts.tokenIds === 'mismatch' || facts.tokenIds === 'partial';
  return {
    ...answer,
    choices: choices.map((c) => {
      if (!isObject(c)) return c;
      const { provider_specific_fields: _p, ...rest } = c;
      if (strip) delete rest.token_ids;
      return rest;
    }),
  };
}

/** `raw_gen_ai_request` attributes: the upstream request and answer, key by key. */
export function rawRequestAttributes(facts: CallFacts): Attributes {
  const p = facts.deployment.provider;
  const out: Attributes = {};
  const extra: Json = {};
  let hasExtra = false;
  for (const [key, value] of Object.entries(facts.upstreamBody)) {
    if (OPENAI_PARAMS.has(key)) out[`llm.${p}.${key}`] = castAttribute(value);
    else {
      extra[key] = value;
      hasExtra = true;
    }
  }
  if (hasExtra) out[`llm.${p}.extra_body`] = pyJson(extra);
  for (const [key, value] of Object.entries(recordedAnswer(facts)))
    out[`llm.${p}.${key}`] = castAttribute(value);
  return out;
}

function contentText(value: unknown): string {
  return typeof value === 'string' ? value : pyJson(value);
}

const truthy = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;

function customHeaders(facts: CallFacts): string {
  const dict: Json = {};
  for (const [name, value] of facts.customHeaders) dict[name] = value;
  dict['x-rollout-id'] = facts.rolloutId;
  dict['x-attempt-id'] = facts.attemptId;
  dict['x-sequence-id'] = String(facts.sequenceId);
  return pyJson(dict);
}

function requestType(facts: CallFacts): string {
  if (facts.routedPath.endsWith('/messages')) return 'anthropic_messages';
  return facts.route === 'completions' ? 'atext_completion' : 'acompletion';
}

/** `litellm_request` attributes, in LiteLLM's order, then the gateway's call record. */
export function litellmRequestAttributes(facts: CallFacts): Attributes {
  const req = facts.upstreamBody;
  const answer = facts.answer;
  const ok2xx = answer !== null && facts.upstreamStatus >= 200 && facts.upstreamStatus < 300;
  const out: Attributes = {
    'metadata.requester_custom_headers': customHeaders(facts),
    'metadata.requester_ip_address': facts.clientIp,
    'metadata.user_api_key_request_route': facts.routedPath,
    'metadata.usage_object': answer && isObject(answer.usage) ? pyJson(answer.usage) : '',
    hidden_params: JSON.stringify({
      model_id: facts.deployment.id,
      api_base: facts.deployment.apiBase,
    }),
    'gen_ai.request.model': castAttribute(req.model),
    'llm.request.type': requestType(facts),
    'gen_ai.system': facts.deployment.provider,
  };
  const maxTokens = req.max_tokens ?? req.max_completion_tokens;
  if (truthy(maxTokens)) out['gen_ai.request.max_tokens'] = castAttribute(maxTokens);
  if (truthy(req.temperature)) out['gen_ai.request.temperature'] = castAttribute(req.temperature);
  if (truthy(req.top_p)) out['gen_ai.request.top_p'] = castAttribute(req.top_p);
  out['llm.is_streaming'] = facts.upstreamStreamed ? 'True' : 'False';
  if (truthy(req.user)) out['llm.user'] = castAttribute(req.user);
  if (ok2xx) {
    out['gen_ai.response.id'] = castAttribute(answer.id);
    if (truthy(answer.model)) out['gen_ai.response.model'] = castAttribute(answer.model);
  }
  if (answer && isObject(answer.usage)) {
    out['llm.usage.total_tokens'] = castAttribute(answer.usage.total_tokens);
    out['gen_ai.usage.completion_tokens'] = castAttribute(answer.usage.completion_tokens);
    out['gen_ai.usage.prompt_tokens'] = castAttribute(answer.usage.prompt_tokens);
  }
  if (Array.isArray(req.tools)) {
    req.tools.forEach((tool: unknown, i) => {
      if (!isObject(tool) || !isObject(tool.function)) return;
      const fn = tool.function;
      out[`llm.request.functions.${i}.name`] = castAttribute(fn.name);
      out[`llm.request.functions.${i}.description`] = castAttribute(fn.description);
      out[`llm.request.functions.${i}.parameters`] = JSON.stringify(fn.parameters ?? null);
    });
  }
  const messages =
    facts.route === 'completions'
      ? [{ role: 'user', content: req.prompt }]
      : Array.isArray(req.messages)
        ? req.messages
        : [];
  messages.forEach((m: unknown, i) => {
    if (!isObject(m)) return;
    if (truthy(m.role)) out[`gen_ai.prompt.${i}.role`] = castAttribute(m.role);
    if (truthy(m.content)) out[`gen_ai.prompt.${i}.content`] = contentText(m.content);
  });
  if (answer) completionAttributes(facts, answer, out);
  const ids = answerTokenIds(facts);
  if (ids.prompt) out.prompt_token_ids = ids.prompt;
  if (ids.response) out.response_token_ids = ids.response;
  const choices = Array.isArray(answer?.choices) ? (answer?.choices as unknown[]) : [];
  const first = isObject(choices[0]) ? choices[0] : {};
  if (isObject(first.logprobs) && Array.isArray(first.logprobs.content)) {
    out['logprobs.content'] = JSON.stringify(first.logprobs.content);
  }
  Object.assign(out, callRecordAttributes(facts));
  return out;
}

function completionAttributes(facts: CallFacts, answer: Json, out: Attributes): void {
  const choices = Array.isArray(answer.choices) ? answer.choices : [];
  choices.forEach((c: unknown, i) => {
    if (!isObject(c)) return;
    if (truthy(c.finish_reason))
      out[`gen_ai.completion.${i}.finish_reason`] = castAttribute(c.finish_reason);
    if (facts.route === 'completions') {
      out[`gen_ai.completion.${i}.role`] = 'assistant';
      if (truthy(c.text)) out[`gen_ai.completion.${i}.content`] = contentText(c.text);
      return;
    }
    const message = isObject(c.message) ? c.message : {};
    if (truthy(message.role)) out[`gen_ai.completion.${i}.role`] = castAttribute(message.role);
    if (truthy(message.content))
      out[`gen_ai.completion.${i}.content`] = contentText(message.content);
    if (!truthy(c.finish_reason) || !Array.isArray(message.tool_calls)) return;
    message.tool_calls.forEach((call: unknown, k) => {
      const fn = isObject(call) && isObject(call.function) ? call.function : {};
      if (truthy(fn.arguments))
        out[`gen_ai.completion.${k}.function_call.arguments`] = castAttribute(fn.arguments);
      if (truthy(fn.name))
        out[`gen_ai.completion.${k}.function_call.name`] = castAttribute(fn.name);
    });
  });
}

function callRecordAttributes(facts: CallFacts): Attributes {
  const latency = facts.tUpstreamEnd - facts.tUpstreamStart;
  const out: Attributes = {
    'agentlightning.proxy.status': facts.error === null && facts.httpStatus < 400 ? 'ok' : 'error',
    'agentlightning.proxy.http_status': facts.httpStatus,
    'agentlightning.proxy.latency_ms': latency,
    'agentlightning.proxy.overhead_ms': Math.max(0, facts.tRecord - facts.tArrival - latency),
    'agentlightning.proxy.retry_count': facts.retryCount,
    'agentlightning.proxy.upstream.endpoint': facts.deployment.apiBase,
    'agentlightning.proxy.upstream.model': facts.deployment.upstreamModel,
    'agentlightning.proxy.model_name': facts.modelName,
    'agentlightning.proxy.model_version': facts.deployment.version,
    'agentlightning.proxy.route': facts.routedPath.endsWith('/messages') ? 'messages' : facts.route,
    'agentlightning.proxy.stream': facts.agentStreamed,
    'agentlightning.proxy.token_ids': facts.tokenIds,
    'agentlightning.proxy.sequence_source': facts.sequenceSource,
  };
  if (facts.mode !== null) out['agentlightning.proxy.mode'] = facts.mode;
  if (facts.agentStreamed) {
    out['agentlightning.proxy.stream_mode'] =
      facts.upstreamBody.stream === true ? 'passthrough' : 'convert';
  }
  if (facts.rewrittenKeys.length > 0)
    out['agentlightning.proxy.rewritten_keys'] = facts.rewrittenKeys;
  const choices = Array.isArray(facts.answer?.choices) ? (facts.answer?.choices as unknown[]) : [];
  const finish = isObject(choices[0]) ? choices[0].finish_reason : null;
  if (typeof finish === 'string') out['agentlightning.proxy.finish_reason'] = finish;
  if (facts.timeToFirstTokenMs !== null)
    out['agentlightning.proxy.time_to_first_token_ms'] = facts.timeToFirstTokenMs;
  if (facts.incomplete) out['agentlightning.proxy.incomplete'] = true;
  if (facts.error) {
    out['error.type'] = facts.error.type;
    out['error.message'] = facts.error.message;
    if (facts.error.body !== null)
      out['agentlightning.proxy.error_body'] = facts.error.body.slice(0, 65536);
  }
  return out;
}
