/**
 * JSON bodies and stream chunks of the fake model server, in vLLM's key order.
 */
import { chatLogprobEntries, completionLogprobs, type FakeGeneration } from './fake-answer.js';

/** One choice of a fake call: its prompt ids and its generated answer. */
export interface FakeChoice {
  promptIds: number[];
  generation: FakeGeneration;
}

/** Everything needed to render one answer, streamed or not. */
export interface FakeCall {
  kind: 'chat' | 'completions';
  id: string;
  created: number;
  model: string;
  choices: FakeChoice[];
  /** Whether token ids are returned. */
  withIds: boolean;
  /** Chat: `logprobs: true` → number of `top_logprobs` (0 or more); `null` when not requested. */
  chatTopLogprobs: number | null;
  /** Completions: the requested `logprobs` count; `null` when not requested. */
  completionLogprobs: number | null;
}

/** One server-sent event to emit; `content` marks the chunks that count for `drop`/`stream-error`. */
export interface FakeEvent {
  data: Record<string, unknown>;
  content: boolean;
}

function usage(call: FakeCall): Record<string, number> {
  const prompts = new Set<number[]>();
  let prompt = 0;
  let completion = 0;
  for (const choice of call.choices) {
    if (!prompts.has(choice.promptIds)) {
      prompts.add(choice.promptIds);
      prompt += choice.promptIds.length;
    }
    completion += choice.generation.ids.length;
  }
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function chatLogprobs(call: FakeCall, ids: readonly number[]): Record<string, unknown> | null {
  return call.chatTopLogprobs === null
    ? null
    : { content: chatLogprobEntries(ids, call.chatTopLogprobs) };
}

function textLogprobs(
  call: FakeCall,
  ids: readonly number[],
  offset: number,
): Record<string, unknown> | null {
  return call.completionLogprobs === null
    ? null
    : completionLogprobs(ids, call.completionLogprobs, offset);
}

/** The non-streamed chat completion body. */
export function chatBody(call: FakeCall): Record<string, unknown> {
  return {
    id: call.id,
    object: 'chat.completion',
    created: call.created,
    model: call.model,
    choices: call.choices.map((choice, index) => {
      const g = choice.generation;
      return {
        index,
        message: {
          role: 'assistant',
          content: g.content,
          tool_calls: g.toolCall ? [g.toolCall] : [],
        },
        logprobs: chatLogprobs(call, g.ids),
        finish_reason: g.finishReason,
        stop_reason: null,
        token_ids: call.withIds ? g.ids : null,
      };
    }),
    usage: usage(call),
    prompt_logprobs: null,
    prompt_token_ids: call.withIds ? (call.choices[0]?.promptIds ?? []) : null,
    kv_transfer_params: null,
  };
}

/** The non-streamed text completion body. */
export function completionBody(call: FakeCall): Record<string, unknown> {
  return {
    id: call.id,
    object: 'text_completion',
    created: call.created,
    model: call.model,
    choices: call.choices.map((choice, index) => {
      const g = choice.generation;
      return {
        index,
        text: g.content ?? '',
        logprobs: textLogprobs(call, g.ids, 0),
        finish_reason: g.finishReason,
        stop_reason: null,
        prompt_logprobs: null,
        prompt_token_ids: call.withIds ? choice.promptIds : null,
        token_ids: call.withIds ? g.ids : null,
      };
    }),
    usage: usage(call),
    kv_transfer_params: null,
  };
}

/** Stream options of {@link chatEvents} and {@link completionEvents}. */
export interface StreamShapeOptions {
  includeUsage: boolean;
  /** Indices (over all content chunks of the stream) whose `token_ids` are left out. */
  dropTokenIdsInChunks: readonly number[];
}

/** The events of a streamed chat completion, `[DONE]` excluded. */
export function chatEvents(call: FakeCall, options: StreamShapeOptions): FakeEvent[] {
  const base = {
    id: call.id,
    object: 'chat.completion.chunk',
    created: call.created,
    model: call.model,
  };
  const events: FakeEvent[] = [];
  let contentIndex = 0;
  call.choices.forEach((choice, index) => {
    const role: Record<string, unknown> = {
      ...base,
      choices: [
        { index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      ],
    };
    if (index === 0 && call.withIds) role.prompt_token_ids = choice.promptIds;
    events.push({ data: role, content: false });
    for (const piece of choice.generation.pieces) {
      const c: Record<string, unknown> = {
        index,
        delta: piece.delta,
        logprobs: chatLogprobs(call, piece.ids),
        finish_reason: null,
      };
      if (call.withIds && !options.dropTokenIdsInChunks.includes(contentIndex))
        c.token_ids = piece.ids;
      contentIndex++;
      events.push({ data: { ...base, choices: [c] }, content: true });
    }
    const g = choice.generation;
    const finish: Record<string, unknown> = {
      index,
      delta: {},
      logprobs: chatLogprobs(call, g.finishIds),
      finish_reason: g.finishReason,
      stop_reason: null,
    };
    if (call.withIds) finish.token_ids = g.finishIds;
    events.push({ data: { ...base, choices: [finish] }, content: false });
  });
  if (options.includeUsage)
    events.push({ data: { ...base, choices: [], usage: usage(call) }, content: false });
  return events;
}

/** The events of a streamed text completion, `[DONE]` excluded. */
export function completionEvents(call: FakeCall, options: StreamShapeOptions): FakeEvent[] {
  const base = { id: call.id, object: 'text_completion', created: call.created, model: call.model };
  const events: FakeEvent[] = [];
  let contentIndex = 0;
  call.choices.forEach((choice, index) => {
    let first = true;
    let offset = 0;
    const withPrompt = (c: Record<string, unknown>): void => {
      if (first && call.withIds) c.prompt_token_ids = choice.promptIds;
      first = false;
    };
    for (const piece of choice.generation.pieces) {
      const text = String(piece.delta.content ?? '');
      const c: Record<string, unknown> = {
        index,
        text,
        logprobs: textLogprobs(call, piece.ids, offset),
        finish_reason: null,
        stop_reason: null,
      };
      withPrompt(c);
      if (call.withIds && !options.dropTokenIdsInChunks.includes(contentIndex))
        c.token_ids = piece.ids;
      contentIndex++;
      offset += text.length;
      events.push({ data: { ...base, choices: [c] }, content: true });
    }
    const g = choice.generation;
    const finish: Record<string, unknown> = {
      index,
      text: '',
      logprobs: textLogprobs(call, g.finishIds, offset),
      finish_reason: g.finishReason,
      stop_reason: null,
    };
    withPrompt(finish);
    if (call.withIds) finish.token_ids = g.finishIds;
    events.push({ data: { ...base, choices: [finish] }, content: false });
  });
  if (options.includeUsage)
    events.push({ data: { ...base, choices: [], usage: usage(call) }, content: false });
  return events;
}

/** vLLM's error body (`ErrorResponse`) for a status. */
export function fakeErrorBody(
  status: number,
  message: string = `fake error ${status}`,
  type: string = status >= 500 ? 'InternalServerError' : 'BadRequestError',
): Record<string, unknown> {
  return { object: 'error', message, type, param: null, code: status };
}
