import { LightningStoreClient } from '@agl/store-client';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmProxy, type RecordedCall } from '../src/index.js';
import { createFakeUpstream } from '../src/testing/index.js';
import { byName, type Rig, rig } from './helpers.js';

let r: Rig | null = null;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await r?.close();
  r = null;
  for (const c of cleanups.splice(0).reverse()) await c();
});

const chat = (content = 'Hi') =>
  JSON.stringify({ model: 'toy', messages: [{ role: 'user', content }] });

describe('lifecycle and API', () => {
  it('needs a store to start while recording, warns on double start/stop, keeps its port on restart', async () => {
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (m: string) => void warnings.push(m),
      error() {},
    };
    const proxy = new LlmProxy({ logger });
    expect(() => proxy.accessEndpoint).toThrow(/no port yet/);
    await expect(proxy.start()).rejects.toMatchObject({
      name: 'InvalidStateError',
      message: expect.stringContaining('Store is not set'),
    });
    const serving = new LlmProxy({ record: false, logger });
    await serving.start();
    const port = serving.port;
    await serving.start();
    await serving.restart();
    expect(serving.port).toBe(port);
    await serving.stop();
    await serving.stop();
    expect(warnings).toContain('LLMProxy is not running. Nothing to stop.');
    expect(warnings.some((w) => w.includes('already running'))).toBe(true);
  });

  it('reports a taken port as UnavailableError naming host and port', async () => {
    const first = new LlmProxy({ record: false });
    await first.start();
    cleanups.push(() => first.stop());
    const second = new LlmProxy({ record: false, port: first.port });
    await expect(second.start()).rejects.toMatchObject({
      name: 'UnavailableError',
      message: expect.stringContaining(`127.0.0.1:${first.port}`),
    });
  });

  it('builds resources as the reference does', async () => {
    const proxy = new LlmProxy({ record: false, port: 4799 });
    expect(() => proxy.asResource()).toThrow(/No models found in model_list/);
    proxy.updateModelList([
      { model_name: 'a', litellm_params: { model: 'hosted_vllm/x', api_base: 'http://h:1/v1' } },
      { model_name: 'a', litellm_params: { model: 'hosted_vllm/x', api_base: 'http://h:2/v1' } },
    ]);
    expect(proxy.asResource({ samplingParameters: { temperature: 0.5 } })).toEqual({
      resource_type: 'proxy_llm',
      endpoint: 'http://127.0.0.1:4799',
      model: 'a',
      api_key: null,
      sampling_parameters: { temperature: 0.5 },
    });
    expect(proxy.asResource({ rolloutId: 'ro-1', attemptId: 'at-1' }).endpoint).toBe(
      'http://127.0.0.1:4799/rollout/ro-1/attempt/at-1',
    );
    expect(() => proxy.asResource({ rolloutId: 'ro-1' })).toThrow(
      'Either rollout_id and attempt_id must be provided, or neither.',
    );
    proxy.upsertModels([
      { model_name: 'b', litellm_params: { model: 'hosted_vllm/y', api_base: 'http://h:3/v1' } },
    ]);
    expect(() => proxy.asResource()).toThrow(/Multiple models found in model_list/);
    expect(() =>
      proxy.updateModelList([{ model_name: 'c', litellm_params: { model: 'anthropic/claude-x' } }]),
    ).toThrow(/model_list\[0\].*anthropic/);
  });

  it('records into a store over HTTP (agl store), and reports each write through onRecord', async () => {
    const fake = await createFakeUpstream();
    const backing = new InMemoryLightningStore();
    const server = new LightningStoreServer({ store: backing, host: '127.0.0.1', port: 0 });
    await server.start();
    const client = new LightningStoreClient(server.endpoint);
    cleanups.push(async () => {
      await client.close();
      await server.stop();
      await backing.close();
      await fake.close();
    });
    const records: RecordedCall[] = [];
    const proxy = new LlmProxy({
      store: client,
      modelList: [
        {
          model_name: 'toy',
          litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: fake.url },
        },
      ],
      onRecord: (call) => records.push(call),
    });
    await proxy.start();
    cleanups.push(() => proxy.stop());
    const rollout = await client.startRollout({ q: 1 });
    const openai = new OpenAI({
      baseURL: `${proxy.accessEndpoint}/rollout/${rollout.rollout_id}/attempt/${rollout.attempt.attempt_id}`,
      apiKey: 'x',
      maxRetries: 0,
    });
    await openai.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const spans = (await backing.querySpans(rollout.rollout_id)).items;
    expect(spans).toHaveLength(4);
    expect(records).toMatchObject([
      { rolloutId: rollout.rollout_id, sequenceId: 1, status: 'ok', httpStatus: 200, stored: true },
    ]);
    expect(proxy.stats()).toMatchObject({
      calls_total: 1,
      calls_attributed: 1,
      records_written: 1,
      records_failed: 0,
    });
  });

  it('with validation off, answers calls of unknown rollouts and counts the failed write', async () => {
    r = await rig({ validateAttribution: false });
    const res = await fetch(
      `${r.proxy.accessEndpoint}/rollout/ro-ghost/attempt/at-ghost/v1/chat/completions`,
      {
        method: 'POST',
        body: chat(),
      },
    );
    expect(res.status).toBe(200);
    expect(r.proxy.stats().records_failed).toBe(1);
  });

  it('joins the agent trace of a valid traceparent and ignores an invalid one', async () => {
    r = await rig();
    const traceId = 'a'.repeat(32);
    const parent = 'b'.repeat(16);
    await fetch(`${r.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${parent}-01` },
      body: chat(),
    });
    await fetch(`${r.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { traceparent: `00-${'0'.repeat(32)}-${parent}-01` },
      body: chat(),
    });
    const roots = byName(await r.spans(), 'Received Proxy Server Request');
    expect(roots[0]?.trace_id).toBe(traceId);
    expect(roots[0]?.parent_id).toBe(parent);
    expect(roots[0]?.parent?.is_remote).toBe(true);
    expect(
      (await r.spans()).filter((s) => s.sequence_id === 1).every((s) => s.trace_id === traceId),
    ).toBe(true);
    expect(roots[1]?.parent_id).toBeNull();
  });

  it('stop() while a call hangs records it as incomplete and writes every pending record', async () => {
    r = await rig({ drainTimeoutSeconds: 0.2 });
    r.fake.enqueue({ hangMs: 3000 });
    const pending = fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() }).catch(
      () => null,
    );
    for (let i = 0; i < 100 && r.proxy.state().inflight === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await r.proxy.stop();
    await pending;
    const [p] = byName(await r.spans(), 'litellm_request');
    expect(p?.attributes['error.type']).toBe('ProxyStopped');
    expect(p?.attributes['agentlightning.proxy.incomplete']).toBe(true);
  });

  it('survives malformed and aborted requests with nothing left in flight', async () => {
    r = await rig({}, { chunkDelayMs: 5 });
    const bodies = [
      '',
      '{',
      'null',
      '"x"',
      '{"messages": 3}',
      '{"model": "toy", "messages": [{}]}',
      chat('[[drop:1]]'),
      chat('[[status:500]]'),
    ];
    const requests = bodies.map(async (body, i) => {
      const controller = new AbortController();
      if (i % 3 === 0) setTimeout(() => controller.abort(), 5);
      try {
        const res = await fetch(`${r?.base}/v1/chat/completions`, {
          method: 'POST',
          body,
          signal: controller.signal,
        });
        await res.text();
      } catch {
        // aborted on purpose
      }
    });
    await Promise.all(requests);
    for (
      let i = 0;
      i < 100 && (r.proxy.state().inflight > 0 || r.proxy.stats().records_pending > 0);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(r.proxy.state().inflight).toBe(0);
    expect(
      (await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() })).status,
    ).toBe(200);
  });

  it('in async record mode answers without waiting for a slow store', async () => {
    r = await rig({ recordMode: 'async' });
    const slowAdd = r.store.addManySpans.bind(r.store);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    r.store.addManySpans = async (spans) => {
      await gate;
      return slowAdd(spans);
    };
    const res = await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() });
    expect(res.status).toBe(200);
    expect(await r.spans()).toHaveLength(0);
    release();
    for (let i = 0; i < 100 && (await r.spans()).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await r.spans()).toHaveLength(4);
  });
});

describe('record write failures', () => {
  it('retries transient failures until stored, and counts a terminal rejection without changing the answer', async () => {
    const { InvalidArgumentError, UnavailableError } = await import('@agl/store-core');
    r = await rig();
    const add = r.store.addManySpans.bind(r.store);
    const failures: Error[] = [
      new UnavailableError('store restarting'),
      new UnavailableError('still restarting'),
    ];
    r.store.addManySpans = async (spans) => {
      const failure = failures.shift();
      if (failure) throw failure;
      return add(spans);
    };
    expect(
      (await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() })).status,
    ).toBe(200);
    expect(await r.spans()).toHaveLength(4);
    failures.push(new InvalidArgumentError('span rejected'));
    expect(
      (await fetch(`${r.base}/v1/chat/completions`, { method: 'POST', body: chat() })).status,
    ).toBe(200);
    expect(r.proxy.stats()).toMatchObject({ records_written: 1, records_failed: 1 });
  });
});

describe("the reference's options", () => {
  it('maps middlewares, callbacks, litellmConfig and launcherArgs, with the reference messages', async () => {
    r = await rig({
      middlewares: ['rollout_attempt', 'stream_conversion'],
      callbacks: ['opentelemetry', 'logprobs'],
    });
    await fetch(`${r.base}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'toy',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    }).then((res) => res.text());
    const upstream = r.fake.requests[0]?.body as Record<string, unknown>;
    expect(upstream.stream).toBe(false);
    expect(upstream.logprobs).toBe(true);
    expect('return_token_ids' in upstream).toBe(false);
    expect(() => new LlmProxy({ middlewares: ['nope'] })).toThrow(
      "Invalid middleware alias: nope. Available aliases are: ['rollout_attempt', 'stream_conversion', 'message_inspection']",
    );
    expect(() => new LlmProxy({ callbacks: ['x'] })).toThrow(
      "Invalid callback alias: x. Available aliases are: ['return_token_ids', 'opentelemetry', 'logprobs']",
    );
    expect(() => new LlmProxy({ port: 1, launcherArgs: { port: 2 } })).toThrow(
      'port, host, launch_mode, and num_workers cannot be set when launcher_args is provided.',
    );
    const configured = new LlmProxy({
      record: false,
      launcherArgs: { port: 4711, access_host: '10.0.0.5' },
      litellmConfig: {
        general_settings: { master_key: 'mk' },
        litellm_settings: { num_retries: 0 },
      },
      modelList: [
        { model_name: 'm', litellm_params: { model: 'hosted_vllm/x', api_base: 'http://h/v1' } },
      ],
    });
    expect(configured.asResource()).toMatchObject({
      endpoint: 'http://10.0.0.5:4711',
      api_key: 'mk',
    });
  });
});
