import { LlmProxyTraceToTriplet } from '@agl/trainer';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { translateAnthropicRequest } from '../src/anthropic.js';
import { FAKE_EOS_ID, fakeChatPrompt, fakeTokenize } from '../src/testing/index.js';
import { byName, type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

const client = () => new Anthropic({ baseURL: r.base, apiKey: 'k', maxRetries: 0 });

describe('Anthropic Messages API', () => {
  it('answers a messages call and records it like a chat call, with token ids', async () => {
    r = await rig();
    const message = await client().messages.create({
      model: 'toy',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: '[[say:Paris]]' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Paris' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ output_tokens: 6 });
    const spans = await r.spans();
    const [p] = byName(spans, 'litellm_request');
    expect(p?.attributes['llm.request.type']).toBe('anthropic_messages');
    expect(p?.attributes['agentlightning.proxy.route']).toBe('messages');
    expect(String(p?.attributes['metadata.requester_custom_headers'])).not.toContain('x-api-key');
    const triplets = new LlmProxyTraceToTriplet().adapt(spans);
    expect(triplets).toHaveLength(1);
    const prompt = fakeChatPrompt([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '[[say:Paris]]' },
    ]);
    expect((triplets[0]?.prompt as { token_ids: number[] } | undefined)?.token_ids).toEqual(
      fakeTokenize(prompt),
    );
    expect((triplets[0]?.response as { token_ids: number[] } | undefined)?.token_ids).toEqual([
      ...fakeTokenize('Paris'),
      FAKE_EOS_ID,
    ]);
  });

  it('translates tool use both ways and streams Anthropic events', async () => {
    r = await rig();
    const message = await client().messages.create({
      model: 'toy',
      max_tokens: 256,
      tools: [
        { name: 'lookup', description: 'search', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: '[[tool:lookup {"q":"weather in Paris today"}]]' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'lookup',
      input: { q: 'weather in Paris today' },
    });
    const upstream = r.fake.requests[0]?.body as Record<string, unknown>;
    expect(upstream.tool_choice).toBe('required');
    expect(upstream.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'lookup',
          description: 'search',
          parameters: { type: 'object', properties: {} },
        },
      },
    ]);
  });

  it('streams Anthropic events built from the complete answer in convert mode', async () => {
    r = await rig({ streaming: 'convert' });
    const stream = client().messages.stream({
      model: 'toy',
      max_tokens: 64,
      messages: [{ role: 'user', content: '[[say:one two three four five six seven]]' }],
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'one two three four five six seven' }]);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(2);
    expect(r.fake.requests[0]?.body).toMatchObject({ stream: false });
  });

  it('answers errors in the Anthropic envelope', async () => {
    r = await rig({ numRetries: 0 });
    await expect(
      client().messages.create({
        model: 'toy',
        max_tokens: 8,
        messages: [{ role: 'user', content: '[[status:400]]' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error' } },
    });
    const res = await fetch(`${r.base}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'toy', messages: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Missing required parameter: max_tokens' },
    });
  });

  it('translates system, tool results, images, stop sequences and the user id', () => {
    const chat = translateAnthropicRequest({
      model: 'm',
      max_tokens: 5,
      system: [{ type: 'text', text: 'sys' }],
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'calling' },
            { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'and this' },
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }] },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
          ],
        },
      ],
    });
    expect(chat).toEqual({
      model: 'm',
      max_tokens: 5,
      stop: ['END'],
      user: 'u1',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys' }] },
        {
          role: 'assistant',
          content: 'calling',
          tool_calls: [
            { id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 't1', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'and this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
          ],
        },
      ],
    });
  });
});
