import { InMemoryLightningStore } from '@agl/store-memory';
import { algo, llmRollout, TracerTraceToTriplet, Trainer, type Triplet } from '@agl/trainer';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmProxy } from '../src/index.js';
import {
  createFakeUpstream,
  FAKE_EOS_ID,
  type FakeUpstream,
  fakeChatPrompt,
  fakeTokenize,
} from '../src/testing/index.js';

let fake: FakeUpstream | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

interface Task {
  question: string;
  reward: number;
}

// The agent knows nothing about tracing: a plain OpenAI client pointed at a base URL.
async function plainAgent(
  baseURL: string,
  apiKey: string,
  model: string,
  question: string,
): Promise<string> {
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
  const answer = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: question }],
  });
  return answer.choices[0]?.message.content ?? '';
}

describe('Trainer({ llmProxy })', () => {
  it('starts the gateway before the algorithm, records every call, and stops it at the end', async () => {
    fake = await createFakeUpstream();
    const upstream = fake.url;
    const store = new InMemoryLightningStore();
    const proxy = new LlmProxy();
    const seen: { runningAtStart?: boolean; triplets: Triplet[][] } = { triplets: [] };
    const tasks: Task[] = [
      { question: 'What is 1+1? [[say:2]]', reward: 1 },
      { question: 'What is 2+2?', reward: 0.25 },
    ];
    const algorithm = algo<Task>(async ({ store: s, llmProxy, trainDataset }) => {
      const gateway = llmProxy as LlmProxy;
      seen.runningAtStart = gateway.isRunning();
      gateway.updateModelList([
        {
          model_name: 'policy',
          litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: upstream },
        },
      ]);
      const { resources_id } = await s.addResources({ main_llm: gateway.asResource() });
      const ids: string[] = [];
      const dataset = trainDataset ?? [];
      for (let i = 0; i < dataset.length; i++) {
        const task = dataset[i] as Task;
        ids.push(
          (await s.enqueueRollout(task, { mode: 'train', resourcesId: resources_id })).rollout_id,
        );
      }
      await s.waitForRollouts(ids, { timeoutSeconds: 60 });
      const adapter = new TracerTraceToTriplet();
      for (const id of ids) seen.triplets.push(adapter.adapt((await s.querySpans(id)).items));
    });
    const agent = llmRollout<Task>(async (task, llm) => {
      await plainAgent(llm.endpoint, llm.api_key ?? 'none', llm.model, task.question);
      return task.reward;
    });
    const trainer = new Trainer({
      algorithm,
      store,
      llmProxy: proxy,
      strategy: { type: 'shm', main_thread: 'algorithm' },
      runner: { type: 'LitAgentRunner', poll_interval: 0.05 },
      progress: false,
    });
    await trainer.fit(agent, tasks);

    expect(seen.runningAtStart).toBe(true);
    expect(proxy.isRunning()).toBe(false);
    expect(seen.triplets.map((t) => t.length)).toEqual([1, 1]);
    const [first, second] = seen.triplets.map((t) => t[0] as Triplet) as [Triplet, Triplet];
    const promptIds = fakeTokenize(
      fakeChatPrompt([{ role: 'user', content: tasks[0]?.question ?? '' }]),
    );
    expect((first.prompt as { token_ids: number[] }).token_ids).toEqual(promptIds);
    expect((first.response as { token_ids: number[] }).token_ids).toEqual([
      ...fakeTokenize('2'),
      FAKE_EOS_ID,
    ]);
    expect(first.reward).toBe(1);
    expect((second.response as { token_ids: number[] }).token_ids).toEqual([
      ...fakeTokenize('Echo: What is 2+2?'),
      FAKE_EOS_ID,
    ]);
    expect(second.reward).toBe(0.25);
    expect(
      fake.requests.every(
        (r) => (r.body as { return_token_ids?: boolean }).return_token_ids === true,
      ),
    ).toBe(true);
    await store.close();
  });
});

describe('@agl/llm-proxy/trainer', () => {
  it('builds the gateway from a dict spec with the trainer store', async () => {
    await import('../src/trainer.js');
    const store = new InMemoryLightningStore();
    const trainer = new Trainer({
      store,
      progress: false,
      llmProxy: {
        type: 'agentlightning.llm_proxy.LLMProxy',
        model_list: [
          {
            model_name: 'm',
            litellm_params: { model: 'hosted_vllm/x', api_base: 'http://127.0.0.1:9/v1' },
          },
        ],
        num_retries: 0,
      },
    });
    expect(trainer.llmProxy).toBeInstanceOf(LlmProxy);
    expect((trainer.llmProxy as LlmProxy).getStore()).toBe(store);
    expect((trainer.llmProxy as LlmProxy).modelList[0]?.model_name).toBe('m');
    await store.close();
  });
});
