import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TracerTraceToTriplet, TraceToMessages, type TripletPrompt } from '../../src/adapter';
import { emitMessage, emitReward, operation } from '../../src/emitter';
import { findFinalReward, findRewardSpans } from '../../src/reward';
import { OtelTracer, traceChatCompletion } from '../../src/tracer';

/** A deterministic offline "LLM": echoes the question and returns token ids like vLLM. */
let calls = 0;
async function fakeLlm(request: { model: string; messages: readonly Record<string, unknown>[] }) {
  await new Promise((r) => setTimeout(r, 1));
  calls++;
  const question = String(request.messages[request.messages.length - 1]?.content);
  return {
    id: `chatcmpl-${calls}`,
    model: request.model,
    prompt_token_ids: [101, calls],
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        message: { role: 'assistant', content: `answer to ${question}` },
        token_ids: [200 + calls],
      },
    ],
    usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
  };
}

/** A two-step agent: a planner operation (one LLM call) and a solver (one LLM call), then a reward. */
async function agent(task: string): Promise<void> {
  const plan = operation(
    async (q: string) =>
      traceChatCompletion(
        { model: 'fake-1', temperature: 0.5, messages: [{ role: 'user', content: `plan ${q}` }] },
        fakeLlm,
      ),
    { name: 'planner', 'agent.name': 'planner' },
  );
  await plan(task);
  emitMessage('planning done');
  const solve = operation(
    async (q: string) =>
      traceChatCompletion(
        { model: 'fake-1', messages: [{ role: 'user', content: `solve ${q}` }] },
        fakeLlm,
      ),
    { name: 'solver', 'agent.name': 'solver' },
  );
  await solve(task);
  emitReward(0.75);
}

let store: InMemoryLightningStore;
let tracer: OtelTracer;

beforeEach(async () => {
  calls = 0;
  store = new InMemoryLightningStore();
  tracer = new OtelTracer();
  await tracer.initWorker(0, store);
});

afterEach(async () => {
  await tracer.teardown();
  await store.close();
});

describe('adapters on spans recorded from a real run', () => {
  it('reads back the stored spans, finds the reward and builds triplets', async () => {
    const { rollout_id, attempt } = await store.startRollout({ task: 'x' });
    await tracer.traceContext({ rolloutId: rollout_id, attemptId: attempt.attempt_id }, () =>
      agent('2+2'),
    );
    await store.updateAttempt(rollout_id, attempt.attempt_id, { status: 'succeeded' });

    const { items: spans } = await store.querySpans(rollout_id);
    expect(spans.map((s) => s.name)).toEqual([
      'openai.chat.completion',
      'agentlightning.operation',
      'agentlightning.message',
      'openai.chat.completion',
      'agentlightning.operation',
      'agentlightning.annotation',
    ]);
    expect(spans.map((s) => s.sequence_id)).toEqual(
      [...spans.map((s) => s.sequence_id)].sort((a, b) => a - b),
    );
    expect(new Set(spans.map((s) => s.sequence_id)).size).toBe(6);
    expect(spans.every((s) => s.attempt_id === attempt.attempt_id)).toBe(true);
    expect(tracer.getLastTrace()).toEqual(spans);

    expect(findFinalReward(spans)).toBe(0.75);
    expect(
      findRewardSpans(spans).map((s) => s.attributes['agentlightning.reward.0.value']),
    ).toEqual([0.75]);

    const triplets = new TracerTraceToTriplet().adapt(spans);
    expect(triplets).toHaveLength(2);
    expect(triplets.map((t) => t.metadata.agent_name)).toEqual(['planner', 'solver']);
    expect(triplets.map((t) => t.metadata.response_id)).toEqual(['chatcmpl-1', 'chatcmpl-2']);
    expect(triplets.map((t) => t.reward)).toEqual([null, 0.75]);
    expect(triplets[0]?.prompt).toEqual({
      token_ids: [101, 1],
      raw_content: [{ role: 'user', content: 'plan 2+2' }],
      image_urls: [],
    });
    expect(triplets[0]?.response).toEqual({
      token_ids: [201],
      raw_content: [{ role: 'assistant', content: 'answer to plan 2+2', finish_reason: 'stop' }],
    });
    expect(triplets[0]?.metadata.request).toEqual({ model: 'fake-1', temperature: 0.5 });
    expect(triplets[0]?.metadata.response).toEqual({ id: 'chatcmpl-1', model: 'fake-1' });
    expect((triplets[1]?.prompt as TripletPrompt | undefined)?.token_ids).toEqual([101, 2]);

    const planner = new TracerTraceToTriplet({ agentMatch: 'planner' }).adapt(spans);
    expect(planner.map((t) => t.metadata.response_id)).toEqual(['chatcmpl-1']);

    const records = new TraceToMessages().adapt(spans);
    expect(records.map((r) => r.messages)).toEqual([
      [
        { role: 'user', content: 'plan 2+2' },
        { role: 'assistant', content: 'answer to plan 2+2' },
      ],
      [
        { role: 'user', content: 'solve 2+2' },
        { role: 'assistant', content: 'answer to solve 2+2' },
      ],
    ]);
  });

  it('keeps two concurrent runners on one event loop in their own attempts', async () => {
    const runners = [tracer, new OtelTracer()];
    await runners[1]?.initWorker(1, store);
    const attempts = await Promise.all([store.startRollout('a'), store.startRollout('b')]);
    await Promise.all(
      attempts.map((r, i) =>
        runners[i]?.traceContext({ rolloutId: r.rollout_id, attemptId: r.attempt.attempt_id }, () =>
          agent(`task-${i}`),
        ),
      ),
    );
    await runners[1]?.teardown();
    for (const [i, r] of attempts.entries()) {
      const { items } = await store.querySpans(r.rollout_id);
      expect(items).toHaveLength(6);
      expect(items.every((s) => s.attempt_id === r.attempt.attempt_id)).toBe(true);
      const prompts = new TracerTraceToTriplet()
        .adapt(items)
        .map((t) => ((t.prompt as TripletPrompt).raw_content as { content: string }[])[0]?.content);
      expect(prompts).toEqual([`plan task-${i}`, `solve task-${i}`]);
    }
  });
});
