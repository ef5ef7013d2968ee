import { InMemoryLightningStore } from '@agl/store-memory';
import { LLM, type TripletPrompt, type TripletResponse } from '@agl/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSettings } from './agent';
import { TEMPERATURES } from './algorithm';
import { type FakeOpenAiServer, fakeReply, startFakeOpenAiServer } from './fake-openai-server';
import { isCorrect, VAL_TASKS } from './tasks';
import { tuneTemperature } from './train';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterAll(() => fake.close());

describe('the fake OpenAI-compatible server', () => {
  it('is deterministic per (question, temperature) and always right at temperature 0', () => {
    const q = 'What is 12 + 30?';
    expect(fakeReply(q, 0.4)).toBe(fakeReply(q, 0.4));
    expect(fakeReply(q, 0)).toBe('42');
    expect(fakeReply(q, 1)).not.toBe('42');
    expect(fakeReply('Hello?', 0)).toBe('I can only add two numbers.');
  });

  it('answers the OpenAI wire format with an id and token ids', async () => {
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'm',
        temperature: 0,
        messages: [{ role: 'user', content: 'What is 1 + 2?' }],
      }),
    });
    const body = (await res.json()) as { prompt_token_ids: number[] };
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-\d+$/),
      choices: [{ message: { role: 'assistant', content: '3' }, finish_reason: 'stop' }],
      response_token_ids: [51],
    });
    expect(body.prompt_token_ids).toHaveLength('What is 1 + 2?'.length);
    expect((await fetch(`${fake.baseUrl}/models`)).status).toBe(404);
  });
});

describe('the agent', () => {
  it('calls the LLM resource, or the OPENAI_* endpoint when it is set', () => {
    const llm = new LLM({ endpoint: 'http://local/v1', model: 'fake-model' });
    expect(clientSettings(llm, {})).toEqual({
      baseURL: 'http://local/v1',
      apiKey: 'not-needed-offline',
      model: 'fake-model',
    });
    const env = {
      OPENAI_BASE_URL: 'https://api.example/v1',
      OPENAI_API_KEY: 'k',
      OPENAI_MODEL: 'x',
    };
    expect(clientSettings(llm, env)).toEqual({
      baseURL: 'https://api.example/v1',
      apiKey: 'k',
      model: 'x',
    });
  });

  it('grades a reply by the sum as a number of its own', () => {
    const task = { id: 't', a: 2, b: 3 };
    expect(isCorrect('5', task)).toBe(true);
    expect(isCorrect('The answer is 5.', task)).toBe(true);
    expect(isCorrect('15', task)).toBe(false);
    expect(isCorrect('-5', task)).toBe(false);
  });
});

describe('temperature tuning end to end', () => {
  it('reads rewards through triplets: the mean reward rises as the temperature falls', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const before = fake.completions;
    const result = await tuneTemperature({
      endpoint: { endpoint: fake.baseUrl, model: 'fake-model' },
      store,
      progress: false,
    });

    expect(result.scores.map((s) => s.temperature)).toEqual(TEMPERATURES);
    expect(result.best.temperature).toBeLessThanOrEqual(0.1);
    expect(result.best.meanReward).toBeGreaterThanOrEqual(0.9);
    const means = result.scores.map((s) => s.meanReward);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    expect(means[0]).toBe(0);
    expect(means.at(-1)).toBe(1);

    for (const score of result.scores) {
      expect(score.triplets).toHaveLength(VAL_TASKS.length); // one LLM call per rollout
      for (const triplet of score.triplets) {
        expect((triplet.prompt as TripletPrompt).token_ids.length).toBeGreaterThan(0);
        expect((triplet.response as TripletResponse).token_ids.length).toBeGreaterThan(0);
        expect(triplet.metadata.response_id).toMatch(/^chatcmpl-\d+$/);
        expect(triplet.reward === 0 || triplet.reward === 1).toBe(true);
      }
    }
    expect(fake.completions - before).toBe(TEMPERATURES.length * VAL_TASKS.length);
    const rollouts = (await store.queryRollouts()).items;
    expect(rollouts).toHaveLength(TEMPERATURES.length * VAL_TASKS.length);
    expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
    await store.close();
  });
});
