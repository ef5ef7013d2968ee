import { MetricsRegistry } from '@agl/metrics';
import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { LightningStoreServer } from '../src/server';
import { captureLogger, makeSpan, testApp } from './helpers';

describe('metrics', () => {
  const metrics = new MetricsRegistry();
  const t = testApp({ metrics });
  afterAll(() => t.close());

  it('counts requests by route template, never by concrete id', async () => {
    const started = await t.call('POST', '/v1/agl/rollouts', { json: { input: 1 } });
    const id = started.body.rollout_id as string;
    await t.call('GET', `/v1/agl/rollouts/${id}`);
    await t.call('GET', '/v1/agl/rollouts/ro-000000000000');
    await t.call('POST', '/v1/agl/rollouts', { json: [1] });
    await t.call('GET', '/v1/agl/nowhere/at/all');
    const text = (await t.call('GET', '/metrics')).text;
    expect(text).toContain(
      'agl_http_total{path="/v1/agl/rollouts/{rollout_id}",method="GET",status="200"} 2',
    );
    expect(text).toContain('agl_http_total{path="/v1/agl/rollouts",method="POST",status="201"} 1');
    expect(text).toContain('agl_http_total{path="/v1/agl/rollouts",method="POST",status="422"} 1');
    expect(text).toContain('agl_http_total{path="unmatched",method="GET",status="404"} 1');
    expect(text).not.toContain(id);
    expect(text).toContain('agl_http_latency_bucket{le="0.001"');
  });

  it('serves the same text at the reference path and under the API prefix', async () => {
    for (const path of ['/v1/prometheus/', '/v1/agl/prometheus/', '/metrics']) {
      const reply = await t.call('GET', path);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(reply.text).toContain('# TYPE agl_http_total counter');
    }
  });

  it('has store gauges and counters: rollouts by status, queue depth, attempts, spans', async () => {
    const queued = await t.store.enqueueManyRollouts([{ input: 1 }, { input: 2 }]);
    const claimed = await t.call('POST', '/v1/agl/queues/rollouts/dequeue', { json: { limit: 1 } });
    const [rollout] = claimed.body as { rollout_id: string; attempt: { attempt_id: string } }[];
    await t.call('POST', '/v1/agl/spans', {
      json: makeSpan(rollout?.rollout_id as string, rollout?.attempt.attempt_id as string, 'aa'),
    });
    await t.call(
      'POST',
      `/v1/agl/rollouts/${rollout?.rollout_id}/attempts/${rollout?.attempt.attempt_id}`,
      {
        json: { status: 'failed' },
      },
    );
    const text = (await t.call('GET', '/metrics')).text;
    expect(queued).toHaveLength(2);
    expect(text).toContain('agl_queue_depth 1');
    expect(text).toContain('agl_rollouts{status="queuing"} 1');
    expect(text).toContain('agl_rollouts{status="failed"} 1');
    expect(text).toMatch(/agl_attempts_started_total 2/);
    expect(text).toContain('agl_attempts_failed_total{status="failed"} 1');
    expect(text).toContain('agl_spans_ingested_total 1');
    expect(text).toMatch(/agl_span_bytes_ingested_total [1-9]\d+/);
    expect(text).toContain('agl_store_statistic{field="total_span_bytes"}');
    expect(text).toContain('agl_wait_room_size 0');
  });

  it('shows the waits being held in the wait room', async () => {
    const held = await t.store.startRollout({});
    const waiting = t.call('POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [held.rollout_id], timeout: 30 },
    });
    let text = '';
    while (!text.includes('agl_wait_room_size 1')) text = (await t.call('GET', '/metrics')).text;
    await t.store.updateRollout(held.rollout_id, { status: 'cancelled' });
    expect((await waiting).status).toBe(200);
    expect((await t.call('GET', '/metrics')).text).toContain('agl_wait_room_size 0');
  });
});

describe('readiness', () => {
  it('answers 200 while the store answers, 503 once it cannot', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const t = testApp({ apiKey: 'k' }, store);
    const ready = await t.call('GET', '/v1/agl/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
    const broken = { statistics: () => Promise.reject(new Error('database unreachable')) };
    const down = testApp({}, broken as unknown as LightningStore);
    const reply = await down.call('GET', '/v1/agl/ready');
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ status: 'unavailable', detail: 'database unreachable' });
    await store.close();
  });
});

describe('LightningStoreServer trackers', () => {
  it('prometheus serves the metrics; console logs a summary; none serves nothing', async () => {
    const logger = captureLogger();
    const server = new LightningStoreServer({
      store: new InMemoryLightningStore({ watchdogIntervalSeconds: null }),
      port: 0,
      logger,
      trackers: ['prometheus', 'console'],
      consoleSummaryIntervalSeconds: 0.05,
    });
    await server.start();
    await fetch(`${server.endpoint}/v1/agl/health`);
    const text = await (await fetch(`${server.endpoint}/metrics`)).text();
    expect(text).toContain('agl_http_total{path="/v1/agl/health",method="GET",status="200"} 1');
    while (!logger.lines.some((line) => line.message.startsWith('metrics: ')))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await server.stop();
    await server.store.close();

    const plain = new LightningStoreServer({
      store: new InMemoryLightningStore({ watchdogIntervalSeconds: null }),
      port: 0,
      logger: captureLogger(),
    });
    await plain.start();
    expect((await fetch(`${plain.endpoint}/metrics`)).status).toBe(404);
    await plain.stop();
    await plain.store.close();
  });
});
