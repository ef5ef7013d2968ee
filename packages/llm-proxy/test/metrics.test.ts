import { MetricsRegistry } from '@agl/metrics';
import { InvalidArgumentError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmProxy } from '../src/index.js';
import { routeTemplate } from '../src/metrics.js';
import { type Rig, rig } from './helpers.js';

let r: Rig;
afterEach(() => r?.close());

/** The value of one sample of the Prometheus text whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

const scrape = async (): Promise<string> => {
  const res = await fetch(`${r.proxy.accessEndpoint}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

describe('gateway metrics', () => {
  it('serves HTTP metrics by route template and gateway metrics by model, upstream and outcome', async () => {
    r = await rig({ metrics: new MetricsRegistry(), numRetries: 1 });
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: '[[say:Hi]]' }],
    });
    const stream = await r.client.chat.completions.create({
      model: 'toy',
      stream: true,
      messages: [{ role: 'user', content: '[[say:Hey]]' }],
    });
    for await (const _ of stream) {
      // drain
    }
    await expect(
      r.client.chat.completions.create({
        model: 'toy',
        messages: [{ role: 'user', content: '[[status:503]]' }],
      }),
    ).rejects.toMatchObject({ status: 503 });
    await fetch(`${r.proxy.accessEndpoint}/no/such/route`);
    await fetch(`${r.proxy.accessEndpoint}/proxy/pause`, { method: 'POST', body: '{}' });

    const text = await scrape();
    const chat = '/rollout/{rollout_id}/attempt/{attempt_id}/chat/completions';
    expect(sample(text, 'agl_http_total', { path: chat, method: 'POST', status: '200' })).toBe(2);
    expect(sample(text, 'agl_http_total', { path: chat, method: 'POST', status: '503' })).toBe(1);
    expect(sample(text, 'agl_http_total', { path: 'unmatched', status: '404' })).toBe(1);
    expect(sample(text, 'agl_http_latency_count', { path: chat, status: '200' })).toBe(2);
    const where = { model: 'toy', upstream: r.fake.url, route: 'chat' };
    expect(sample(text, 'agl_proxy_calls_total', { ...where, outcome: 'ok' })).toBe(2);
    expect(sample(text, 'agl_proxy_calls_total', { ...where, outcome: 'UpstreamHTTPError' })).toBe(
      1,
    );
    expect(sample(text, 'agl_proxy_upstream_retries_total', { model: 'toy' })).toBe(1);
    expect(sample(text, 'agl_proxy_upstream_latency_count', { outcome: 'ok' })).toBe(2);
    expect(sample(text, 'agl_proxy_streams_total', { mode: 'passthrough' })).toBe(1);
    expect(sample(text, 'agl_proxy_records_total', { result: 'written' })).toBe(3);
    expect(sample(text, 'agl_proxy_inflight')).toBe(0);
    expect(sample(text, 'agl_proxy_streams_active')).toBe(0);
    expect(sample(text, 'agl_proxy_records_pending')).toBe(0);
    expect(sample(text, 'agl_proxy_paused')).toBe(1);
  });

  it('counts records the store refuses as failed', async () => {
    r = await rig({ metrics: new MetricsRegistry(), validateAttribution: false });
    const base = `${r.proxy.accessEndpoint}/rollout/ro-unknown/attempt/at-unknown`;
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'toy', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(sample(await scrape(), 'agl_proxy_records_total', { result: 'failed' })).toBe(1);
  });

  it('serves no metrics route without a registry, or with exposeMetrics false', async () => {
    r = await rig();
    expect((await fetch(`${r.proxy.accessEndpoint}/metrics`)).status).toBe(404);
    await r.close();
    r = await rig({ metrics: new MetricsRegistry(), exposeMetrics: false });
    expect((await fetch(`${r.proxy.accessEndpoint}/metrics`)).status).toBe(404);
  });

  it('asks for the admin key on the metrics route when one is set', async () => {
    r = await rig({ metrics: new MetricsRegistry(), adminKey: 'admin' });
    expect((await fetch(`${r.proxy.accessEndpoint}/metrics`)).status).toBe(401);
    const res = await fetch(`${r.proxy.accessEndpoint}/metrics`, {
      headers: { authorization: 'Bearer admin' },
    });
    expect(res.status).toBe(200);
  });

  it('trackers: prometheus serves the registry, console logs a summary while running', async () => {
    const lines: string[] = [];
    const logger = {
      debug: () => {},
      info: (line: string) => lines.push(line),
      warn: () => {},
      error: () => {},
    };
    r = await rig({ trackers: ['console'], consoleSummaryIntervalSeconds: 0.05, logger });
    expect(r.proxy.metrics).not.toBeNull();
    expect((await fetch(`${r.proxy.accessEndpoint}/metrics`)).status).toBe(404);
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await expect
      .poll(() =>
        lines.find((l) => l.startsWith('metrics: ') && l.includes('agl_proxy_calls_total=1')),
      )
      .toBeTruthy();
    await r.close();
    r = await rig({ trackers: ['prometheus'] });
    expect(sample(await scrape(), 'agl_proxy_paused')).toBe(0);
    expect(() => new LlmProxy({ trackers: ['statsd' as never] })).toThrow(InvalidArgumentError);
  });

  it('lets gateways share a registry, adding up their counters', async () => {
    const metrics = new MetricsRegistry();
    r = await rig({ metrics });
    const second = new LlmProxy({ metrics, record: false });
    expect(second.metrics).toBe(metrics);
    await r.client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(sample(await scrape(), 'agl_proxy_calls_total', { outcome: 'ok' })).toBe(1);
  });

  it('names routes by template', () => {
    expect(routeTemplate('POST', '/rollout/ro-1/attempt/at-1/v1/chat/completions/')).toBe(
      '/rollout/{rollout_id}/attempt/{attempt_id}/v1/chat/completions',
    );
    expect(
      routeTemplate('POST', '/proxy/rollout/ro-1/attempt/at-1/mode/train/openai/v1/completions'),
    ).toBe('/proxy/rollout/{rollout_id}/attempt/{attempt_id}/mode/{mode}/openai/v1/completions');
    expect(routeTemplate('GET', '/v1/models/some-model')).toBe('/v1/models/{model}');
    expect(routeTemplate('GET', '/health')).toBe('/health');
    expect(routeTemplate('GET', '/proxy/state')).toBe('/proxy/state');
    expect(routeTemplate('GET', '/rollout/ro-1/attempt/at-1/nothing')).toBe('unmatched');
  });
});

describe('GET /proxy/ready', () => {
  it('is ready when the store answers and every model group has a reachable upstream', async () => {
    r = await rig();
    const res = await fetch(`${r.proxy.accessEndpoint}/proxy/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      store: { status: 'ok' },
      upstreams: [{ model: 'toy', endpoint: r.fake.url, reachable: true, status: 200 }],
    });
  });

  it('answers 503 naming the upstream that cannot be reached', async () => {
    r = await rig();
    await r.fake.close();
    const res = await fetch(`${r.proxy.accessEndpoint}/proxy/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      upstreams: Array<{ reachable: boolean; error?: string }>;
    };
    expect(body.status).toBe('unavailable');
    expect(body.upstreams[0]?.reachable).toBe(false);
    expect(body.upstreams[0]?.error).toBeTruthy();
  });

  it('answers 503 when the store fails, and does not need one when nothing is recorded', async () => {
    r = await rig();
    await r.store.close();
    r.proxy.setStore({
      ...r.store,
      queryRollouts: () => Promise.reject(new Error('store is down')),
    } as never);
    const res = await fetch(`${r.proxy.accessEndpoint}/proxy/ready`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { store: unknown }).store).toEqual({
      status: 'unavailable',
      error: 'store is down',
    });
    await r.close();
    r = await rig({ record: false });
    const bare = await fetch(`${r.proxy.accessEndpoint}/proxy/ready`);
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as { store: unknown }).store).toEqual({ status: 'not used' });
  });
});
