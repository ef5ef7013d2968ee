import { describe, expect, it } from 'vitest';
import { TracerTraceToTriplet, type TripletPrompt } from '../../src/adapter';
import {
  chatRequestAttributes,
  chatResponseAttributes,
  OtelTracer,
  traceChatCompletion,
} from '../../src/tracer';

async function capture(body: () => Promise<unknown>) {
  const tracer = new OtelTracer();
  await tracer.initWorker(0);
  try {
    await tracer.traceContext({}, body);
    return tracer.getLastTrace();
  } finally {
    await tracer.teardown();
  }
}

describe('traceChatCompletion', () => {
  it('records one openai.chat.completion span with the gen_ai attributes the adapter reads', async () => {
    const image = [
      { type: 'text', text: 'what?' },
      { type: 'image_url', image_url: { url: 'https://img/cat.png' } },
    ];
    const response = {
      id: 'resp-1',
      model: 'm-2024',
      prompt_token_ids: [1, 2, 3],
      choices: [
        {
          finish_reason: 'stop',
          message: { role: 'assistant', content: 'a cat' },
          token_ids: [7, 8],
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    };
    const spans = await capture(async () => {
      const out = await traceChatCompletion(
        {
          model: 'm',
          max_tokens: 16,
          messages: [
            { role: 'system', content: 'brief' },
            { role: 'user', content: image },
          ],
        },
        async () => response,
      );
      expect(out).toBe(response);
    });
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('openai.chat.completion');
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.model': 'm',
      'gen_ai.request.max_tokens': 16,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'brief',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'a cat',
      'gen_ai.completion.0.finish_reason': 'stop',
      'gen_ai.response.id': 'resp-1',
      'gen_ai.response.model': 'm-2024',
      'gen_ai.usage.prompt_tokens': 3,
      'gen_ai.usage.completion_tokens': 2,
      'gen_ai.usage.total_tokens': 5,
      prompt_token_ids: [1, 2, 3],
      response_token_ids: [7, 8],
    });
    expect(JSON.parse(span?.attributes['gen_ai.prompt.1.content'] as string)).toEqual(image);
    const [triplet] = new TracerTraceToTriplet().adapt(spans);
    expect((triplet?.prompt as TripletPrompt | undefined)?.image_urls).toEqual([
      'https://img/cat.png',
    ]);
    expect(triplet?.response).toMatchObject({ token_ids: [7, 8] });
  });

  it('records errors on the span and re-throws them', async () => {
    const spans = await capture(async () => {
      await expect(
        traceChatCompletion({ messages: [] }, async () => {
          throw new Error('rate limited');
        }),
      ).rejects.toThrow('rate limited');
    });
    expect(spans[0]?.status).toEqual({ status_code: 'ERROR', description: 'rate limited' });
  });

  it('just performs the call when no tracer is active', async () => {
    await expect(traceChatCompletion({ messages: [] }, async () => 'ok')).resolves.toBe('ok');
  });

  it('records tool calls of prompt and completion messages', () => {
    const call = { id: 'c1', type: 'function', function: { name: 'add', arguments: '{}' } };
    expect(
      chatRequestAttributes({
        messages: [{ role: 'assistant', content: null, tool_calls: [call] }],
      }),
    ).toEqual({
      'gen_ai.prompt.0.role': 'assistant',
      'gen_ai.prompt.0.tool_calls.0.id': 'c1',
      'gen_ai.prompt.0.tool_calls.0.name': 'add',
      'gen_ai.prompt.0.tool_calls.0.arguments': '{}',
    });
    expect(
      chatResponseAttributes({ choices: [{ message: { role: 'assistant', tool_calls: [call] } }] }),
    ).toEqual({
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.tool_calls.0.id': 'c1',
      'gen_ai.completion.0.tool_calls.0.name': 'add',
      'gen_ai.completion.0.tool_calls.0.arguments': '{}',
    });
    expect(chatResponseAttributes('not an object')).toEqual({});
  });
});
