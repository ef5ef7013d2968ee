import { LlmProxyTraceToTriplet } from '@agl/trainer';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_EOS_ID, fakeTokenize } from '../src/testing/index.js';
import { byName, type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

const client = () => new Anthropic({ baseURL: r.base, apiKey: 'k', maxRetries: 0 });

async function rawStream(content: string): Promise<Array<{ event: string; data: unknown }>> {
  const res = await fetch(`${r.base}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'toy',
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user', content }],
    }),
  });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return {
        event: String(eventLine).slice('event: '.length),
        data: JSON.parse(String(dataLine).slice('data: '.length)),
      };
    });
}

describe('Anthropic streams in passthrough mode', () => {
  it('translates the upstream stream event by event and records the assembled call', async () => {
    r = await rig();
    const events = await rawStream('[[say:Hi there]]');
    const types = events.map((e) => e.event);
    expect(types.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const deltas = events.filter((e) => e.event === 'content_block_delta');
    // One delta per upstream chunk: the fake streams one token (one character) per chunk.
    expect(deltas).toHaveLength('Hi there'.length);
    expect(deltas.map((e) => (e.data as { delta: { text: string } }).delta.text).join('')).toBe(
      'Hi there',
    );
    expect(events[0]?.data).toMatchObject({
      type: 'message_start',
      message: { type: 'message', role: 'assistant', content: [], model: 'fake/toy-1' },
    });
    const start = events[0]?.data as { message: { usage: { input_tokens: number } } };
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    expect(events.find((e) => e.event === 'message_delta')?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 'Hi there'.length + 1 },
    });
    expect(r.fake.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });

    const spans = await r.spans();
    const [p] = byName(spans, 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.route']).toBe('messages');
    expect(p?.attributes['agentlightning.proxy.stream_mode']).toBe('passthrough');
    expect(p?.attributes['agentlightning.proxy.token_ids']).toBe('complete');
    expect(p?.attributes['llm.is_streaming']).toBe('True');
    const triplets = new LlmProxyTraceToTriplet().adapt(spans);
    expect(triplets).toHaveLength(1);
    expect((triplets[0]?.response as { token_ids: number[] } | undefined)?.token_ids).toEqual([
      ...fakeTokenize('Hi there'),
      FAKE_EOS_ID,
    ]);
  });

  it('streams tool use as input_json_delta pieces that concatenate to the input', async () => {
    r = await rig();
    const stream = client().messages.stream({
      model: 'toy',
      max_tokens: 256,
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: '[[tool:lookup {"q":"weather in Paris today"}]]' }],
    });
    const types: string[] = [];
    const pieces: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
        pieces.push(event.delta.partial_json);
    }
    const final = await stream.finalMessage();
    expect(pieces.length).toBeGreaterThan(1);
    expect(JSON.parse(pieces.join(''))).toEqual({ q: 'weather in Paris today' });
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([
      {
        type: 'tool_use',
        id: expect.any(String),
        name: 'lookup',
        input: { q: 'weather in Paris today' },
      },
    ]);
    expect(types.at(-1)).toBe('message_stop');
  });

  it('delivers text deltas before the upstream stream ends', async () => {
    r = await rig({}, { chunkDelayMs: 40 });
    const started = Date.now();
    const arrivals: number[] = [];
    const stream = client().messages.stream({
      model: 'toy',
      max_tokens: 64,
      messages: [{ role: 'user', content: '[[say:abcdefgh]]' }],
    });
    for await (const event of stream)
      if (event.type === 'content_block_delta') arrivals.push(Date.now() - started);
    expect(arrivals).toHaveLength(8);
    // The fake paces its chunks 40 ms apart: unbuffered, the eight deltas span at least 280 ms.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(200);
  });

  it('ends a broken upstream stream with an Anthropic error event and records it incomplete', async () => {
    r = await rig();
    const events = await rawStream('[[drop:3]]');
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    expect(last?.data).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.some((e) => e.event === 'message_stop')).toBe(false);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.incomplete']).toBe(true);
    expect(p?.attributes['agentlightning.proxy.http_status']).toBe(502);
  });

  it('forwards an upstream error event as an Anthropic error event', async () => {
    r = await rig();
    const events = await rawStream('[[stream-error:2]]');
    expect(events.at(-1)?.event).toBe('error');
    expect(events.filter((e) => e.event === 'content_block_delta')).toHaveLength(2);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.status']).toBe('error');
  });
});
