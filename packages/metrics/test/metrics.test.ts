import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_SECONDS, MetricsRegistry, startConsoleSummary, summarise } from '../src';

describe('MetricsRegistry', () => {
  it('counts HTTP requests and their latency by path template, method and status', async () => {
    const metrics = new MetricsRegistry();
    metrics.observeHttp('/v1/agl/rollouts/{rollout_id}', 'GET', '200', 0.004);
    metrics.observeHttp('/v1/agl/rollouts/{rollout_id}', 'GET', '200', 0.02);
    metrics.observeHttp('/v1/agl/rollouts', 'POST', '422', 0.001);
    const text = await metrics.text();
    expect(text).toContain(
      'agl_http_total{path="/v1/agl/rollouts/{rollout_id}",method="GET",status="200"} 2',
    );
    expect(text).toContain('agl_http_total{path="/v1/agl/rollouts",method="POST",status="422"} 1');
    expect(text).toContain(
      'agl_http_latency_bucket{le="0.005",path="/v1/agl/rollouts/{rollout_id}",method="GET",status="200"} 1',
    );
    expect(text).toContain(
      'agl_http_latency_count{path="/v1/agl/rollouts/{rollout_id}",method="GET",status="200"} 2',
    );
    expect(LATENCY_BUCKETS_SECONDS).toHaveLength(44);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('reads collected gauges at scrape time and skips a failing reader', async () => {
    const metrics = new MetricsRegistry();
    let depth = 3;
    metrics.collectedGauge({
      name: 'agl_queue_depth',
      help: 'queued',
      collect: () => [{ value: depth }],
    });
    metrics.collectedGauge({
      name: 'agl_rollouts',
      help: 'by status',
      labelNames: ['status'],
      collect: async () => [{ labels: { status: 'queuing' }, value: 2 }],
    });
    metrics.collectedGauge({
      name: 'agl_broken',
      help: 'fails',
      collect: () => {
        throw new Error('down');
      },
    });
    expect(await metrics.text()).toContain('agl_queue_depth 3');
    depth = 5;
    const text = await metrics.text();
    expect(text).toContain('agl_queue_depth 5');
    expect(text).toContain('agl_rollouts{status="queuing"} 2');
    metrics.counter('agl_spans_ingested_total', 'spans').inc(4);
    expect(await metrics.text()).toContain('agl_spans_ingested_total 4');
    const response = await metrics.response();
    expect(await response.text()).toContain('agl_queue_depth 5');
  });

  it('sums everything up in one console line', async () => {
    const metrics = new MetricsRegistry();
    metrics.observeHttp('/x', 'GET', '200', 0.01);
    metrics.observeHttp('/x', 'GET', '200', 0.03);
    metrics.collectedGauge({
      name: 'agl_store_statistic',
      help: 'unlike fields',
      labelNames: ['field'],
      collect: () => [
        { labels: { field: 'total_rollouts' }, value: 3 },
        { labels: { field: 'uptime' }, value: 12.3456789 },
      ],
    });
    metrics.collectedGauge({
      name: 'agl_queue_depth',
      help: 'depth',
      collect: () => [{ value: 4 }],
    });
    metrics.counter('agl_requeues_total', 'requeues', ['reason']).inc({ reason: 'timeout' }, 2);
    metrics.counter('agl_requeues_total', 'requeues', ['reason']).inc({ reason: 'claim' }, 1);
    const line = await summarise(metrics);
    expect(line).toContain('agl_http_total=2');
    // Labelled gauges show each sample (their sum would mean nothing), counters their total.
    expect(line).toContain('agl_store_statistic{total_rollouts=3 uptime=12.346}');
    expect(line).toContain('agl_queue_depth=4');
    expect(line).toContain('agl_requeues_total=3');
    expect(line).toContain('agl_http_latency n=2 mean=20.00ms');
    const lines: string[] = [];
    const logger = {
      debug: () => undefined,
      info: (message: string) => lines.push(message),
      warn: () => undefined,
      error: () => undefined,
    };
    const stop = startConsoleSummary(metrics, { logger, intervalSeconds: 0.01 });
    while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    expect(lines[0]).toMatch(/^metrics: .*agl_http_total=2/);
  });
});
