import { TracerTraceToTriplet } from '@agl/trainer';
import {
  Agent,
  getGlobalTraceProvider,
  OpenAIChatCompletionsModel,
  Runner,
  setDefaultOpenAITracingExporter,
  setTraceProcessors,
  tool,
} from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTokenIdFetch } from '../src/index';
import { type AgentsTracingBridge, registerAgentsTracing } from '../src/openai-agents';
import { FINAL, QUESTION, weather } from './fixtures/agents';
import { promptOf, responseOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();
let bridge: AgentsTracingBridge;

beforeAll(async () => {
  bridge = registerAgentsTracing();
});
afterAll(async () => {
  setTraceProcessors([]);
  await bridge.shutdown();
});

const weatherTool = tool({
  name: 'weather',
  description: 'Current weather of a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => weather(city),
});

function planner(): Agent {
  const client = new OpenAI({
    baseURL: bed.server.url,
    apiKey: 'unused',
    fetch: createTokenIdFetch(),
  });
  return new Agent({
    name: 'planner',
    instructions: 'You answer weather questions.',
    model: new OpenAIChatCompletionsModel(client, 'm1'),
    tools: [weatherTool],
    modelSettings: { providerData: { return_token_ids: true } },
  });
}

async function runAgent(stream: boolean, traceIncludeSensitiveData = true): Promise<string> {
  const agent = planner();
  const runner = new Runner({ traceIncludeSensitiveData });
  if (!stream) {
    const result = await runner.run(agent, QUESTION);
    return String(result.finalOutput);
  }
  const result = await runner.run(agent, QUESTION, { stream: true });
  let text = '';
  for await (const chunk of result.toTextStream()) text += chunk;
  await result.completed;
  return text;
}

describe.each([false, true])(
  'OpenAI Agents JS through the tracing bridge (stream: %s)',
  (stream) => {
    it('items 32, 33, 34, 36, 47, 50: a tool turn and an answer give two exact triplets', async () => {
      const { value, spans, triplets } = await bed.harness.rollout(() => runAgent(stream), {
        reward: 1,
      });
      expect(value).toBe(FINAL);
      expect(bed.server.answers).toHaveLength(2);
      const generations = spans.filter((s) => s.name === 'openai.chat.completion');
      expect(generations).toHaveLength(2);
      // Item 33: the mirror keeps the Agents tree: generation and function under the agent span.
      const agentSpan = spans.find((s) => s.name === 'agents.agent');
      expect(agentSpan?.attributes['agent.name']).toBe('planner');
      const fn = spans.find((s) => s.name === 'agents.function');
      expect(fn?.attributes['tool.name']).toBe('weather');
      const ancestors = (id: string | null): string[] => {
        const span = spans.find((s) => s.span_id === id);
        return span === undefined ? [] : [span.name, ...ancestors(span.parent_id)];
      };
      expect(ancestors(generations[0]?.parent_id ?? null)).toContain('agents.agent');
      expect(ancestors(fn?.parent_id ?? null)).toContain('agents.agent');
      expect(triplets).toHaveLength(2);
      triplets.forEach((t, i) => {
        const answer = bed.server.answers[i];
        expect(promptOf(t).token_ids).toEqual(answer?.promptTokenIds);
        expect(responseOf(t).token_ids).toEqual(answer?.responseTokenIds);
        expect(t.metadata.agent_name).toBe('planner');
      });
      expect(triplets.map((t) => t.reward)).toEqual([null, 1]);
      // Item 48: with first_sibling the reward is credited only when the generations are nested under the Agents task/agent/turn mirrors.
      const siblings = new TracerTraceToTriplet({ rewardMatch: 'first_sibling' }).adapt(spans);
      expect(siblings.map((t) => t.reward)).toEqual([null, null]);
      expect(promptOf(triplets[0]).raw_content).toMatchObject([
        { role: 'system', content: 'You answer weather questions.' },
        { role: 'user', content: QUESTION },
      ]);
      const second = promptOf(triplets[1]).raw_content as Record<string, unknown>[];
      expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
      expect(responseOf(triplets[1]).raw_content).toMatchObject([
        { role: 'assistant', content: FINAL },
      ]);
      // Item 36: nothing was sent to a hosted tracing service; every request hit the fake bed.server.
      expect(bed.server.requests.every((r) => r.path.endsWith('/chat/completions'))).toBe(true);
      const bodies = bed.server.requests.map((r) => r.body as Record<string, unknown>);
      expect(bodies.every((b) => b.return_token_ids === true)).toBe(true);
      expect(bridge.openSpans).toBe(0);
    });
  },
);

describe('OpenAI Agents JS bridge without content and on errors', () => {
  it('item 35: traceIncludeSensitiveData false gives triplets without content, no crash', async () => {
    const { value, triplets } = await bed.harness.rollout(() => runAgent(false, false));
    expect(value).toBe(FINAL);
    expect(triplets).toHaveLength(2);
    for (const t of triplets) {
      expect(promptOf(t).raw_content).toBeNull();
      expect(responseOf(t).raw_content).toBeNull();
    }
    // The token ids still come from the client's fetch.
    expect(promptOf(triplets[0]).token_ids).toEqual(bed.server.answers[0]?.promptTokenIds);
  });

  it('item 35: a failed model call gives an ERROR span', async () => {
    const client = new OpenAI({ baseURL: bed.server.url, apiKey: 'unused', maxRetries: 0 });
    const agent = new Agent({
      name: 'planner',
      instructions: 'x',
      model: new OpenAIChatCompletionsModel(client, 'm1'),
    });
    const { spans } = await bed.harness.rollout(async () => {
      await expect(new Runner().run(agent, '[[status:400]]')).rejects.toThrow();
    });
    const generation = spans.find((s) => s.name === 'openai.chat.completion');
    expect(generation?.status.status_code).toBe('ERROR');
    expect(bridge.openSpans).toBe(0);
  });
});

describe('OpenAI Agents JS: no trace upload', () => {
  /** Runs `body` with an API key set and every non-loopback fetch intercepted (never sent). */
  async function interceptingUploads(body: () => Promise<void>): Promise<string[]> {
    const original = globalThis.fetch;
    const key = process.env.OPENAI_API_KEY;
    const outside: string[] = [];
    process.env.OPENAI_API_KEY = 'sk-test-not-a-key';
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith('http://127.0.0.1')) {
        outside.push(url);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return original(input, init);
    }) as typeof fetch;
    try {
      await body();
      await getGlobalTraceProvider().forceFlush();
    } finally {
      globalThis.fetch = original;
      if (key === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = key;
    }
    return outside;
  }

  it('item 36: with the bridge registered, no trace leaves the machine even with an API key set', async () => {
    const outside = await interceptingUploads(async () => {
      await bed.harness.rollout(() => runAgent(false));
    });
    expect(outside).toEqual([]);
  });

  it('item 36 (guard): the exporter @openai/agents installs by default would upload the traces', async () => {
    setDefaultOpenAITracingExporter();
    try {
      const outside = await interceptingUploads(async () => {
        await bed.harness.rollout(() => runAgent(false));
      });
      expect(outside.some((url) => url.includes('/traces/ingest'))).toBe(true);
    } finally {
      setTraceProcessors([bridge]);
    }
  });
});
