import { TracerTraceToTriplet } from '@agl/trainer';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aglTokenIdsMetadataExtractor, registerAglTelemetry } from '../src/ai-sdk';
import { createTokenIdFetch } from '../src/index';
import { FINAL, QUESTION, weather } from './fixtures/agents';
import { promptOf, responseOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();
let unregister: () => void;

beforeAll(async () => {
  unregister = registerAglTelemetry();
});
afterAll(async () => {
  unregister();
});

type Route = 'extractor' | 'fetch';

function model(route: Route) {
  const provider = createOpenAICompatible({
    name: 'vllm',
    baseURL: bed.server.url,
    ...(route === 'fetch'
      ? { fetch: createTokenIdFetch() }
      : { metadataExtractor: aglTokenIdsMetadataExtractor }),
  });
  return provider.chatModel('m1');
}

const tools = {
  weather: tool({
    description: 'Current weather of a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => weather(city),
  }),
};

async function agent(route: Route, stream: boolean): Promise<string> {
  const common = {
    model: model(route),
    system: 'You answer weather questions.',
    prompt: QUESTION,
    tools,
    stopWhen: stepCountIs(3),
    providerOptions: { vllm: { return_token_ids: true } },
  };
  if (!stream) return (await generateText(common)).text;
  const result = streamText(common);
  let text = '';
  for await (const part of result.textStream) text += part;
  return text;
}

describe.each([
  ['extractor', false],
  ['extractor', true],
  ['fetch', false],
  ['fetch', true],
] as const)('Vercel AI SDK 7 with @ai-sdk/otel (token ids: %s, stream: %s)', (route, stream) => {
  it('items 29, 30, 31, 42, 47, 50: a tool turn and an answer give two exact triplets', async () => {
    const { value, spans, triplets } = await bed.harness.rollout(() => agent(route, stream), {
      reward: 1,
    });
    expect(value).toBe(FINAL);
    expect(bed.server.answers).toHaveLength(2);
    expect(spans.filter((s) => s.name.startsWith('execute_tool'))).toHaveLength(1);
    expect(triplets).toHaveLength(2);
    triplets.forEach((t, i) => {
      const answer = bed.server.answers[i];
      expect(promptOf(t).token_ids).toEqual(answer?.promptTokenIds);
      expect(responseOf(t).token_ids).toEqual(answer?.responseTokenIds);
      expect(t.metadata.response_id).toBe(answer?.id);
    });
    expect(new Set(triplets.map((t) => t.metadata.response_id)).size).toBe(2);
    expect(triplets.map((t) => t.reward)).toEqual([null, 1]);
    // Item 48: with first_sibling the reward is credited only when the chat spans are nested under invoke_agent/step spans.
    const siblings = new TracerTraceToTriplet({ rewardMatch: 'first_sibling' }).adapt(spans);
    expect(siblings.map((t) => t.reward)).toEqual([null, null]);
    expect(promptOf(triplets[0]).raw_content).toEqual([
      { role: 'system', content: 'You answer weather questions.' },
      { role: 'user', content: QUESTION },
    ]);
    expect(responseOf(triplets[0]).raw_content).toMatchObject([
      { role: 'assistant', tool_calls: [{ name: 'weather', arguments: '{"city":"Paris"}' }] },
    ]);
    const second = promptOf(triplets[1]).raw_content as Record<string, unknown>[];
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(second[3]).toMatchObject({ role: 'tool', content: 'sunny in Paris' });
    expect(responseOf(triplets[1]).raw_content).toMatchObject([
      { role: 'assistant', content: FINAL },
    ]);
    const bodies = bed.server.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies.every((b) => b.return_token_ids === true)).toBe(true);
  });
});

describe('Vercel AI SDK on an abandoned stream', () => {
  it('a streamText the reader stops early still leaves its model call in the rollout, marked abandoned', async () => {
    const { spans } = await bed.harness.rollout(async () => {
      const result = streamText({
        model: model('fetch'),
        prompt: '[[say:a long streamed answer]]',
        providerOptions: { vllm: { return_token_ids: true } },
      });
      for await (const text of result.textStream) {
        if (text) break;
      }
    });
    const chat = spans.filter((s) => s.name === 'chat m1');
    expect(chat).toHaveLength(1);
    expect(chat[0]?.attributes['agentlightning.span.abandoned']).toBe(true);
    expect(chat[0]?.attributes.prompt_token_ids).toEqual(bed.server.answers[0]?.promptTokenIds);
  });
});
