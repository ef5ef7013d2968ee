import { ManualClock } from '@agl/store-core';
import { InMemoryLightningStore, type InMemoryStoreOptions } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { LightningStoreServer } from '../../src/server';
import { httpCall } from '../helpers';
import {
  checkWatchdogMetrics,
  delta,
  driveWatchdog,
  rolloutWithSpans,
  sampleOf,
  scrape,
  startMetricsServer,
  WATCHDOG_DELTA,
  watchdogCounters,
} from './scenarios';

const servers: LightningStoreServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await server.stop();
    await server.store.close();
  }
});

async function serve(options: InMemoryStoreOptions): Promise<string> {
  const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null, ...options });
  const server = await startMetricsServer(store, options.clock);
  servers.push(server);
  return server.endpoint;
}

describe('counters of the work the in-memory store does on its own', () => {
  it('counts the attempts the watchdog ends and the rollouts it requeues, by reason', async () => {
    const clock = new ManualClock(1_700_000_000);
    const base = await serve({ clock, scanDebounceSeconds: 0, claimTimeoutSeconds: 60 });
    const { before } = await checkWatchdogMetrics(base, clock);
    // Every reason is exposed from the start, at zero.
    expect(before).toContain('agl_watchdog_requeues_total{reason="stranded_claim"} 0');
  });

  it('counts eviction passes, and the rollouts, spans and bytes they drop', async () => {
    const clock = new ManualClock(1_700_000_000);
    // Every span accounts for 700 bytes: the third crosses 2000, and dropping the
    // oldest rollout's two spans brings usage back under 1000.
    const base = await serve({
      clock,
      spanSizeEstimator: () => 700,
      evictionThresholdBytes: 2000,
      safeThresholdBytes: 1000,
    });
    const before = await scrape(base);
    expect(sampleOf(before, 'agl_evictions_total')).toBe(0);
    const oldest = await rolloutWithSpans(base, 2);
    clock.advance(1);
    expect(sampleOf(await scrape(base), 'agl_evictions_total')).toBe(0);
    const newest = await rolloutWithSpans(base, 1);
    const after = await scrape(base);
    expect(sampleOf(after, 'agl_evictions_total')).toBe(1);
    expect(sampleOf(after, 'agl_evicted_rollouts_total')).toBe(1);
    expect(sampleOf(after, 'agl_evicted_spans_total')).toBe(2);
    expect(sampleOf(after, 'agl_evicted_span_bytes_total')).toBe(1400);
    expect(sampleOf(after, 'agl_store_statistic', { field: 'total_span_bytes' })).toBe(700);
    expect(sampleOf(after, 'agl_spans_ingested_total')).toBe(3);
    // The evicted rollout's spans are gone; the newest keeps its own.
    const gone = await httpCall(base, 'GET', `/v1/agl/spans?rollout_id=${oldest}`);
    expect(gone.status).toBeGreaterThanOrEqual(400);
    const kept = await httpCall(base, 'GET', `/v1/agl/spans?rollout_id=${newest}`);
    expect(kept.body.total).toBe(1);
  });

  it('each server over one store counts its work in its own registry, until it stops', async () => {
    const clock = new ManualClock(1_700_000_000);
    const store = new InMemoryLightningStore({
      clock,
      scanDebounceSeconds: 0,
      claimTimeoutSeconds: 60,
      watchdogIntervalSeconds: null,
    });
    const first = await startMetricsServer(store, clock);
    const second = await startMetricsServer(store, clock);
    servers.push(second);
    await driveWatchdog(second.endpoint, clock);
    // Both registries saw the same work once each.
    for (const server of [first, second])
      expect(delta({}, watchdogCounters(await scrape(server.endpoint)))).toEqual(WATCHDOG_DELTA);
    // A stopped server no longer observes the store: only the running one counts.
    await first.stop();
    // The two requeued rollouts claimed again, and their claims lost too.
    const again = await httpCall(second.endpoint, 'POST', '/v1/agl/queues/rollouts/dequeue', {
      json: { limit: 10 },
    });
    expect(again.body).toHaveLength(2);
    clock.advance(61);
    expect((await httpCall(second.endpoint, 'GET', '/v1/agl/rollouts')).status).toBe(200);
    // The one with a timeout times out on its last attempt (failed); the other is
    // a lost claim again (requeued).
    const running = watchdogCounters(await scrape(second.endpoint));
    expect(delta(WATCHDOG_DELTA, running)).toEqual({
      ...Object.fromEntries(Object.keys(WATCHDOG_DELTA).map((key) => [key, 0])),
      'agl_watchdog_attempts_ended_total{timeout}': 1,
      'agl_watchdog_attempts_ended_total{stranded_claim}': 1,
      'agl_watchdog_requeues_total{stranded_claim}': 1,
    });
    const stopped = watchdogCounters((await first.metrics?.text()) ?? '');
    expect(delta({}, stopped)).toEqual(WATCHDOG_DELTA);
  });
});
