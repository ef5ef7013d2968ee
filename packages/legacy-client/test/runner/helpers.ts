import { emitReward, spanFromAttributes, traceChatCompletion } from '@agl/trainer';
import type { JsonObject, NamedResources, Span } from '@agl/types';
import type { LegacyTaskClient, PollNextTaskOptions } from '../../src/client/task-client';
import type { LegacyResourcesUpdate } from '../../src/wire/resources';
import type { RolloutLegacyInit } from '../../src/wire/rollout';
import type { Task, TaskInit } from '../../src/wire/task';

/** A prompt-template resource map. */
export function promptResources(template = 'Compute {a} + {b}.'): NamedResources {
  return { prompt: { resource_type: 'prompt_template', template, engine: 'f-string' } };
}

/** A full task with defaults. */
export function task(init: Partial<TaskInit> & { rollout_id: string }): Task {
  return {
    input: null,
    mode: null,
    resources_id: null,
    create_time: null,
    last_claim_time: null,
    num_claims: null,
    metadata: {},
    ...init,
  } as Task;
}

/**
 * A scripted task client: hands out the given tasks once each (then `null`),
 * serves the given snapshots, and records every call and posted result.
 */
export class ScriptedClient implements LegacyTaskClient {
  readonly posted: RolloutLegacyInit[] = [];
  readonly resourceCalls: string[] = [];
  taskCount = 0;
  postAnswer: JsonObject | null = { status: 'ok' };

  constructor(
    private readonly tasks: Task[],
    private readonly snapshots: Record<string, LegacyResourcesUpdate> = {},
    private readonly latest: LegacyResourcesUpdate | null = null,
  ) {}

  async pollNextTask(options: PollNextTaskOptions = {}): Promise<Task | null> {
    options.signal?.throwIfAborted();
    const next = this.tasks.shift() ?? null;
    if (next !== null) this.taskCount += 1;
    return next;
  }

  async getResourcesById(id: string): Promise<LegacyResourcesUpdate | null> {
    this.resourceCalls.push(id);
    return this.snapshots[id] ?? null;
  }

  async getLatestResources(): Promise<LegacyResourcesUpdate | null> {
    this.resourceCalls.push('latest');
    return this.latest;
  }

  async postRollout(rollout: RolloutLegacyInit): Promise<JsonObject | null> {
    this.posted.push(rollout);
    return this.postAnswer;
  }
}

/** A snapshot with the given id and resources. */
export function snapshot(id: string, resources: NamedResources): LegacyResourcesUpdate {
  return { resources_id: id, create_time: 1, update_time: 1, version: 1, resources };
}

/** A fake OpenAI-compatible chat call that answers `content` with token ids. */
export function fakeChat(content: string, id = 'resp-1') {
  return async () => ({
    id,
    model: 'fake-model',
    prompt_token_ids: [1, 2, 3],
    response_token_ids: [4, 5],
    choices: [{ finish_reason: 'stop', message: { role: 'assistant', content } }],
  });
}

/** Records one LLM call through the active tracer, then a reward (if given). */
export async function chatThenReward(prompt: string, answer: string, reward?: number) {
  await traceChatCompletion(
    { model: 'fake-model', messages: [{ role: 'user', content: prompt }] },
    fakeChat(answer),
  );
  if (reward !== undefined) emitReward(reward);
}

/** A stored span built by hand. */
export function storeSpan(
  id: string,
  name: string,
  start: number,
  attributes: Record<string, unknown> = {},
): Span {
  return spanFromAttributes(attributes as Span['attributes'], {
    rolloutId: 'ro',
    attemptId: 'at',
    traceId: 'a'.repeat(32),
    spanId: id,
    name,
    startTime: start,
    endTime: start + 1,
  });
}

/** An LLM call span with token ids, as the adapter expects. */
export function llmSpan(id: string, start: number): Span {
  return storeSpan(id, 'openai.chat.completion', start, {
    'gen_ai.response.id': `resp-${id}`,
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': `q-${id}`,
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': `a-${id}`,
    prompt_token_ids: [1, 2],
    response_token_ids: [3],
  });
}

/** A reward span as `emitReward` writes it. */
export function rewardSpan(id: string, start: number, value: number): Span {
  return storeSpan(id, 'agentlightning.annotation', start, {
    'agentlightning.reward.0.name': 'primary',
    'agentlightning.reward.0.value': value,
  });
}
