/**
 * Validation and prompt extraction for requests to the fake model server, following what vLLM
 * checks and how it tokenizes.
 */
import {
  type FakeChatMessage,
  fakeChatPrompt,
  fakeDetokenize,
  fakeMessageText,
  fakeTokenize,
} from './tokenizer.js';

/** The request keys the fake server reads. */
export interface FakeRequestBody {
  model?: unknown;
  messages?: unknown;
  prompt?: unknown;
  tools?: unknown;
  n?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  logprobs?: unknown;
  top_logprobs?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
  return_token_ids?: unknown;
  [key: string]: unknown;
}

/** Why a request is refused. */
export interface FakeInvalid {
  status: number;
  message: string;
  type: string;
}

const isIntArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => Number.isInteger(x));

function validPrompt(prompt: unknown): boolean {
  if (typeof prompt === 'string') return true;
  if (!Array.isArray(prompt) || prompt.length === 0) return false;
  return (
    prompt.every((p) => typeof p === 'string') ||
    isIntArray(prompt) ||
    prompt.every((p) => isIntArray(p) && p.length > 0)
  );
}

/** Checks a request as vLLM would; `null` when it is acceptable. */
export function validateFakeRequest(
  kind: 'chat' | 'completions',
  body: FakeRequestBody,
  servedModel: string,
): FakeInvalid | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, message: 'Request body must be a JSON object', type: 'BadRequestError' };
  }
  if (kind === 'chat' && !Array.isArray(body.messages)) {
    return {
      status: 400,
      message: 'Missing required parameter: messages',
      type: 'BadRequestError',
    };
  }
  if (kind === 'completions' && !validPrompt(body.prompt)) {
    return { status: 400, message: 'Missing required parameter: prompt', type: 'BadRequestError' };
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return {
      status: 400,
      message: 'Stream options can only be defined when `stream=True`.',
      type: 'BadRequestError',
    };
  }
  if (body.model !== undefined && body.model !== servedModel) {
    return {
      status: 404,
      message: `The model \`${String(body.model)}\` does not exist.`,
      type: 'NotFoundError',
    };
  }
  return null;
}

/** The prompts of a request, the text directives are read from, and the sampling limits. */
export interface FakePrompts {
  prompts: Array<{ ids: number[]; text: string }>;
  directiveText: string;
  n: number;
  maxTokens: number | undefined;
}

function lastUserText(messages: readonly FakeChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as FakeChatMessage;
    if (m.role === 'user') return fakeMessageText(m.content);
  }
  return '';
}

/** Tokenizes the prompt(s) of a validated request. */
export function buildFakeCall(kind: 'chat' | 'completions', body: FakeRequestBody): FakePrompts {
  const n = Number.isInteger(body.n) && (body.n as number) > 0 ? (body.n as number) : 1;
  const limit = body.max_tokens ?? body.max_completion_tokens;
  const maxTokens = typeof limit === 'number' && Number.isFinite(limit) ? limit : undefined;
  if (kind === 'chat') {
    const messages = body.messages as FakeChatMessage[];
    const tools = Array.isArray(body.tools) ? body.tools : null;
    const text = lastUserText(messages);
    return {
      prompts: [{ ids: fakeTokenize(fakeChatPrompt(messages, tools)), text }],
      directiveText: text,
      n,
      maxTokens,
    };
  }
  const prompt = body.prompt;
  let prompts: Array<{ ids: number[]; text: string }>;
  if (typeof prompt === 'string') prompts = [{ ids: fakeTokenize(prompt), text: prompt }];
  else if (isIntArray(prompt)) prompts = [{ ids: [...prompt], text: fakeDetokenize(prompt) }];
  else {
    prompts = (prompt as Array<string | number[]>).map((p) =>
      typeof p === 'string'
        ? { ids: fakeTokenize(p), text: p }
        : { ids: [...p], text: fakeDetokenize(p) },
    );
  }
  return { prompts, directiveText: prompts[0]?.text ?? '', n, maxTokens };
}
