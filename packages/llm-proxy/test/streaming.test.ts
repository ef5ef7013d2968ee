import { afterEach, describe, expect, it } from 'vitest';
import { fakeTokenize } from '../src/testing/index.js';
import { byName, type Rig, rig } from './helpers.js';
import { payloads, readSse } from './sse.js';

let r: Rig;
afterEach(() => r?.close());

const post = (url: string, body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(url, {
    method: 'POST',
    body: JSON.stringify({ model: 'toy', ...body }),
    ...(signal ? { signal } : {}),
  });

const waitFor = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
};

describe('streaming passthrough', () => {
  it('forwards chunks as they arrive, long before the stream ends', async () => {
    r = await rig({}, { chunkDelayMs: 50 });
    const stream = await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: '[[say:0123456789]]' }],
      stream: true,
    });
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) {
        arrivals.push(performance.now());
        text += piece;
      }
    }
    expect(text).toBe('0123456789');
    expect(arrivals).toHaveLength(10);
    // The fake paces nine 50 ms gaps; buffering would collapse them into one burst at the end.
    expect((arrivals.at(-1) as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(350);
  });

  it('forwards event payloads byte for byte and withholds the usage chunk unless asked for', async () => {
    r = await rig();
    const direct = payloads(
      await readSse(
        await post(`${r.fake.url}/chat/completions`, {
          model: 'fake/toy-1',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          return_token_ids: true,
        }),
      ),
    );
    const proxied = await readSse(
      await post(`${r.base}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    );
    expect(proxied.at(-1)?.data).toBe('[DONE]');
    const got = payloads(proxied);
    expect(got.map((c) => ({ ...c, id: 'x' }))).toEqual(direct.map((c) => ({ ...c, id: 'x' })));
    const withUsage = payloads(
      await readSse(
        await post(`${r.base}/v1/chat/completions`, {
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      ),
    );
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 9 } });
  });

  it('has the spans stored when the client reads [DONE]', async () => {
    r = await rig();
    await readSse(
      await post(`${r.base}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    );
    expect(byName(await r.spans(), 'openai.chat.completion')).toHaveLength(1);
  });

  it('assembles a streamed tool call, including the ids of the delta-less chunk', async () => {
    r = await rig();
    const stream = await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: '[[tool:search {"q":"weather in Paris"}]]' }],
      stream: true,
    });
    for await (const _ of stream) {
      // drain
    }
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['gen_ai.completion.0.function_call.name']).toBe('search');
    expect(p?.attributes['gen_ai.completion.0.function_call.arguments']).toBe(
      '{"q":"weather in Paris"}',
    );
    expect(p?.attributes.response_token_ids).toEqual([
      ...fakeTokenize(
        '<tool_call>{"name":"search","arguments":{"q":"weather in Paris"}}</tool_call>',
      ),
      151645,
    ]);
    expect(p?.attributes['agentlightning.proxy.finish_reason']).toBe('tool_calls');
  });

  it('marks token ids as mismatch when a chunk lacks them, and omits the response ids', async () => {
    r = await rig({}, { dropTokenIdsInChunks: [2] });
    await readSse(
      await post(`${r.base}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    );
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.token_ids']).toBe('mismatch');
    expect(p?.attributes.response_token_ids).toBeUndefined();
    expect(p?.attributes.prompt_token_ids).toHaveLength(21);
    const [w] = byName(await r.spans(), 'raw_gen_ai_request');
    expect(String(w?.attributes['llm.hosted_vllm.choices'])).not.toContain('token_ids');
  });

  it('ends an interrupted stream with an error event and records it as incomplete', async () => {
    r = await rig();
    const events = await readSse(
      await post(`${r.base}/v1/chat/completions`, {
        messages: [{ role: 'user', content: '[[drop:3]]' }],
        stream: true,
      }),
    );
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(JSON.parse(events.at(-2)?.data as string)).toMatchObject({
      error: { type: 'upstream_error', code: '502' },
    });
    const spans = await r.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'litellm_request',
      'raw_gen_ai_request',
      'Failed Proxy Server Request',
      'Received Proxy Server Request',
    ]);
    expect(spans[0]?.attributes).toMatchObject({
      'agentlightning.proxy.incomplete': true,
      'agentlightning.proxy.http_status': 502,
      'agentlightning.proxy.token_ids': 'partial',
    });
  });

  it('forwards an upstream error event and records the call as failed with status 200', async () => {
    r = await rig();
    const events = await readSse(
      await post(`${r.base}/v1/chat/completions`, {
        messages: [{ role: 'user', content: '[[stream-error:3]]' }],
        stream: true,
      }),
    );
    expect(
      events.filter((e) => e.data.includes('"content":"') && !e.data.includes('"content":""')),
    ).toHaveLength(3);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes).toMatchObject({
      'agentlightning.proxy.status': 'error',
      'agentlightning.proxy.http_status': 200,
    });
  });

  it('records a client disconnect as incomplete with 499, aborting the upstream', async () => {
    r = await rig({}, { chunkDelayMs: 100 });
    const abort = new AbortController();
    const res = await post(
      `${r.base}/v1/chat/completions`,
      { messages: [{ role: 'user', content: '[[say:abcdefghijklmnop]]' }], stream: true },
      abort.signal,
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    abort.abort();
    await waitFor(async () => (await r.spans()).length > 0);
    const spans = await r.spans();
    expect(byName(spans, 'openai.chat.completion')).toHaveLength(0);
    expect(byName(spans, 'litellm_request')[0]?.attributes).toMatchObject({
      'agentlightning.proxy.http_status': 499,
      'error.type': 'ClientDisconnected',
      'agentlightning.proxy.incomplete': true,
    });
    expect(r.proxy.state().inflight).toBe(0);
  });

  it('re-streams a JSON answer to a stream request as SSE and records it complete', async () => {
    r = await rig();
    r.fake.enqueue({ jsonForStream: true });
    const res = await post(`${r.base}/v1/chat/completions`, {
      messages: [
        { role: 'user', content: '[[say:a fairly long answer that needs more than one piece]]' },
      ],
      stream: true,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const chunks = payloads(await readSse(res));
    const text = chunks
      .map((c) => (c.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe('a fairly long answer that needs more than one piece');
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.token_ids']).toBe('complete');
  });
});

describe('pause and drain', () => {
  it('refuses calls while paused and drains a stream that started before', async () => {
    r = await rig({}, { chunkDelayMs: 40 });
    const res = await post(`${r.base}/v1/chat/completions`, {
      messages: [{ role: 'user', content: '[[say:0123456789]]' }],
      stream: true,
    });
    const paused = await fetch(`${r.proxy.accessEndpoint}/proxy/pause`, {
      method: 'POST',
      body: JSON.stringify({ retry_after_seconds: 3, reason: 'sync' }),
    });
    expect(await paused.json()).toEqual({
      paused: true,
      retry_after_seconds: 3,
      reason: 'sync',
      inflight: 1,
    });
    const refused = await post(`${r.base}/v1/chat/completions`, {
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(refused.headers.get('x-agl-paused')).toBe('true');
    expect(await refused.json()).toEqual({ error: 'gateway paused', reason: 'sync' });
    const drained = r.proxy.drain({ timeoutSeconds: 30 });
    const events = await readSse(res);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect((await drained).inflight).toBe(0);
    const resumed = await (
      await fetch(`${r.proxy.accessEndpoint}/proxy/resume`, { method: 'POST' })
    ).json();
    expect(resumed).toEqual({ paused: false, retry_after_seconds: 3, reason: null, inflight: 0 });
    expect(
      (await post(`${r.base}/v1/chat/completions`, { messages: [{ role: 'user', content: 'Hi' }] }))
        .status,
    ).toBe(200);
    expect(byName(await r.spans(), 'litellm_request').map((s) => s.sequence_id)).toEqual([1, 2]);
  });

  it('rejects drain after its timeout while a call hangs, and 422s a bad pause body', async () => {
    r = await rig();
    r.fake.enqueue({ hangMs: 2000 });
    const hanging = post(`${r.base}/v1/chat/completions`, {
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await waitFor(async () => r.proxy.state().inflight === 1);
    await expect(r.proxy.drain({ timeoutSeconds: 0.05 })).rejects.toThrow(/did not drain/);
    const bad = await fetch(`${r.proxy.accessEndpoint}/proxy/pause`, {
      method: 'POST',
      body: '{"retry_after_seconds": "x"}',
    });
    expect(bad.status).toBe(422);
    r.proxy.resume();
    expect((await hanging).status).toBe(200);
  });
});

describe('convert mode', () => {
  it('asks for the complete answer and re-streams it in pieces with one id', async () => {
    r = await rig({ streaming: 'convert' });
    const text =
      'This answer is long enough to need several pieces of at most twenty-eight code points.';
    const res = await post(`${r.base}/v1/chat/completions`, {
      messages: [{ role: 'user', content: `[[say:${text}]]` }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const chunks = payloads(await readSse(res));
    const pieces = chunks
      .map((c) => (c.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content)
      .filter((p): p is string => typeof p === 'string');
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((p) => Array.from(p).length <= 28)).toBe(true);
    expect(pieces.slice(0, -1).every((p) => p.endsWith(' '))).toBe(true);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['chatcmpl-fake-1']));
    const last = chunks.at(-1) as { choices: Array<{ finish_reason: string }> };
    expect(last.choices[0]?.finish_reason).toBe('stop');
    const upstream = r.fake.requests[0]?.body as Record<string, unknown>;
    expect(upstream.stream).toBe(false);
    expect('stream_options' in upstream).toBe(false);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.stream_mode']).toBe('convert');
    expect(p?.attributes['llm.is_streaming']).toBe('False');
    expect(p?.attributes['agentlightning.proxy.token_ids']).toBe('complete');
  });

  it('answers an upstream error as JSON, not as a stream', async () => {
    r = await rig({ streaming: 'convert', numRetries: 0 });
    const res = await post(`${r.base}/v1/chat/completions`, {
      messages: [{ role: 'user', content: '[[status:400]]' }],
      stream: true,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});
