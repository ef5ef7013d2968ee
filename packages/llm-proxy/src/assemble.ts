/**
 * Rebuilds the complete answer of a streamed call from its chunks, as if it had not been streamed:
 * the record of a streamed call then reads like that of the same call unstreamed.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

interface ToolCallState {
  id: string | null;
  type: string | null;
  name: string | null;
  args: string;
}

interface ChoiceState {
  index: number;
  role: string | null;
  content: string | null;
  reasoning: Map<string, string>;
  toolCalls: Map<number, ToolCallState>;
  functionCall: { name: string | null; args: string } | null;
  finishReason: unknown;
  stopReason: unknown;
  logprobs: { content: unknown[]; refusal: unknown[] } | null;
  completionLogprobs: Json | null;
  tokenIds: number[] | null;
  promptTokenIds: number[] | null;
  /** Chunks of this choice that carried generated output (content, tool call, reasoning). */
  outputChunks: number;
  /** Those of them that also carried `token_ids`. */
  outputChunksWithIds: number;
}

/** Collects chunks of one stream (chat or completions) and builds the final answer. */
export class StreamAssembler {
  private readonly top: Json = {};
  private promptTokenIds: number[] | null = null;
  private usage: unknown = null;
  private readonly choices = new Map<number, ChoiceState>();
  /** Whether an error event arrived. */
  error: Json | null = null;

  /** @param kind - `chat` for chat completion chunks, `completions` for text completion chunks */
  constructor(private readonly kind: 'chat' | 'completions') {}

  /** Adds one parsed chunk; returns whether it carried content, tool calls or token ids. */
  add(chunk: Json): boolean {
    if (isObject(chunk.error)) {
      this.error = chunk.error;
      return false;
    }
    for (const key of ['id', 'created', 'model']) {
      if (this.top[key] === undefined && chunk[key] !== undefined && chunk[key] !== null)
        this.top[key] = chunk[key];
    }
    if (chunk.system_fingerprint !== undefined && chunk.system_fingerprint !== null) {
      this.top.system_fingerprint = chunk.system_fingerprint;
    }
    if (this.promptTokenIds === null && Array.isArray(chunk.prompt_token_ids)) {
      this.promptTokenIds = chunk.prompt_token_ids as number[];
    }
    if (chunk.usage !== undefined && chunk.usage !== null) this.usage = chunk.usage;
    let output = false;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    choices.forEach((raw: unknown, position) => {
      if (!isObject(raw)) return;
      const index = typeof raw.index === 'number' ? raw.index : position;
      const state = this.choice(index);
      if (this.mergeChoice(state, raw)) output = true;
    });
    return output;
  }

  /** Whether any chunk of choice 0 with generated output lacked `token_ids`. */
  idsMissingInSomeChunk(): boolean {
    const c = this.choices.get(0);
    return c !== undefined && c.outputChunksWithIds > 0 && c.outputChunksWithIds < c.outputChunks;
  }

  /** The assembled answer (`chat.completion` or `text_completion`). */
  result(): Json {
    const choices = [...this.choices.values()].sort((a, b) => a.index - b.index);
    const out: Json = {
      id: this.top.id,
      object: this.kind === 'chat' ? 'chat.completion' : 'text_completion',
      created: this.top.created,
      model: this.top.model,
      choices: choices.map((c) => (this.kind === 'chat' ? chatChoice(c) : completionChoice(c))),
    };
    if (this.top.system_fingerprint !== undefined)
      out.system_fingerprint = this.top.system_fingerprint;
    out.usage = this.usage;
    if (this.kind === 'chat' && this.promptTokenIds !== null)
      out.prompt_token_ids = this.promptTokenIds;
    return out;
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = {
        index,
        role: null,
        content: null,
        reasoning: new Map(),
        toolCalls: new Map(),
        functionCall: null,
        finishReason: null,
        stopReason: null,
        logprobs: null,
        completionLogprobs: null,
        tokenIds: null,
        promptTokenIds: null,
        outputChunks: 0,
        outputChunksWithIds: 0,
      };
      this.choices.set(index, state);
    }
    return state;
  }

  private mergeChoice(state: ChoiceState, raw: Json): boolean {
    let output = false;
    if (this.kind === 'chat') {
      const delta = isObject(raw.delta) ? raw.delta : {};
      if (typeof delta.role === 'string' && delta.role !== '' && state.role === null)
        state.role = delta.role;
      if (typeof delta.content === 'string' && delta.content !== '') {
        state.content = (state.content ?? '') + delta.content;
        output = true;
      } else if (typeof delta.content === 'string' && state.content === null) state.content = '';
      for (const key of ['reasoning_content', 'reasoning']) {
        if (typeof delta[key] === 'string') {
          state.reasoning.set(key, (state.reasoning.get(key) ?? '') + delta[key]);
          output = true;
        }
      }
      if (Array.isArray(delta.tool_calls)) {
        delta.tool_calls.forEach((call: unknown, position) => {
          if (!isObject(call)) return;
          output = true;
          const k = typeof call.index === 'number' ? call.index : position;
          const tc = state.toolCalls.get(k) ?? { id: null, type: null, name: null, args: '' };
          state.toolCalls.set(k, tc);
          if (typeof call.id === 'string' && call.id !== '' && tc.id === null) tc.id = call.id;
          if (typeof call.type === 'string' && call.type !== '' && tc.type === null)
            tc.type = call.type;
          const fn = isObject(call.function) ? call.function : {};
          if (typeof fn.name === 'string' && fn.name !== '' && tc.name === null) tc.name = fn.name;
          if (typeof fn.arguments === 'string') tc.args += fn.arguments;
        });
      }
      if (isObject(delta.function_call)) {
        output = true;
        state.functionCall ??= { name: null, args: '' };
        const fc = delta.function_call;
        if (typeof fc.name === 'string' && fc.name !== '' && state.functionCall.name === null) {
          state.functionCall.name = fc.name;
        }
        if (typeof fc.arguments === 'string') state.functionCall.args += fc.arguments;
      }
      if (isObject(raw.logprobs)) {
        state.logprobs ??= { content: [], refusal: [] };
        if (Array.isArray(raw.logprobs.content))
          state.logprobs.content.push(...raw.logprobs.content);
        if (Array.isArray(raw.logprobs.refusal))
          state.logprobs.refusal.push(...raw.logprobs.refusal);
      }
    } else {
      if (typeof raw.text === 'string' && raw.text !== '') {
        state.content = (state.content ?? '') + raw.text;
        output = true;
      }
      if (state.promptTokenIds === null && Array.isArray(raw.prompt_token_ids)) {
        state.promptTokenIds = raw.prompt_token_ids as number[];
      }
      if (isObject(raw.logprobs)) mergeCompletionLogprobs(state, raw.logprobs);
    }
    if (raw.finish_reason !== undefined && raw.finish_reason !== null)
      state.finishReason = raw.finish_reason;
    if (raw.stop_reason !== undefined && raw.stop_reason !== null)
      state.stopReason = raw.stop_reason;
    const ids = Array.isArray(raw.token_ids) ? (raw.token_ids as number[]) : null;
    if (ids !== null) state.tokenIds = [...(state.tokenIds ?? []), ...ids];
    if (output) {
      state.outputChunks++;
      if (ids !== null) state.outputChunksWithIds++;
    }
    return output || (ids !== null && ids.length > 0);
  }
}

function mergeCompletionLogprobs(state: ChoiceState, lp: Json): void {
  state.completionLogprobs ??= {
    tokens: [],
    token_logprobs: [],
    top_logprobs: [],
    text_offset: [],
  };
  for (const key of ['tokens', 'token_logprobs', 'top_logprobs', 'text_offset']) {
    if (Array.isArray(lp[key]))
      (state.completionLogprobs[key] as unknown[]).push(...(lp[key] as unknown[]));
  }
}

function chatChoice(c: ChoiceState): Json {
  const message: Json = { role: c.role ?? 'assistant' };
  const toolCalls = [...c.toolCalls.entries()].sort((a, b) => a[0] - b[0]);
  message.content = c.content ?? (toolCalls.length > 0 || c.functionCall ? null : '');
  for (const [key, text] of c.reasoning) message[key] = text;
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map(([, tc]) => ({
      id: tc.id,
      type: tc.type ?? 'function',
      function: { name: tc.name, arguments: tc.args },
    }));
  }
  if (c.functionCall)
    message.function_call = { name: c.functionCall.name, arguments: c.functionCall.args };
  const out: Json = {
    index: c.index,
    message,
    logprobs: c.logprobs
      ? {
          content: c.logprobs.content,
          ...(c.logprobs.refusal.length ? { refusal: c.logprobs.refusal } : {}),
        }
      : null,
    finish_reason: c.finishReason,
    stop_reason: c.stopReason,
  };
  if (c.tokenIds !== null) out.token_ids = c.tokenIds;
  return out;
}

function completionChoice(c: ChoiceState): Json {
  const out: Json = {
    index: c.index,
    text: c.content ?? '',
    logprobs: c.completionLogprobs,
    finish_reason: c.finishReason,
    stop_reason: c.stopReason,
  };
  if (c.promptTokenIds !== null) out.prompt_token_ids = c.promptTokenIds;
  if (c.tokenIds !== null) out.token_ids = c.tokenIds;
  return out;
}
