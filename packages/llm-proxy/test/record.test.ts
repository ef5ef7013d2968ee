import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { byName, type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/golden-chat.json', import.meta.url), 'utf8'),
) as {
  raw: Record<string, unknown>;
  primary: Record<string, unknown>;
  client: Record<string, unknown>;
};

describe('records', () => {
  it('records the golden call with the reference layout', async () => {
    r = await rig();
    const res = await fetch(`${r.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'toy',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.7,
      }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { choices: Array<Record<string, unknown>> };
    expect(answer.choices[0]?.provider_specific_fields).toEqual({
      token_ids: [69, 99, 104, 111, 58, 32, 72, 105, 151645],
      stop_reason: null,
    });
    expect(r.fake.requests[0]?.body).toEqual({
      model: 'fake/toy-1',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.7,
      return_token_ids: true,
    });
    // Spans are stored before the answer arrives.
    const spans = await r.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'litellm_request',
      'raw_gen_ai_request',
      'openai.chat.completion',
      'Received Proxy Server Request',
    ]);
    const [p, w, o, root] = spans;
    expect(new Set(spans.map((s) => s.sequence_id))).toEqual(new Set([1]));
    expect(new Set(spans.map((s) => s.trace_id)).size).toBe(1);
    expect(p?.parent_id).toBe(root?.span_id);
    expect(o?.parent_id).toBe(root?.span_id);
    expect(w?.parent_id).toBe(p?.span_id);
    expect(root?.parent_id).toBeNull();
    expect(root?.status.status_code).toBe('UNSET');
    expect(p?.status.status_code).toBe('OK');
    expect(w?.attributes).toEqual(golden.raw);
    expect(p?.attributes).toMatchObject(golden.primary);
    expect(o?.attributes).toMatchObject(golden.client);
    expect(root?.resource.attributes).toEqual({
      'service.name': 'agentlightning.llm_proxy',
      'agentlightning.rollout_id': r.rolloutId,
      'agentlightning.attempt_id': r.attemptId,
      'agentlightning.span_sequence_id': 1,
      'agentlightning.tracer.name': 'llm_proxy',
    });
  });

  it('numbers sequential and concurrent calls 1..n and keeps credentials out of the header dict', async () => {
    r = await rig();
    const calls = Array.from({ length: 5 }, () =>
      r.client.chat.completions.create(
        { model: 'toy', messages: [{ role: 'user', content: 'Hi' }] },
        { headers: { 'x-api-key': 'secret', 'x-custom': 'v' } },
      ),
    );
    await Promise.all(calls);
    const spans = byName(await r.spans(), 'litellm_request');
    expect(spans.map((s) => s.sequence_id).sort()).toEqual([1, 2, 3, 4, 5]);
    const headers = String(spans[0]?.attributes['metadata.requester_custom_headers']);
    expect(headers).toContain("'x-custom': 'v'");
    expect(headers).not.toContain('x-api-key');
    expect(headers).toContain("'x-stainless-lang': 'js'");
  });

  it('records a failed call with status, retry count and the failure spans', async () => {
    r = await rig({ numRetries: 2 });
    r.fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const res = await fetch(`${r.base}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'toy', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ object: 'error', code: 500 });
    const spans = await r.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'litellm_request',
      'Failed Proxy Server Request',
      'Received Proxy Server Request',
    ]);
    const p = spans[0];
    expect(p?.status.status_code).toBe('ERROR');
    expect(p?.attributes).toMatchObject({
      'agentlightning.proxy.status': 'error',
      'agentlightning.proxy.http_status': 500,
      'agentlightning.proxy.retry_count': 2,
      'error.type': 'UpstreamHTTPError',
    });
    expect(p?.events[0]?.name).toBe('exception');
    expect(r.fake.requests).toHaveLength(3);
  });

  it('records token ids from a streamed call exactly as from the same call unstreamed', async () => {
    r = await rig();
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const stream = await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Echo: Hi');
    const [plain, streamed] = byName(await r.spans(), 'litellm_request');
    for (const key of [
      'prompt_token_ids',
      'response_token_ids',
      'gen_ai.completion.0.content',
      'gen_ai.usage.prompt_tokens',
    ]) {
      expect(streamed?.attributes[key]).toEqual(plain?.attributes[key]);
    }
    expect(streamed?.attributes['llm.is_streaming']).toBe('True');
    expect(streamed?.attributes['agentlightning.proxy.token_ids']).toBe('complete');
    expect(r.fake.requests[1]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
