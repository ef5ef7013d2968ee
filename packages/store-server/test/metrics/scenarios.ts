import { type Clock, type LightningStore, type ManualClock, silentLogger } from '@agl/store-core';
import { expect } from 'vitest';
import { LightningStoreServer } from '../../src/server';
import { httpCall, makeSpan } from '../helpers';

/**
 * Starts a server over `store` on a free port with the Prometheus tracker on,
 * as `agl store --tracker prometheus` runs it.
 *
 * @param store - the backend
 * @param clock - the server's clock, for tests that move the store's
 */
export async function startMetricsServer(
  store: LightningStore,
  clock?: Clock,
): Promise<LightningStoreServer> {
  const server = new LightningStoreServer({
    store,
    port: 0,
    logger: silentLogger,
    trackers: ['prometheus'],
    ...(clock ? { clock } : {}),
  });
  await server.start();
  return server;
}

/**
 * The value of one sample of a Prometheus text exposition (0 when absent).
 *
 * @param text - the exposition
 * @param name - the metric name
 * @param labels - the sample's labels, in the order the registry prints them
 */
export function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const entries = Object.entries(labels);
  const key =
    entries.length === 0
      ? name
      : `${name}{${entries.map(([label, value]) => `${label}="${value}"`).join(',')}}`;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${key} `)) return Number(line.slice(key.length + 1));
  }
  return 0;
}

/**
 * Scrapes `/metrics` of a running server.
 *
 * @param base - the server root
 */
export async function scrape(base: string): Promise<string> {
  const reply = await httpCall(base, 'GET', '/metrics');
  expect(reply.status).toBe(200);
  return reply.text;
}

/** The watchdog counters of an exposition, by name and reason. */
export function watchdogCounters(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['agl_watchdog_attempts_ended_total', 'agl_watchdog_requeues_total'])
    for (const reason of ['timeout', 'unresponsive', 'stranded_claim'])
      out[`${name}{${reason}}`] = sampleOf(text, name, { reason });
  return out;
}

/**
 * Drives three watchdog actions through the HTTP API of a server whose store
 * runs on `clock` with a 60-second claim timeout and scans before every
 * operation: a rollout that times out and may retry (requeued), one that goes
 * silent with no retry left (failed, not requeued), and a claim whose answer
 * was lost (requeued although its config sets no limit).
 *
 * @param base - the server root
 * @param clock - the store's clock
 * @returns the ids of the three rollouts, in that order
 */
export async function driveWatchdog(base: string, clock: ManualClock): Promise<string[]> {
  const enqueued = await httpCall(base, 'POST', '/v1/agl/queues/rollouts/enqueue', {
    json: {
      rollouts: [
        {
          input: 'times out',
          config: { timeout_seconds: 10, max_attempts: 2, retry_condition: ['timeout'] },
        },
        { input: 'goes silent', config: { unresponsive_seconds: 10 } },
        { input: 'lost claim' },
      ],
    },
  });
  expect(enqueued.status).toBe(201);
  const ids = (enqueued.body as { rollout_id: string }[]).map((rollout) => rollout.rollout_id);
  const claimed = await httpCall(base, 'POST', '/v1/agl/queues/rollouts/dequeue', {
    json: { limit: 3, worker_id: 'metrics-worker' },
  });
  expect((claimed.body as unknown[]).length).toBe(3);
  // Past both limits but not the claim timeout: the next operation scans.
  clock.advance(11);
  expect((await httpCall(base, 'GET', '/v1/agl/rollouts')).status).toBe(200);
  // Past the claim timeout of the third claim, which never had a heartbeat.
  clock.advance(50);
  expect((await httpCall(base, 'GET', '/v1/agl/rollouts')).status).toBe(200);
  const statuses = [];
  for (const id of ids)
    statuses.push((await httpCall(base, 'GET', `/v1/agl/rollouts/${id}`)).body.status);
  expect(statuses).toEqual(['requeuing', 'failed', 'requeuing']);
  return ids;
}

/**
 * Runs `driveWatchdog` on a server whose store holds nothing yet and checks
 * what every backend must report for it: the watchdog counters moved by
 * `WATCHDOG_DELTA`, and the rollouts, queue and attempts it leaves.
 *
 * @param base - the server root
 * @param clock - the store's clock
 * @returns the expositions scraped before and after
 */
export async function checkWatchdogMetrics(
  base: string,
  clock: ManualClock,
): Promise<{ before: string; after: string }> {
  const before = await scrape(base);
  await driveWatchdog(base, clock);
  const after = await scrape(base);
  expect(delta(watchdogCounters(before), watchdogCounters(after))).toEqual(WATCHDOG_DELTA);
  expect(sampleOf(after, 'agl_rollouts', { status: 'requeuing' })).toBe(2);
  expect(sampleOf(after, 'agl_rollouts', { status: 'failed' })).toBe(1);
  expect(sampleOf(after, 'agl_queue_depth')).toBe(2);
  expect(sampleOf(after, 'agl_attempts_started_total')).toBe(3);
  return { before, after };
}

/** What `driveWatchdog` adds to the watchdog counters. */
export const WATCHDOG_DELTA: Readonly<Record<string, number>> = Object.freeze({
  'agl_watchdog_attempts_ended_total{timeout}': 1,
  'agl_watchdog_attempts_ended_total{unresponsive}': 1,
  'agl_watchdog_attempts_ended_total{stranded_claim}': 1,
  'agl_watchdog_requeues_total{timeout}': 1,
  'agl_watchdog_requeues_total{unresponsive}': 0,
  'agl_watchdog_requeues_total{stranded_claim}': 1,
});

/**
 * The difference of two readings of `watchdogCounters`.
 *
 * @param before - the earlier reading
 * @param after - the later one
 */
export function delta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]),
  );
}

/**
 * Starts a rollout through the API and adds `count` spans to its attempt.
 *
 * @param base - the server root
 * @param count - spans to add
 * @returns the rollout id
 */
export async function rolloutWithSpans(base: string, count: number): Promise<string> {
  const started = await httpCall(base, 'POST', '/v1/agl/rollouts', { json: { input: 'spans' } });
  const { rollout_id: rolloutId, attempt } = started.body as {
    rollout_id: string;
    attempt: { attempt_id: string };
  };
  for (let i = 0; i < count; i++) {
    const span = makeSpan(rolloutId, attempt.attempt_id, `s${i}`, i + 1);
    expect((await httpCall(base, 'POST', '/v1/agl/spans', { json: span })).status).toBe(201);
  }
  return rolloutId;
}
