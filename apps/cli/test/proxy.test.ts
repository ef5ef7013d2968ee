import { createFakeUpstream, type FakeUpstream } from '@agl/llm-proxy/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { runCli } from '../src/program';

interface TestIo extends CliIo {
  lines: string[];
  stop(): void;
  waitForLine(pattern: RegExp): Promise<string>;
}

function testIo(): TestIo {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let stop: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const push = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) w();
  };
  return {
    lines,
    out: push,
    err: push,
    waitForStop: () => stopped,
    stop: () => stop('SIGINT'),
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${pattern} in ${lines.join('\n')}`)),
          15_000,
        );
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(line);
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function storeServer(): Promise<{ url: string; store: InMemoryLightningStore }> {
  const store = new InMemoryLightningStore();
  const server = new LightningStoreServer({ store, host: '127.0.0.1', port: 0 });
  await server.start();
  cleanups.push(async () => {
    await server.stop();
    await store.close();
  });
  return { url: server.endpoint, store };
}

/** A fake OpenAI-compatible upstream, closed after the test. */
async function fakeUpstream(): Promise<FakeUpstream> {
  const fake = await createFakeUpstream();
  cleanups.push(() => fake.close());
  return fake;
}

/**
 * Runs `agl proxy` in this process with `args` on a free port; resolves once it
 * says where it listens.
 */
async function startedProxy(...args: string[]) {
  const io = testIo();
  const exit = runCli(['node', 'agl', 'proxy', '--port', '0', ...args], io);
  const listening = await io.waitForLine(/^LLM proxy listening on http:\/\/127\.0\.0\.1:\d+$/);
  return { io, exit, endpoint: listening.replace('LLM proxy listening on ', '') };
}

describe('agl proxy', () => {
  it('serves and records calls into an agl store, publishes its resource, and exits 0 on SIGINT', async () => {
    const fake = await fakeUpstream();
    const { url, store } = await storeServer();
    const { io, exit, endpoint } = await startedProxy(
      '--model',
      'toy',
      '--upstream',
      fake.url,
      '--upstream-model',
      'fake/toy-1',
      '--store-url',
      url,
      '--publish',
      'main_llm',
    );
    await io.waitForLine(/^toy → 1 upstream\(s\)$/);
    await io.waitForLine(/^Published main_llm/);
    const resources = await store.getLatestResources();
    expect(resources?.resources.main_llm).toMatchObject({
      resource_type: 'proxy_llm',
      endpoint,
      model: 'toy',
    });
    const rollout = await store.startRollout({ q: 1 });
    const client = new OpenAI({
      baseURL: `${endpoint}/rollout/${rollout.rollout_id}/attempt/${rollout.attempt.attempt_id}/v1`,
      apiKey: 'x',
      maxRetries: 0,
    });
    const answer = await client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Echo: Hi');
    const spans = (await store.querySpans(rollout.rollout_id)).items;
    expect(spans.map((s) => s.name)).toContain('raw_gen_ai_request');
    io.stop();
    expect(await exit).toBe(0);
  });

  it('exits 2 with one line for --upstream without --model, and 1 when the store is unreachable', async () => {
    const io = testIo();
    expect(await runCli(['node', 'agl', 'proxy', '--upstream', 'http://127.0.0.1:1/v1'], io)).toBe(
      2,
    );
    expect(io.lines).toEqual(['agl proxy: --upstream needs --model (the name agents use)']);
    const io2 = testIo();
    const code = await runCli(
      [
        'node',
        'agl',
        'proxy',
        '--model',
        'm',
        '--upstream',
        'http://127.0.0.1:1/v1',
        '--store-url',
        'http://127.0.0.1:1',
      ],
      io2,
    );
    expect(code).toBe(1);
    expect(io2.lines).toHaveLength(1);
    expect(io2.lines[0]).toMatch(/^agl proxy: cannot reach the store at http:\/\/127\.0\.0\.1:1: /);
  });

  it('lists every flag with --help', async () => {
    const io = testIo();
    expect(await runCli(['node', 'agl', 'proxy', '--help'], io)).toBe(0);
    const help = io.lines.join('\n');
    for (const flag of [
      '--host',
      '--port',
      '--store-url',
      '--no-record',
      '--model',
      '--upstream',
      '--key',
      '--admin-key',
      '--preset',
      '--max-attempts',
      '--timeout',
      '--record-mode',
      '--publish',
      '--log-level',
      '--tracker',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('default: "127.0.0.1"');
  });

  it('serves without a store with --no-record, and --preset v1 requests log-probs and temperatures', async () => {
    const fake = await fakeUpstream();
    const { io, exit, endpoint } = await startedProxy(
      '--no-record',
      '--model',
      'fake/toy-1',
      '--upstream',
      fake.url,
      '--preset',
      'v1',
    );
    const res = await fetch(`${endpoint}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'anything', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'fake/toy-1', return_token_ids: true });
    io.stop();
    expect(await exit).toBe(0);
  });
});

describe('agl proxy --tracker', () => {
  it('serves Prometheus metrics at /metrics and the readiness of store and upstreams', async () => {
    const fake = await fakeUpstream();
    const { url, store } = await storeServer();
    const { io, exit, endpoint } = await startedProxy(
      '--model',
      'fake/toy-1',
      '--upstream',
      fake.url,
      '--store-url',
      url,
      '--tracker',
      'prometheus',
    );
    await io.waitForLine(/^Metrics trackers enabled: prometheus/);
    const rollout = await store.startRollout({ q: 1 });
    const res = await fetch(
      `${endpoint}/rollout/${rollout.rollout_id}/attempt/${rollout.attempt.attempt_id}/v1/chat/completions`,
      {
        method: 'POST',
        body: JSON.stringify({ model: 'fake/toy-1', messages: [{ role: 'user', content: 'Hi' }] }),
      },
    );
    expect(res.status).toBe(200);
    const text = await (await fetch(`${endpoint}/metrics`)).text();
    expect(text).toMatch(
      /agl_http_total\{path="\/rollout\/\{rollout_id\}\/attempt\/\{attempt_id\}\/v1\/chat\/completions",method="POST",status="200"\} 1/,
    );
    expect(text).toMatch(/agl_proxy_calls_total\{[^}]*outcome="ok"\} 1/);
    expect(text).toMatch(/agl_proxy_records_total\{result="written"\} 1/);
    const ready = await fetch(`${endpoint}/proxy/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', store: { status: 'ok' } });
    io.stop();
    expect(await exit).toBe(0);
  });
});

describe('agl proxy --config', () => {
  it('reads model_list, retries, the master key and the agentlightning section; explicit flags win', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const fake = await fakeUpstream();
    const dir = await mkdtemp(join(tmpdir(), 'agl-proxy-'));
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({
        model_list: [
          {
            model_name: 'toy',
            litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: fake.url },
          },
        ],
        litellm_settings: { num_retries: 0 },
        general_settings: { master_key: 'sk-master' },
        agentlightning: {
          record: false,
          rewrite: { return_token_ids: 'never' },
          response_shape: 'upstream',
        },
      }),
    );
    const { io, exit, endpoint } = await startedProxy(
      '--config',
      file,
      '--return-token-ids',
      'always',
    );
    const body = JSON.stringify({ model: 'toy', messages: [{ role: 'user', content: 'Hi' }] });
    expect((await fetch(`${endpoint}/v1/chat/completions`, { method: 'POST', body })).status).toBe(
      401,
    );
    fake.enqueue({ status: 503 });
    const res = await fetch(`${endpoint}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-master' },
      body,
    });
    expect(res.status).toBe(503);
    expect(fake.requests).toHaveLength(1);
    const ok = await fetch(`${endpoint}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-master' },
      body,
    });
    expect(ok.status).toBe(200);
    expect(fake.requests[1]?.body).toMatchObject({ return_token_ids: true });
    io.stop();
    expect(await exit).toBe(0);
  });
});
