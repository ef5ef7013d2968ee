import { afterEach, describe, expect, it } from 'vitest';
import { LlmProxy, stickyIndex } from '../src/index.js';
import { createFakeUpstream } from '../src/testing/index.js';
import { byName, type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

const chat = (content = 'Hi', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'toy', messages: [{ role: 'user', content }], ...extra });

describe('routes and attribution', () => {
  it('serves chat and completions with and without /v1, at the root and under the prefix', async () => {
    r = await rig();
    for (const path of ['/chat/completions', '/v1/chat/completions', '/v1/chat/completions/']) {
      expect((await fetch(`${r.base}${path}`, { method: 'POST', body: chat() })).status).toBe(200);
    }
    const completion = await r.client.completions.create({ model: 'toy', prompt: 'Hi' });
    expect(completion.choices[0]?.text).toBe('Echo: Hi');
    const root = await fetch(`${r.proxy.accessEndpoint}/v1/chat/completions`, {
      method: 'POST',
      body: chat(),
    });
    expect(root.status).toBe(200);
    const spans = byName(await r.spans(), 'litellm_request');
    expect(spans).toHaveLength(4);
    expect(spans.map((s) => s.attributes['agentlightning.proxy.route'])).toEqual([
      'chat',
      'chat',
      'chat',
      'completions',
    ]);
    for (const path of ['/v1/embeddings', '/v1/responses']) {
      const res = await fetch(`${r.base}${path}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: '404' } });
    }
  });

  it('decodes path ids, rejects malformed ones, and lets the path win over headers', async () => {
    r = await rig();
    const encoded = `${r.proxy.accessEndpoint}/rollout/${encodeURIComponent(r.rolloutId).replace('-', '%2D')}/attempt/${r.attemptId}`;
    const res = await fetch(`${encoded}/chat/completions`, {
      method: 'POST',
      headers: { 'x-rollout-id': 'other', 'x-sequence-id': '99' },
      body: chat(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-agl-sequence-id')).toBe('1');
    const bad = await fetch(
      `${r.proxy.accessEndpoint}/rollout/%E0%A4%A/attempt/a/chat/completions`,
      { method: 'POST', body: chat() },
    );
    expect(bad.status).toBe(400);
    expect((await r.spans()).every((s) => s.sequence_id === 1)).toBe(true);
  });

  it('attributes by headers, using a valid x-sequence-id', async () => {
    r = await rig();
    const headers = {
      'x-rollout-id': r.rolloutId,
      'x-attempt-id': r.attemptId,
      'x-sequence-id': '7',
    };
    const res = await fetch(`${r.proxy.accessEndpoint}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: chat(),
    });
    expect(res.status).toBe(200);
    const spans = await r.spans();
    expect(spans).toHaveLength(4);
    expect(spans.every((s) => s.sequence_id === 7)).toBe(true);
    expect(await r.store.getNextSpanSequenceId(r.rolloutId, r.attemptId)).toBeGreaterThanOrEqual(8);
  });

  it('answers unattributed calls without recording, or refuses them when attribution is required', async () => {
    r = await rig();
    expect(
      (
        await fetch(`${r.proxy.accessEndpoint}/v1/chat/completions`, {
          method: 'POST',
          body: chat(),
        })
      ).status,
    ).toBe(200);
    expect(await r.spans()).toHaveLength(0);
    const strict = new LlmProxy({
      store: r.store,
      requireAttribution: true,
      modelList: r.proxy.modelList,
    });
    await strict.start();
    try {
      const res = await fetch(`${strict.accessEndpoint}/v1/chat/completions`, {
        method: 'POST',
        body: chat(),
      });
      expect(res.status).toBe(400);
      expect(r.fake.requests).toHaveLength(1);
    } finally {
      await strict.stop();
    }
  });

  it('refuses unknown rollouts and attempts before contacting the model server', async () => {
    r = await rig();
    const unknown = await fetch(
      `${r.proxy.accessEndpoint}/rollout/ro-nope/attempt/at-1/v1/chat/completions`,
      {
        method: 'POST',
        body: chat(),
      },
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      'Rollout not found: ro-nope',
    );
    const attempt = await fetch(
      `${r.proxy.accessEndpoint}/rollout/${r.rolloutId}/attempt/at-other/v1/chat/completions`,
      {
        method: 'POST',
        body: chat(),
      },
    );
    expect(attempt.status).toBe(404);
    expect(r.fake.requests).toHaveLength(0);
  });

  it('serves the v1 gateway form with its mode checks', async () => {
    r = await rig({ rewrite: { logprobs: 'train', temperature: { train: 1, val: 0.7 } } });
    const v1 = `${r.proxy.accessEndpoint}/proxy/rollout/${r.rolloutId}/attempt/${r.attemptId}/mode`;
    const ok = await fetch(`${v1}/train/openai/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'auto',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.2,
      }),
    });
    expect(ok.status).toBe(200);
    expect(r.fake.requests[0]?.body).toMatchObject({
      logprobs: true,
      temperature: 1,
      model: 'fake/toy-1',
    });
    expect(
      (await fetch(`${v1}/test/openai/v1/chat/completions`, { method: 'POST', body: chat() }))
        .status,
    ).toBe(404);
    expect(
      (await fetch(`${v1}/train/openai/v1/embeddings`, { method: 'POST', body: chat() })).status,
    ).toBe(404);
  });

  it('answers models and health routes, none of which is recorded', async () => {
    r = await rig();
    const models = await r.client.models.list();
    expect(models.data).toEqual([
      { id: 'toy', object: 'model', created: 1677610602, owned_by: 'openai' },
    ]);
    expect((await fetch(`${r.base}/v1/models/other`)).status).toBe(404);
    expect(await (await fetch(`${r.proxy.accessEndpoint}/health/liveliness`)).json()).toBe(
      "I'm alive!",
    );
    expect(await (await fetch(`${r.proxy.accessEndpoint}/healthz`)).json()).toEqual({
      status: 'ok',
    });
    expect(await r.spans()).toHaveLength(0);
    expect(r.fake.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('gives clear 4xx answers for malformed bodies, unknown models and bodies over the limit', async () => {
    r = await rig({ maxBodyBytes: 1000 });
    const post = (body: string) => fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body });
    expect((await post('not json')).status).toBe(400);
    expect((await post('[1]')).status).toBe(400);
    const missing = await post('{"model": "toy"}');
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      'Missing required parameter: messages',
    );
    const model = await post(chat('Hi', { model: 'nope' }));
    expect(model.status).toBe(400);
    expect(((await model.json()) as { error: { message: string } }).error.message).toContain(
      'Invalid model name passed in model=nope',
    );
    expect((await post(chat('x'.repeat(2000)))).status).toBe(413);
    expect(r.fake.requests).toHaveLength(0);
    expect(await r.spans()).toHaveLength(0);
  });

  it('answers 502 when the model server is down and 504 when it times out, and records both', async () => {
    r = await rig({ numRetries: 1, upstreamTimeoutSeconds: 0.2 });
    r.fake.enqueue({ hangMs: 5000 }, { hangMs: 5000 });
    const slow = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(slow.status).toBe(504);
    await r.fake.close();
    const down = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(down.status).toBe(502);
    expect(((await down.json()) as { error: { message: string } }).error.message).toBe(
      'Upstream model server request failed',
    );
    const types = byName(await r.spans(), 'litellm_request').map((s) => s.attributes['error.type']);
    expect(types).toEqual(['UpstreamTimeout', 'UpstreamConnectionError']);
  });

  it('answers 503 with Retry-After when the store cannot allocate a sequence id', async () => {
    r = await rig();
    r.store.getNextSpanSequenceId = async () => {
      throw new Error('store down');
    };
    const res = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(r.fake.requests).toHaveLength(0);
    expect(r.proxy.state().inflight).toBe(0);
  });

  it('passes 4xx bodies through unchanged and wraps non-JSON ones', async () => {
    r = await rig();
    r.fake.enqueue({ status: 400, body: { object: 'error', message: 'context too long' } });
    const res = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ object: 'error', message: 'context too long' });
    r.fake.enqueue({ invalidJson: true });
    expect(
      (await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() })).status,
    ).toBe(502);
    const types = byName(await r.spans(), 'litellm_request').map((s) => s.attributes['error.type']);
    expect(types).toEqual(['UpstreamHTTPError', 'UpstreamInvalidJSON']);
  });
});

describe('retries', () => {
  it('retries 503s with exponential back-off and reports the retry count', async () => {
    const sleeps: number[] = [];
    r = await rig({ random: () => 0.5, sleep: async (s) => void sleeps.push(s) });
    r.fake.enqueue({ status: 503 }, { status: 503 });
    const res = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-agl-retry-count')).toBe('2');
    expect(sleeps).toEqual([0.5, 1]);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.retry_count']).toBe(2);
  });

  it('does not retry 400 and 404', async () => {
    r = await rig();
    r.fake.enqueue({ status: 404 });
    expect(
      (await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() })).status,
    ).toBe(404);
    expect(r.fake.requests).toHaveLength(1);
  });
});

describe('sticky routing and the model registry', () => {
  it('matches the documented test vectors', () => {
    expect([stickyIndex('ro-5d41402abc4b', 2), stickyIndex('ro-5d41402abc4b', 3)]).toEqual([1, 2]);
    expect([stickyIndex('ro-000000000001', 2), stickyIndex('ro-000000000001', 3)]).toEqual([0, 1]);
    expect([stickyIndex('rollout-123', 3), stickyIndex('rollout-123', 4)]).toEqual([1, 2]);
  });

  it('pins a rollout to one endpoint and round-robins unattributed calls', async () => {
    r = await rig();
    const second = await createFakeUpstream();
    try {
      const urls = [r.fake.url, second.url].sort();
      r.proxy.updateModelList(
        urls.map((api_base) => ({
          model_name: 'toy',
          litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base },
        })),
      );
      for (let i = 0; i < 4; i++)
        await r.client.chat.completions.create({
          model: 'toy',
          messages: [{ role: 'user', content: 'Hi' }],
        });
      const pinned = stickyIndex(r.rolloutId, 2);
      const counts = [r.fake, second].map((f) => f.requests.length);
      const expected = urls[pinned] === r.fake.url ? [4, 0] : [0, 4];
      expect(counts).toEqual(expected);
      for (let i = 0; i < 2; i++)
        await fetch(`${r.proxy.accessEndpoint}/v1/chat/completions`, {
          method: 'POST',
          body: chat(),
        });
      expect(r.fake.requests.length + second.requests.length).toBe(6);
      expect(Math.min(r.fake.requests.length, second.requests.length)).toBeGreaterThanOrEqual(1);
    } finally {
      await second.close();
    }
  });

  it('manages deployments through /api/models and records their version', async () => {
    r = await rig();
    const api = `${r.proxy.accessEndpoint}/api/models`;
    expect((await fetch(api, { method: 'DELETE' })).status).toBe(200);
    const empty = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(empty.status).toBe(503);
    const added = await fetch(api, {
      method: 'POST',
      body: JSON.stringify([{ model: 'toy', endpoint: `${r.fake.url}/`, version: 3 }]),
    });
    expect(added.status).toBe(201);
    expect(await (await fetch(api)).json()).toEqual([
      { model: 'toy', endpoint: r.fake.url, version: 3 },
    ]);
    // The registered upstream model is "toy", which the fake does not serve: vLLM's 404 is passed through.
    const res = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(res.status).toBe(404);
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['agentlightning.proxy.model_version']).toBe(3);
    expect((await fetch(api, { method: 'POST', body: '{}' })).status).toBe(422);
  });
});

describe('authentication', () => {
  it('requires the agent key on agent routes and the admin key on management routes', async () => {
    r = await rig({ key: 'agent-key', adminKey: 'admin-key' });
    const post = (headers: Record<string, string>) =>
      fetch(`${r.base}/v1/chat/completions`, { method: 'POST', headers, body: chat() });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer agent-key' })).status).toBe(200);
    expect((await post({ 'x-api-key': 'agent-key' })).status).toBe(200);
    expect((await post({ 'api-key': 'wrong' })).status).toBe(401);
    const state = (key: string) =>
      fetch(`${r.proxy.accessEndpoint}/proxy/state`, {
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await state('agent-key')).status).toBe(401);
    expect((await state('admin-key')).status).toBe(200);
    expect((await fetch(`${r.proxy.accessEndpoint}/health`)).status).toBe(200);
    expect(r.proxy.asResource().api_key).toBe('agent-key');
  });
});
