import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, startedStore, startedStoreWith } from './helpers/agl';

// `agl store` flags for operators: the access key and the metrics trackers.
afterEach(killLeftovers);

describe('agl store --api-key', () => {
  it('requires the key on every route but health', async () => {
    const { base } = await startedStore('--api-key', 'k-1');
    expect((await fetch(`${base}/v1/agl/health`)).status).toBe(200);
    expect((await fetch(`${base}/v1/agl/statistics`)).status).toBe(401);
    const served = await fetch(`${base}/v1/agl/statistics`, { headers: { 'x-api-key': 'k-1' } });
    expect(served.status).toBe(200);
  }, 60_000);

  it('takes the key from AGL_STORE_API_KEY', async () => {
    const { base } = await startedStoreWith({ env: { AGL_STORE_API_KEY: 'k-2' } });
    expect((await fetch(`${base}/v1/agl/statistics`)).status).toBe(401);
    const served = await fetch(`${base}/v1/agl/statistics`, {
      headers: { authorization: 'Bearer k-2' },
    });
    expect(served.status).toBe(200);
  }, 60_000);
});

describe('agl store --tracker', () => {
  it('prometheus serves the HTTP metrics at the reference path and /metrics', async () => {
    const { base, run } = await startedStore('--tracker', 'prometheus');
    await fetch(`${base}/v1/agl/health`);
    for (const path of ['/v1/prometheus/', '/metrics']) {
      const text = await (await fetch(`${base}${path}`)).text();
      expect(text).toContain('agl_http_total{path="/v1/agl/health",method="GET",status="200"}');
      expect(text).toContain('agl_queue_depth 0');
    }
    expect(run.stderr()).toContain('Metrics trackers enabled: prometheus');
  }, 60_000);
});

describe('agl store --claim-timeout-seconds', () => {
  it('requeues a claim that never had a heartbeat', async () => {
    const { base } = await startedStore(
      '--claim-timeout-seconds',
      '1',
      '--watchdog-interval-seconds',
      '0.5',
      '--scan-debounce-seconds',
      '0',
    );
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<{ rollout_id: string; status: string }[]>);
    const [queued] = await post('/v1/agl/queues/rollouts/enqueue', { rollouts: [{ input: 1 }] });
    await post('/v1/agl/queues/rollouts/dequeue', { limit: 1 });
    let status = 'preparing';
    while (status !== 'requeuing') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const read = await fetch(`${base}/v1/agl/rollouts/${queued?.rollout_id}`);
      status = ((await read.json()) as { status: string }).status;
    }
    expect(status).toBe('requeuing');
  }, 60_000);
});
