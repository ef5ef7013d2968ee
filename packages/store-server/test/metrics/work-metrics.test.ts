import { ManualClock, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore, type InMemoryStoreOptions } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { LightningStoreServer } from '../../src/server';
import { httpCall } from '../helpers';
import {
  delta,
  driveWatchdog,
  rolloutWithSpans,
  sampleOf,
  scrape,
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
  const server = new LightningStoreServer({
    store: new InMemoryLightningStore({ watchdogIntervalSeconds: null, ...options }),
    port: 0,
    logger: silentLogger,
    trackers: ['prometheus'],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  servers.push(server);
  await server.start();
  return server.endpoint;
}

describe('counters of the work the in-memory store does on its own', () => {
  it('counts the attempts the watchdog ends and the rollouts it requeues, by reason', async () => {
    const clock = new ManualClock(1_700_000_000);
    const base = await serve({ clock, scanDebounceSeconds: 0, claimTimeoutSeconds: 60 });
    const before = await scrape(base);
    // Every reason is exposed from the start, at zero.
    expect(before).toContain('agl_watchdog_requeues_total{reason="stranded_claim"} 0');
    await driveWatchdog(base, clock);
    const after = await scrape(base);
    expect(delta(watchdogCounters(before), watchdogCounters(after))).toEqual(WATCHDOG_DELTA);
    expect(sampleOf(after, 'agl_rollouts', { status: 'requeuing' })).toBe(2);
    expect(sampleOf(after, 'agl_rollouts', { status: 'failed' })).toBe(1);
    expect(sampleOf(after, 'agl_queue_depth')).toBe(2);
    expect(sampleOf(after, 'agl_attempts_started_total')).toBe(3);
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
    const first = new LightningStoreServer({
      store,
      port: 0,
      logger: silentLogger,
      trackers: ['prometheus'],
      clock,
    });
    const second = new LightningStoreServer({
      store,
      port: 0,
      logger: silentLogger,
      trackers: ['prometheus'],
      clock,
    });
    servers.push(second);
    await first.start();
    await second.start();
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
