import { TracerTraceToTriplet } from '@agl/trainer';
import {
  AIMessage,
  type AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { LightningCallbackHandler } from '../src/langchain';
import { FINAL, QUESTION, WEATHER_TOOL, weather } from './fixtures/agents';
import { promptOf, responseOf, useTestbed } from './fixtures/testbed';

const bed = useTestbed();

function chatModel(): ChatOpenAI {
  return new ChatOpenAI({
    model: 'm1',
    apiKey: 'unused',
    configuration: { baseURL: bed.server.url },
    __includeRawResponse: true,
    modelKwargs: { return_token_ids: true },
    streamUsage: true,
  });
}

/** A two-turn tool agent: the model calls `weather`, gets the result, answers. */
async function agent(handler: LightningCallbackHandler, stream: boolean): Promise<string> {
  const model = chatModel().bindTools([WEATHER_TOOL]);
  const messages: BaseMessage[] = [
    new SystemMessage('You answer weather questions.'),
    new HumanMessage(QUESTION),
  ];
  for (let turn = 0; turn < 3; turn++) {
    let reply: AIMessage | AIMessageChunk;
    if (stream) {
      let merged: AIMessageChunk | undefined;
      for await (const chunk of await model.stream(messages, { callbacks: [handler] })) {
        merged = merged === undefined ? chunk : merged.concat(chunk);
      }
      reply = merged as AIMessageChunk;
    } else {
      reply = await model.invoke(messages, { callbacks: [handler] });
    }
    // Item 38: the handler is awaited, so the run's span has ended when the call returns.
    expect(handler.openRuns).toBe(0);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) return String(reply.content);
    messages.push(new AIMessage({ content: '', tool_calls: calls }));
    for (const call of calls) {
      messages.push(
        new ToolMessage({ tool_call_id: call.id ?? '', content: weather(String(call.args.city)) }),
      );
    }
  }
  throw new Error('the agent did not finish');
}

describe.each([false, true])('LangChain.js through the callback handler (stream: %s)', (stream) => {
  it('items 37, 38, 44, 47, 50: a tool turn and an answer give two exact triplets', async () => {
    const handler = new LightningCallbackHandler();
    const { value, spans, triplets } = await bed.harness.rollout(() => agent(handler, stream), {
      reward: 1,
    });
    expect(value).toBe(FINAL);
    expect(bed.server.answers).toHaveLength(2);
    expect(spans.filter((s) => s.name === 'openai.chat.completion')).toHaveLength(2);
    expect(triplets).toHaveLength(2);
    triplets.forEach((t, i) => {
      const answer = bed.server.answers[i];
      expect(promptOf(t).token_ids).toEqual(answer?.promptTokenIds);
      expect(responseOf(t).token_ids).toEqual(answer?.responseTokenIds);
      expect(t.metadata.response_id).toBe(answer?.id);
    });
    expect(triplets.map((t) => t.reward)).toEqual([null, 1]);
    // Item 48: with first_sibling the reward is credited only when the handler spans are siblings of the reward.
    const siblings = new TracerTraceToTriplet({ rewardMatch: 'first_sibling' }).adapt(spans);
    expect(siblings.map((t) => t.reward)).toEqual([null, 1]);
    expect(promptOf(triplets[0]).raw_content).toEqual([
      { role: 'system', content: 'You answer weather questions.' },
      { role: 'user', content: QUESTION },
    ]);
    expect(responseOf(triplets[0]).raw_content).toMatchObject([
      { role: 'assistant', tool_calls: [{ name: 'weather', arguments: '{"city":"Paris"}' }] },
    ]);
    const second = promptOf(triplets[1]).raw_content as Record<string, unknown>[];
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(responseOf(triplets[1]).raw_content).toMatchObject([
      { role: 'assistant', content: FINAL },
    ]);
    expect(triplets[1]?.metadata.response).toMatchObject({ model: 'm1' });
    const bodies = bed.server.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies.every((b) => b.return_token_ids === true)).toBe(true);
  });
});

describe('LangChain handler on an abandoned stream', () => {
  it('a stream the reader stops early is still ended with the rollout and stored, marked abandoned', async () => {
    const handler = new LightningCallbackHandler();
    const { spans, triplets } = await bed.harness.rollout(async () => {
      const stream = await chatModel().stream(
        [new HumanMessage('[[say:a long streamed answer]]')],
        {
          callbacks: [handler],
        },
      );
      for await (const chunk of stream) {
        if (chunk.content) break;
      }
    });
    const chat = spans.filter((s) => s.name === 'openai.chat.completion');
    expect(chat).toHaveLength(1);
    expect(chat[0]?.attributes['agentlightning.span.abandoned']).toBe(true);
    expect(handler.openRuns).toBe(0);
    expect(promptOf(triplets[0]).raw_content).toEqual([
      { role: 'user', content: '[[say:a long streamed answer]]' },
    ]);
  });
});

describe('LangChain handler errors', () => {
  it('item 38: handleLLMError marks the span ERROR and leaves no open run', async () => {
    const handler = new LightningCallbackHandler();
    const { spans } = await bed.harness.rollout(async () => {
      await expect(
        chatModel()
          .withConfig({ callbacks: [handler] })
          .invoke([new HumanMessage('[[status:400]]')]),
      ).rejects.toThrow();
    });
    const failed = spans.filter((s) => s.name === 'openai.chat.completion');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((s) => s.status.status_code === 'ERROR')).toBe(true);
    expect(handler.openRuns).toBe(0);
  });
});
