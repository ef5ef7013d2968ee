import { TracerTraceToTriplet, traceChatCompletion } from '@agl/trainer';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIdFetch } from '../src/index';
import { instrumentOpenAI, type OpenAIInstrumentationHandle } from '../src/openai';
import { FINAL, QUESTION, WEATHER_TOOL, weather } from './fixtures/agents';
import { promptOf, responseOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();
let handle: OpenAIInstrumentationHandle;

beforeAll(async () => {
  handle = instrumentOpenAI({ openai: await import('openai') });
});
afterAll(async () => {
  handle.uninstrument();
});

function client(): OpenAI {
  return new OpenAI({ baseURL: bed.server.url, apiKey: 'unused', fetch: createTokenIdFetch() });
}

type Msg = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** A two-turn tool agent on the raw client: tool call, tool result, answer. */
async function toolAgent(stream: boolean): Promise<string> {
  const openai = client();
  const messages: Msg[] = [
    { role: 'system', content: 'You answer weather questions.' },
    { role: 'user', content: QUESTION },
  ];
  for (let turn = 0; turn < 3; turn++) {
    const extra = { return_token_ids: true } as Record<string, unknown>;
    let content = '';
    let calls: { id: string; name: string; arguments: string }[] = [];
    if (stream) {
      const chunks = await openai.chat.completions.create({
        model: 'm1',
        messages,
        tools: [WEATHER_TOOL],
        stream: true,
        stream_options: { include_usage: true },
        ...extra,
      });
      for await (const chunk of chunks) {
        const delta = chunk.choices[0]?.delta;
        content += delta?.content ?? '';
        for (const call of delta?.tool_calls ?? []) {
          calls[call.index] ??= { id: '', name: '', arguments: '' };
          const c = calls[call.index] as { id: string; name: string; arguments: string };
          c.id += call.id ?? '';
          c.name += call.function?.name ?? '';
          c.arguments += call.function?.arguments ?? '';
        }
      }
    } else {
      const res = await openai.chat.completions.create({
        model: 'm1',
        messages,
        tools: [WEATHER_TOOL],
        ...extra,
      });
      const message = res.choices[0]?.message;
      content = message?.content ?? '';
      calls = (message?.tool_calls ?? []).flatMap((c) =>
        c.type === 'function' ? [{ id: c.id, ...c.function }] : [],
      );
    }
    if (calls.length === 0) return content;
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: calls.map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: c.arguments },
      })),
    });
    for (const c of calls) {
      const { city } = JSON.parse(c.arguments) as { city: string };
      messages.push({ role: 'tool', tool_call_id: c.id, content: weather(city) });
    }
  }
  throw new Error('the agent did not finish');
}

describe.each([false, true])(
  'OpenAI SDK through the contrib instrumentation (stream: %s)',
  (stream) => {
    it('items 21, 22, 25, 28, 47: a tool turn and an answer give two exact triplets, reward on the last', async () => {
      const { value, spans, triplets } = await bed.harness.rollout(() => toolAgent(stream), {
        reward: 1,
      });
      expect(value).toBe(FINAL);
      expect(bed.server.answers).toHaveLength(2);
      expect(spans.filter((s) => s.name === 'chat m1')).toHaveLength(2);
      expect(triplets).toHaveLength(2);
      triplets.forEach((t, i) => {
        const answer = bed.server.answers[i];
        expect(promptOf(t).token_ids).toEqual(answer?.promptTokenIds);
        expect(responseOf(t).token_ids).toEqual(answer?.responseTokenIds);
        expect(t.metadata.response_id).toBe(answer?.id);
      });
      expect(triplets.map((t) => t.reward)).toEqual([null, 1]);
      // Item 48: with first_sibling the reward is credited only when the contrib spans are siblings of the reward.
      const siblings = new TracerTraceToTriplet({ rewardMatch: 'first_sibling' }).adapt(spans);
      expect(siblings.map((t) => t.reward)).toEqual([null, 1]);
      const [first, second] = triplets;
      expect(promptOf(first).raw_content).toEqual([
        { role: 'system', content: 'You answer weather questions.' },
        { role: 'user', content: QUESTION },
      ]);
      expect(responseOf(first).raw_content).toEqual([
        {
          role: 'assistant',
          finish_reason: 'tool_calls',
          tool_calls: [{ id: expect.any(String), name: 'weather', arguments: '{"city":"Paris"}' }],
        },
      ]);
      const prompt2 = promptOf(second).raw_content as Record<string, unknown>[];
      expect(prompt2.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
      expect(prompt2[2]?.tool_calls).toEqual([
        { id: expect.any(String), name: 'weather', arguments: '{"city":"Paris"}' },
      ]);
      expect(prompt2[3]).toMatchObject({ role: 'tool', content: 'sunny in Paris' });
      expect(responseOf(second).raw_content).toEqual([
        { role: 'assistant', content: FINAL, finish_reason: 'stop' },
      ]);
      // Item 50: the request asked for token ids through the client's extra parameters.
      const bodies = bed.server.requests.map((r) => r.body as Record<string, unknown>);
      expect(bodies.every((b) => b.return_token_ids === true)).toBe(true);
    });
  },
);

describe('traceChatCompletion with stream: true', () => {
  it('item 43: records a streamed call whole; the caller keeps a working Stream (tee)', async () => {
    const openai = client();
    const request = {
      model: 'm1',
      messages: [{ role: 'user' as const, content: '[[say:streamed answer]]' }],
      stream: true as const,
      return_token_ids: true,
    };
    const { value, triplets } = await bed.harness.rollout(async () => {
      const stream = await traceChatCompletion(request, (r) => openai.chat.completions.create(r));
      const [left, right] = stream.tee();
      let text = '';
      for await (const chunk of left) text += chunk.choices[0]?.delta?.content ?? '';
      let copy = '';
      for await (const chunk of right) copy += chunk.choices[0]?.delta?.content ?? '';
      return [text, copy];
    });
    expect(value).toEqual(['streamed answer', 'streamed answer']);
    // Two spans describe the call (ours and the contrib's); one response id gives one triplet.
    expect(triplets).toHaveLength(1);
    const answer = bed.server.answers[0];
    expect(responseOf(triplets[0]).raw_content).toMatchObject([
      { role: 'assistant', content: 'streamed answer', finish_reason: 'stop' },
    ]);
    expect(promptOf(triplets[0]).token_ids).toEqual(answer?.promptTokenIds);
    expect(responseOf(triplets[0]).token_ids).toEqual(answer?.responseTokenIds);
  });

  it('item 43: ends the span when the caller stops reading early', async () => {
    const openai = client();
    const { spans, triplets } = await bed.harness.rollout(async () => {
      const stream = await traceChatCompletion(
        {
          model: 'm1',
          messages: [{ role: 'user' as const, content: '[[say:a long streamed answer]]' }],
          stream: true as const,
          return_token_ids: true,
        },
        (r) => openai.chat.completions.create(r),
      );
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) break;
      }
    });
    const ours = spans.filter((s) => s.name === 'openai.chat.completion');
    expect(ours).toHaveLength(1);
    expect(triplets.length).toBeGreaterThanOrEqual(1);
    expect(promptOf(triplets[0]).token_ids.length).toBeGreaterThan(0);
  });

  it('item 41: the contrib span of a stream the reader abandons is still ended and stored', async () => {
    const openai = client();
    const { spans } = await bed.harness.rollout(async () => {
      const stream = await openai.chat.completions.create({
        model: 'm1',
        messages: [{ role: 'user', content: '[[say:abandoned stream]]' }],
        stream: true,
      });
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) break;
      }
    });
    const chat = spans.filter((s) => s.name === 'chat m1');
    expect(chat).toHaveLength(1);
    expect(chat[0]?.attributes['gen_ai.prompt.0.content']).toBe('[[say:abandoned stream]]');
  });
});
